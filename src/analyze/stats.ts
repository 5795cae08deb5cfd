import type { Stats, StatName } from '../model.ts';

/** Linear-interpolated quantile (type 7, what numpy and R use by default) of sorted data. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((x, y) => x - y), 0.5);
}

export function describe(values: readonly number[]): Stats {
  const s = [...values].sort((x, y) => x - y);
  const n = s.length;
  const mean = n === 0 ? Number.NaN : s.reduce((a, b) => a + b, 0) / n;
  // Sample standard deviation (n - 1): these are samples of a start-up time distribution.
  const stdev = n < 2 ? 0 : Math.sqrt(s.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return {
    n,
    min: s[0] ?? Number.NaN,
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s[n - 1] ?? Number.NaN,
    mean,
    stdev,
  };
}

export function pick(stats: Stats, stat: StatName): number {
  return stats[stat];
}

/** Rounds for display and reports: sub-ms detail below 0.1 ms is noise. */
export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
