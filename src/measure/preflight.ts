// Checks made once per target before any timed start, so a mistake is one clear line up front
// rather than a timeout per start.
import type { HealthCheck } from '../config/health-check.ts';
import { formatHealthCheck } from '../config/health-check.ts';
import type { LocalImage } from '../image/inspect.ts';
import { ConfigError } from '../util/errors.ts';

/** The health check must be one this image can answer. */
export function checkHealthAgainstImage(hc: HealthCheck, image: LocalImage): void {
  const where = `Input "health-check" has value "${formatHealthCheck(hc)}"`;
  if (hc.kind === 'docker' && !image.hasHealthcheck) {
    throw new ConfigError(`${where}: image ${image.facts.reference} has no HEALTHCHECK; add one to its Dockerfile or use http:, tcp: or log:`);
  }
  if ((hc.kind === 'http' || hc.kind === 'tcp') && image.exposedPorts.length > 0 && !image.exposedPorts.includes(`${hc.port}/tcp`)) {
    throw new ConfigError(`${where}: image ${image.facts.reference} does not expose port ${hc.port}/tcp (it exposes ${image.exposedPorts.join(', ')})`);
  }
}
