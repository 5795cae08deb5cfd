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
  const kept = images.filter((img) => img.Labels?.[KEEP_LABEL] === 'true');
  for (const img of images.filter((i) => !kept.includes(i))) {
    await docker.getImage(img.Id).remove({ force: true }).catch(ignoreGone);
  }
  return { containers: containers.map((c) => c.Id), images: images.filter((i) => !kept.includes(i)).map((i) => i.Id), kept: kept.map((i) => i.Id) };
}

function ignoreGone(e: unknown): void {
  // Already gone (removed by the start itself, or a removal in progress): that is the goal.
  if (statusOf(e) === 404 || statusOf(e) === 409) return;
  throw e;
}
