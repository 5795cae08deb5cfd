// A seeded PRNG so a bootstrap interval is the same on every rerun of the same data: a verdict
// that flips when the job is re-run would not be trusted. Math.random cannot be seeded.

/** mulberry32: 32-bit state, fast, good enough for resampling indices (not for crypto). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box-Muller) from a uniform source; used by the benchmark's jitter. */
export function normal(rand: () => number): number {
  const u = 1 - rand(); // (0, 1]: log(0) would be -Infinity
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
