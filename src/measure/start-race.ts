// The race that ends a start's wait: ready, exited, past the deadline, cancelled, or the daemon
// gone. The first to settle is the outcome; the rest are stopped through `stop`.
import { isDaemonGone } from '../docker/client.ts';
import { sleep, type Clock } from '../util/clock.ts';
import type { FirstSeen } from './first-seen.ts';
import type { ReadinessStrategy, WaitContext } from './readiness/index.ts';
import type { Died } from './start-watch.ts';

export type Outcome =
  | { kind: 'ready'; at: number }
  | { kind: 'exited'; at: number; exitCode: string }
  | { kind: 'timeout'; at: number }
  | { kind: 'cancelled'; at: number }
  | { kind: 'daemon-lost'; at: number; error: unknown };

export interface RaceInput {
  clock: Clock;
  readiness: ReadinessStrategy;
  wait: WaitContext;
  died: FirstSeen<Died>;
  /** Resolves when the container's output ends. */
  outputEnded: Promise<number> | undefined;
  /** The container's state, asked when the output ended before any die event. */
  inspectState: () => Promise<{ Running: boolean; ExitCode: number }>;
  /** The run's signal (SIGINT/SIGTERM). */
  cancel: AbortSignal;
  /** Aborted by the caller once the race is decided. */
  stop: AbortSignal;
}

export function raceOutcome(r: RaceInput): Promise<Outcome> {
  const ready = r.readiness.ready(r.wait).then((at): Outcome => ({ kind: 'ready', at }));
  const timedOut = sleep(Math.max(0, r.wait.deadline - r.clock.now()), r.stop).then((): Outcome => ({ kind: 'timeout', at: r.clock.now() }));
  return Promise.race([ready, exited(r), timedOut, cancelled(r)]);
}

function exited(r: RaceInput): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    void r.died.wait().then((d) => resolve({ kind: 'exited', at: d.at, exitCode: d.exitCode }));
    // The event stream is the primary signal; the output ending is the fallback if it lags.
    void r.outputEnded?.then(async () => {
      await sleep(200, r.stop);
      if (r.stop.aborted) return;
      const state = await r.inspectState().catch((e: unknown) => {
        // Output ended because the daemon went away: say so now, not at the timeout.
        if (isDaemonGone(e)) resolve({ kind: 'daemon-lost', at: r.clock.now(), error: e });
        return undefined;
      });
      if (state && !state.Running) resolve({ kind: 'exited', at: r.clock.now(), exitCode: String(state.ExitCode) });
    });
  });
}

function cancelled(r: RaceInput): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    if (r.cancel.aborted) resolve({ kind: 'cancelled', at: r.clock.now() });
    const onAbort = () => resolve({ kind: 'cancelled', at: r.clock.now() });
    r.cancel.addEventListener('abort', onAbort, { once: true });
    // The run's signal outlives every start: leave no listener behind on it.
    r.stop.addEventListener('abort', () => r.cancel.removeEventListener('abort', onAbort), { once: true });
  });
}
