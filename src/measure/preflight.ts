// Checks made once per target before any timed start, so a mistake is one clear line up front
// rather than a timeout per start.
import type { DockerEndpoint } from '../docker/client.ts';
import { statusOf } from '../docker/client.ts';
import type { HealthCheck } from '../config/health-check.ts';
import { formatHealthCheck } from '../config/health-check.ts';
import type { ImageFacts } from '../model.ts';
import { ConfigError } from '../util/errors.ts';

export interface ImageCheck {
  facts: ImageFacts;
  exposedPorts: string[];
  hasHealthcheck: boolean;
}

export async function inspectImage(endpoint: DockerEndpoint, reference: string, input = 'image'): Promise<ImageCheck> {
  let info;
  try {
    info = await endpoint.docker.getImage(reference).inspect();
  } catch (e: unknown) {
    if (statusOf(e) === 404) {
      throw new ConfigError(
        `Input "${input}" has value "${reference}": no such image on the daemon at ${endpoint.description}; startup-sla never pulls (a pull is not a hot start): build or load it first, or set "dockerfile"`,
      );
    }
    throw e;
  }
  const test = info.Config?.Healthcheck?.Test ?? [];
  return {
    facts: {
      reference,
      id: info.Id,
      sizeBytes: info.Size,
      layers: info.RootFS?.Layers?.length ?? 0,
      created: info.Created,
    },
    exposedPorts: Object.keys(info.Config?.ExposedPorts ?? {}),
    hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
  };
}

/** The health check must be one this image can answer. */
export function checkHealthAgainstImage(hc: HealthCheck, image: ImageCheck): void {
  const where = `Input "health-check" has value "${formatHealthCheck(hc)}"`;
  if (hc.kind === 'docker' && !image.hasHealthcheck) {
    throw new ConfigError(`${where}: image ${image.facts.reference} has no HEALTHCHECK; add one to its Dockerfile or use http:, tcp: or log:`);
  }
  if ((hc.kind === 'http' || hc.kind === 'tcp') && image.exposedPorts.length > 0 && !image.exposedPorts.includes(`${hc.port}/tcp`)) {
    throw new ConfigError(`${where}: image ${image.facts.reference} does not expose port ${hc.port}/tcp (it exposes ${image.exposedPorts.join(', ')})`);
  }
}
