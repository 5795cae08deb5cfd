// Facts about a local image. Never pulls: a hot start is defined with the image already on
// the machine, and a silent pull would measure the registry instead.
import type { DockerClient } from '../docker/client.ts';
import { Images } from '../docker/images.ts';
import type { ImageFacts } from '../model.ts';
import { ConfigError } from '../util/errors.ts';

export interface LocalImage {
  facts: ImageFacts;
  exposedPorts: string[];
  hasHealthcheck: boolean;
  /** The image's own Env, so GPU wiring extends LD_LIBRARY_PATH instead of replacing it. */
  env: string[];
}

export async function inspectLocalImage(docker: DockerClient, reference: string, input = 'image'): Promise<LocalImage> {
  const info = await new Images(docker).inspect(reference);
  if (info === undefined) {
    throw new ConfigError(
      `Input "${input}" has value "${reference}": no such image on this Docker host; startup-sla never pulls (a pull is not a hot start): build it in an earlier step, set "dockerfile", or load it first`,
    );
  }
  const test = info.Config?.Healthcheck?.Test ?? [];
  const facts: ImageFacts = { reference, id: info.Id, sizeBytes: info.Size, layers: info.RootFS?.Layers?.length ?? 0 };
  if (info.Created) facts.created = info.Created;
  return {
    facts,
    exposedPorts: Object.keys(info.Config?.ExposedPorts ?? {}),
    hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
    env: info.Config?.Env ?? [],
  };
}
