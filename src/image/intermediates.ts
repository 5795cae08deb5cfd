// The classic builder keeps an image per step. Those of the final stage are the built image's own
// layers; those of other stages (a multi-stage build's builder) and of a failed build are left
// dangling, unlabelled, when the build ends: they are ours, made on the way, and go right away.
// A step answered from the cache ("Using cache") and the base image of a FROM existed before,
// so they are never ours to remove.
import type { DockerClient } from '../docker/client.ts';
import { Images } from '../docker/images.ts';

/** Ids of the step images this build created, oldest first, from the builder's output lines. */
export function createdStepImages(lines: readonly string[]): string[] {
  const ids: string[] = [];
  let skipNext = false;
  for (const line of lines) {
    const step = /^Step \d+\/\d+ : (\S+)/i.exec(line);
    if (step) {
      skipNext = step[1]?.toUpperCase() === 'FROM';
      continue;
    }
    if (/^\s*---> Using cache\s*$/.test(line)) {
      skipNext = true;
      continue;
    }
    const id = /^\s*---> ([0-9a-f]{12,64})\s*$/.exec(line)?.[1];
    if (id === undefined) continue;
    if (!skipNext) ids.push(id);
    skipNext = false;
  }
  return ids;
}

/**
 * Removes the created step images that are not layers of `keep` (the built image), newest first,
 * each alone (`noprune`: an untagged parent from the cache stays). One still used by another
 * image (a concurrent build reused it) is refused by the daemon and stays.
 */
export async function removeIntermediates(docker: DockerClient, created: readonly string[], keep?: string): Promise<string[]> {
  const images = new Images(docker);
  const history = keep === undefined ? [] : await images.history(keep);
  const layers = history.map((h) => String(h.Id).replace(/^sha256:/, ''));
  const removable = created.filter((id) => !layers.some((l) => l.startsWith(id)));
  const removed: string[] = [];
  for (const id of [...removable].reverse()) {
    try {
      await images.remove(id, { noprune: true });
      removed.push(id);
    } catch {
      // In use (409) or already gone (404): either way not ours to insist on.
    }
  }
  return removed;
}
