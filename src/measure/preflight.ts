// Checks made once per target before any timed start, so a mistake is one clear line up front
// rather than a timeout per start.
import type { HealthCheck } from '../config/health-check.ts';
import { formatHealthCheck } from '../config/health-check.ts';
import type { LocalImage } from '../image/inspect.ts';
import { ConfigError } from '../util/errors.ts';
import { readinessFor } from './readiness/index.ts';

/** The health check must be one this image can answer. */
export function checkHealthAgainstImage(hc: HealthCheck, image: LocalImage): void {
  const problem = readinessFor(hc).imageProblem({ reference: image.facts.reference, exposedPorts: image.exposedPorts, hasHealthcheck: image.hasHealthcheck });
  if (problem !== undefined) throw new ConfigError(`Input "health-check" has value "${formatHealthCheck(hc)}": ${problem}`);
}
