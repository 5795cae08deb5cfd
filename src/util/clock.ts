/** One clock for the whole run: monotonic ms for durations, wall ms for stamps and the daemon. */
export interface Clock {
  /** Monotonic milliseconds (sub-ms resolution). */
  now(): number;
  /** Converts a wall-clock time (ms since the epoch) to this clock's monotonic scale. */
  fromWall(wallMs: number): number;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  // performance.timeOrigin is the wall time at which performance.now() was 0.
  fromWall: (wallMs) => wallMs - performance.timeOrigin,
};

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
