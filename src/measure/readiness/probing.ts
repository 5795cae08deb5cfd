// What the probing kinds (http, tcp) share: a bounded retry loop from the runner against the
// container's port, one attempt every poll interval, each attempt cut at the deadline.
import type { DockerEvent } from '../../docker/events.ts';
import { sleep } from '../../util/clock.ts';
import type { ProbeResult } from '../probe.ts';
import type { ImageShape, ReadinessStrategy, WaitContext } from './strategy.ts';

const MAX_PROBE_WAIT_MS = 2000;

export interface ProbeTarget {
  host: string;
  port: number;
  timeoutMs: number;
}

export abstract class ProbingReadiness implements ReadinessStrategy {
  readonly daemonClock = false;
  readonly port: number;
  private tries = 0;
  /** What the last attempt saw, for the timeout message. */
  protected last = 'no attempt yet';

  constructor(port: number) {
    this.port = port;
  }

  /** One attempt; never rejects ("not yet" is a result). */
  protected abstract probe(target: ProbeTarget, now: () => number): Promise<ProbeResult>;
  abstract describeWait(): string;

  wantsLines(): boolean {
    return false;
  }
  onLine(_line: string, _at: number): void {}
  onEvent(_event: DockerEvent, _at: number): void {}
  attempts(): number {
    return this.tries;
  }

  ready(ctx: WaitContext): Promise<number> {
    const { clock, signal } = ctx;
    const where = ctx.target;
    if (where === undefined) return Promise.reject(new Error(`readiness on port ${this.port}: the start gave no probe target`));
    return new Promise((resolve) => {
      void (async () => {
        while (!signal.aborted) {
          const began = clock.now();
          const timeoutMs = Math.max(1, Math.min(MAX_PROBE_WAIT_MS, ctx.deadline - began));
          this.tries++;
          const r = await this.probe({ ...where, timeoutMs }, clock.now);
          if (r.ready && !signal.aborted) return resolve(r.at);
          this.last = r.detail;
          await sleep(Math.max(0, began + ctx.pollMs - clock.now()), signal);
        }
      })();
    });
  }

  imageProblem(image: ImageShape): string | undefined {
    // An image that declares no ports may still listen: only a declared list that lacks it is wrong.
    if (image.exposedPorts.length === 0 || image.exposedPorts.includes(`${this.port}/tcp`)) return undefined;
    return `image ${image.reference} does not expose port ${this.port}/tcp (it exposes ${image.exposedPorts.join(', ')})`;
  }
}
