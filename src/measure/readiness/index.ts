// The readiness kinds, one per file. A new kind: its file, one line here, and its user-facing
// form in config/health-check.ts (docs/architecture.md, "How to add a readiness kind").
import type { HealthCheck } from '../../config/health-check.ts';
import { DockerHealthReadiness } from './docker.ts';
import { HttpReadiness } from './http.ts';
import { LogReadiness } from './log.ts';
import type { ReadinessStrategy } from './strategy.ts';
import { TcpReadiness } from './tcp.ts';

export type { ImageShape, ReadinessStrategy, WaitContext } from './strategy.ts';

/** A fresh strategy for one start (it holds that start's state). */
export function readinessFor(hc: HealthCheck): ReadinessStrategy {
  switch (hc.kind) {
    case 'http':
      return new HttpReadiness(hc.port, hc.path);
    case 'tcp':
      return new TcpReadiness(hc.port);
    case 'log':
      return new LogReadiness(hc.pattern);
    case 'docker':
      return new DockerHealthReadiness();
  }
}
