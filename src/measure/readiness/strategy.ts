// How "ready" is detected, one kind per file (the shape of testcontainers-node's wait
// strategies). A start makes one strategy, hands it the container's output lines and daemon
// events as they arrive, and races `ready` against the exit, the deadline and cancellation.
// Lines and events come synchronously from their readers, so a kind that only listens (log,
// docker) keeps the exact arrival time of what it waits for.
import type { DockerEvent } from '../../docker/events.ts';
import type { Clock } from '../../util/clock.ts';
import { FirstSeen } from '../first-seen.ts';

/** What preflight knows of an image before any start. */
export interface ImageShape {
  reference: string;
  exposedPorts: readonly string[];
  hasHealthcheck: boolean;
}

export interface WaitContext {
  clock: Clock;
  /** Where a probing kind reaches the container's port (the published one, or the port itself on host networking). */
  target?: { host: string; port: number } | undefined;
  /** Monotonic time the start gives up: no probe waits past it. */
  deadline: number;
  pollMs: number;
  /** Aborted once the start has an outcome: a probing kind stops trying. */
  signal: AbortSignal;
}

export interface ReadinessStrategy {
  /** The container port a probe needs reachable; undefined for kinds that read the container. */
  readonly port: number | undefined;
  /** True when the ready time comes from the daemon's clock (an event) and takes the daemon offset. */
  readonly daemonClock: boolean;
  /** While true every output line is decoded and handed to onLine. Called per line: cheap. */
  wantsLines(): boolean;
  /** One output line and when it arrived. Runs inside the output reader: synchronous. */
  onLine(line: string, at: number): void;
  /** One daemon event of this container, `at` on the runner's clock. */
  onEvent(event: DockerEvent, at: number): void;
  /** Resolves with the ready time; stays pending while not ready (the start's race decides). */
  ready(ctx: WaitContext): Promise<number>;
  /** Readiness attempts made (probes; 0 for kinds that only listen). */
  attempts(): number;
  /** Why the start was not ready, for the timeout message. */
  describeWait(): string;
  /** Why this image can never answer this check (the text after the input's name), or undefined. */
  imageProblem(image: ImageShape): string | undefined;
}

/** Base of the kinds that only listen: no port, no attempts, lines and events ignored unless overridden. */
export abstract class ListeningReadiness implements ReadinessStrategy {
  readonly port: number | undefined = undefined;
  abstract readonly daemonClock: boolean;
  protected readonly first = new FirstSeen<number>();
  wantsLines(): boolean {
    return false;
  }
  onLine(_line: string, _at: number): void {}
  onEvent(_event: DockerEvent, _at: number): void {}
  ready(_ctx: WaitContext): Promise<number> {
    return this.first.wait();
  }
  attempts(): number {
    return 0;
  }
  abstract describeWait(): string;
  imageProblem(_image: ImageShape): string | undefined {
    return undefined;
  }
}
