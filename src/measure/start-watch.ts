// What one start hears while it runs: the daemon's events for its container and the lines the
// container prints. Both arrive from reader callbacks and are handled synchronously there, so
// every mark keeps the time it arrived; the readiness strategy gets its share of each.
import type { PhaseRule } from '../config/phases.ts';
import { eventWallMs, type DockerEvent } from '../docker/events.ts';
import type { Clock } from '../util/clock.ts';
import { FirstSeen } from './first-seen.ts';
import { parseStamp, type Stamp } from './log-lines.ts';
import { PhaseMatcher } from './pattern-phases.ts';
import type { ReadinessStrategy } from './readiness/index.ts';

export interface Died {
  at: number;
  exitCode: string;
}

export class StartWatch {
  /** Daemon-event times, on the runner's clock before the daemon offset. */
  createdAt: number | undefined;
  startedAt: number | undefined;
  /** This run never kills a container before its outcome: a kill is docker stop / the daemon stopping. */
  killSignal: string | undefined;
  readonly died = new FirstSeen<Died>();
  readonly stamps: Stamp[] = [];
  readonly matcher: PhaseMatcher;
  private readonly readiness: ReadinessStrategy;
  private readonly clock: Clock;

  constructor(readiness: ReadinessStrategy, rules: readonly PhaseRule[], clock: Clock) {
    this.readiness = readiness;
    this.matcher = new PhaseMatcher(rules);
    this.clock = clock;
  }

  readonly onEvent = (e: DockerEvent): void => {
    const at = this.clock.fromWall(eventWallMs(e));
    if (e.Action === 'create') this.createdAt ??= at;
    else if (e.Action === 'start') this.startedAt ??= at;
    else if (e.Action === 'kill') this.killSignal ??= e.Actor.Attributes.signal ?? '?';
    else if (e.Action === 'die') this.died.mark({ at, exitCode: e.Actor.Attributes.exitCode ?? '?' });
    this.readiness.onEvent(e, at);
  };

  /** While true every line is decoded: the readiness pattern or a `phases` rule still waits. */
  readonly wantsLines = (): boolean => this.readiness.wantsLines() || this.matcher.pending();

  readonly onLine = (line: string, at: number): void => {
    this.matcher.offer(line, at);
    const stamp = parseStamp(line);
    if (stamp) this.stamps.push(stamp);
    this.readiness.onLine(line, at);
  };
}
