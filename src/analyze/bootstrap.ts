// Percentile bootstrap interval for the ratio of medians head/base. The ratio is what people
// read ("12% slower") and what the threshold is expressed in; the interval shows how sure we
// are. Seeded, so the same samples give the same interval on every rerun.
import { mulberry32 } from './random.ts';

export interface Interval {
  lo: number;
  hi: number;
  level: number;
}

export const DEFAULT_SEED = 0x5eed;

export function bootstrapRatioCi(
  head: readonly number[],
  base: readonly number[],
  opts: { resamples?: number; level?: number; seed?: number } = {},
): Interval {
  const level = opts.level ?? 0.95;
  const resamples = opts.resamples ?? 2000;
  if (head.length === 0 || base.length === 0 || resamples <= 0) return { lo: Number.NaN, hi: Number.NaN, level };
  const rand = mulberry32(opts.seed ?? DEFAULT_SEED);
  const hBuf = new Float64Array(head.length);
  const bBuf = new Float64Array(base.length);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < hBuf.length; i++) hBuf[i] = head[Math.floor(rand() * head.length)] as number;
    for (let i = 0; i < bBuf.length; i++) bBuf[i] = base[Math.floor(rand() * base.length)] as number;
    ratios[r] = sortedMedian(hBuf.sort()) / sortedMedian(bBuf.sort());
  }
  ratios.sort();
  const tail = (1 - level) / 2;
  return { lo: typedQuantile(ratios, tail), hi: typedQuantile(ratios, 1 - tail), level };
}

function sortedMedian(s: Float64Array): number {
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function typedQuantile(s: Float64Array, q: number): number {
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}
