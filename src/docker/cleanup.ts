// Removes what one run created, found by its label: never anything else on the daemon. A built
// image the user named and asked to keep (keep-image, labelled startup-sla.keep) stays.
import type Docker from 'dockerode';
import { KEEP_LABEL, RUN_LABEL } from './labels.ts';
import { statusOf } from './client.ts';

export interface Removed {
  containers: string[];
  images: string[];
  /** Images of the run left in place on purpose (keep-image). */
  kept: string[];
}

export async function removeRunResources(docker: Docker, runId: string): Promise<Removed> {
  const filter = { label: [`${RUN_LABEL}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters: filter });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreGone)));
  const images = await docker.listImages({ all: true, filters: filter });
  const kept = images.filter((img) => img.Labels?.[KEEP_LABEL] === 'true').map((i) => i.Id);
  // The classic builder adds build labels as the last steps, so the kept image's parent layers
  // carry the run label too; they are part of the kept image, not leftovers.
  const layersOfKept = new Set<string>();
  for (const id of kept) for (const h of await docker.getImage(id).history().catch(() => [])) layersOfKept.add(String((h as { Id?: string }).Id));
  const removable = images.filter((i) => !kept.includes(i.Id) && !layersOfKept.has(i.Id)).map((i) => i.Id);
  for (const id of removable) await docker.getImage(id).remove({ force: true }).catch(ignoreGone);
  return { containers: containers.map((c) => c.Id), images: removable, kept };
}

function ignoreGone(e: unknown): void {
  // Already gone (removed by the start itself, or a removal in progress): that is the goal.
  if (statusOf(e) === 404 || statusOf(e) === 409) return;
  throw e;
}
