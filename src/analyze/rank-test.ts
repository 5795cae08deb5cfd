// Mann-Whitney U (Wilcoxon rank-sum) test: does `head` tend to be larger than `base`? Chosen
// because it needs no normality (start-up times are right-skewed, with the odd slow start) and
// is nearly as powerful as a t-test on normal data (asymptotic efficiency 0.955), while a single
// outlier moves it by one rank only.
import { normalCdf } from './normal-cdf.ts';

export interface RankTest {
  /** Pairs (h, b) with h > b, ties counted one half. */
  u: number;
  /** P(U >= u) under "same distribution": small means head is slower. */
  pGreater: number;
  /** P(U <= u) under "same distribution": small means head is faster. */
  pLess: number;
  method: 'exact' | 'normal';
}

// The exact null distribution is computed when there are no ties and the counts stay exact
// enough in doubles (C(60, 30) ~ 1.2e17); otherwise the tie-corrected normal approximation.
const EXACT_MAX_TOTAL = 60;

export function mannWhitney(head: readonly number[], base: readonly number[]): RankTest {
  const m = head.length;
  const n = base.length;
  if (m === 0 || n === 0) return { u: Number.NaN, pGreater: 1, pLess: 1, method: 'exact' };
  const pooled = [...head.map((v) => ({ v, h: true })), ...base.map((v) => ({ v, h: false }))].sort((a, b) => a.v - b.v);
  // Mid-ranks for ties, and the tie sizes for the variance correction.
  let rankSumHead = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j + 1 < pooled.length && (pooled[j + 1] as { v: number }).v === (pooled[i] as { v: number }).v) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if ((pooled[k] as { h: boolean }).h) rankSumHead += midRank;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const u = rankSumHead - (m * (m + 1)) / 2;
  if (tieTerm === 0 && m + n <= EXACT_MAX_TOTAL) {
    const counts = cachedDistribution(m, n);
    const total = counts.reduce((a, b) => a + b, 0);
    let ge = 0;
    let le = 0;
    for (let k = 0; k < counts.length; k++) {
      if (k >= u) ge += counts[k] as number;
      if (k <= u) le += counts[k] as number;
    }
    return { u, pGreater: ge / total, pLess: le / total, method: 'exact' };
  }
  const N = m + n;
  const mean = (m * n) / 2;
  const variance = ((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  if (variance <= 0) return { u, pGreater: 1, pLess: 1, method: 'normal' };
  const sd = Math.sqrt(variance);
  // Continuity correction: U moves in steps of 1/2 at least.
  return {
    u,
    pGreater: 1 - normalCdf((u - mean - 0.5) / sd),
    pLess: normalCdf((u - mean + 0.5) / sd),
    method: 'normal',
  };
}

// The sequential policy and the per-phase comparison ask for the same few sizes many times.
const cache = new Map<string, number[]>();
function cachedDistribution(m: number, n: number): number[] {
  const key = `${m}x${n}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = uDistribution(m, n);
    cache.set(key, c);
  }
  return c;
}

/**
 * Counts of each U value 0..m*n under the null: the coefficients of the Gaussian binomial
 * [m+n choose m]_q, built as prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i) (Harding 1984).
 */
export function uDistribution(m: number, n: number): number[] {
  const c = new Array<number>(m * n + 1).fill(0);
  c[0] = 1;
  for (let i = 1; i <= m; i++) {
    const up = n + i;
    for (let j = c.length - 1; j >= up; j--) c[j] = (c[j] as number) - (c[j - up] as number);
    for (let j = i; j < c.length; j++) c[j] = (c[j] as number) + (c[j - i] as number);
  }
  return c;
}
