// Real Docker for integration tests: images built FROM scratch from local files, and checks
// that a run left nothing behind.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import Docker from 'dockerode';
import { RUN_LABEL } from '../../src/docker/labels.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const docker = new Docker();
export const TEST_LABEL = 'startup-sla.test';

/** The demo inference server (static C binary + weights) as a local image. */
export function buildDemoImage(tag: string, weightsMiB = 4): string {
  execFileSync('bash', [resolve(ROOT, 'scripts/build-demo-image.sh'), tag, String(weightsMiB), `${TEST_LABEL}=itg`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return tag;
}

export async function removeImage(tag: string): Promise<void> {
  await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
}

/**
 * The images the action built for a target and kept (keep-image): a rebuild under the same tag
 * leaves the earlier one untagged, so removing the tag alone leaves them behind.
 */
export async function removeKeptImages(targetId: string): Promise<void> {
  const images = await docker.listImages({ all: true, filters: { label: [`startup-sla.target=${targetId}`, 'startup-sla.keep=true'] } });
  for (const i of images) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
}

export async function containersOfRun(runId: string): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  return list.map((c) => c.Id);
}
