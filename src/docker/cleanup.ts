// Removes what one run created, found by its label: never anything else on the daemon.
import type Docker from 'dockerode';
import { RUN_LABEL } from './labels.ts';
import { statusOf } from './client.ts';

export interface Removed {
  containers: string[];
  images: string[];
}

export async function removeRunResources(docker: Docker, runId: string): Promise<Removed> {
  const filter = { label: [`${RUN_LABEL}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters: filter });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreGone)));
  const images = await docker.listImages({ all: true, filters: filter });
  for (const img of images) {
    await docker.getImage(img.Id).remove({ force: true }).catch(ignoreGone);
  }
  return { containers: containers.map((c) => c.Id), images: images.map((i) => i.Id) };
}

function ignoreGone(e: unknown): void {
  // Already gone (removed by the start itself, or a removal in progress): that is the goal.
  if (statusOf(e) === 404 || statusOf(e) === 409) return;
  throw e;
}
