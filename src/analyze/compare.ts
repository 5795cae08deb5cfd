// Head vs baseline on the samples, not on one number. The decision rule (why it is this one is
// measured in docs/statistics.md):
//
//   regression  = rank test says head is slower (one-sided p < alpha, default 0.02)
//                 AND the Hodges-Lehmann ratio (median of all head/base pair ratios, the
//                 estimator that goes with the rank test) is at least 1 + threshold/2
//   improvement = the mirror image
//   no-change   = the bootstrap CI of the ratio lies inside (1/(1+threshold), 1+threshold):
//                 a change of threshold size is ruled out
//   inconclusive= anything else (too few samples, or the CI still reaches the threshold):
//                 the sequential policy keeps sampling while it says this.
//
// Requiring the CI's lower bound above 1 + threshold would catch a regression of exactly the
// threshold size only ~2.5% of the time; requiring the point estimate above 1 + threshold only
// ~50%. With the margin at threshold/2 a regression of threshold size passes the effect gate
// ~98% of the time at the goal's noise (N=10, CV 5%), and the gate also removes ~40% of the
// rank test's chance hits, which is what lets alpha be 0.02 with false alarms under 1% there.
import { median } from './stats.ts';
import { mannWhitney } from './rank-test.ts';
import { bootstrapRatioCi, type Interval } from './bootstrap.ts';

export type Classification = 'regression' | 'improvement' | 'no-change' | 'inconclusive';

export interface Comparison {
  classification: Classification;
  /** median(head) / median(base): the number people read. */
  ratio: number;
  /** Hodges-Lehmann ratio: median over all (head, base) pairs of head/base; the effect gate. */
  shiftRatio: number;
  ci: Interval;
  /** One-sided rank-test p-value in the direction of the observed change. */
  pValue: number;
  /** median(head) - median(base), ms. */
  deltaMs: number;
  headMedianMs: number;
  baseMedianMs: number;
  nHead: number;
  nBase: number;
  thresholdPct: number;
  alpha: number;
  /** One line on why this classification, for logs and reports. */
  why: string;
}

export interface CompareOptions {
  /** `regression-threshold`, percent. */
  thresholdPct?: number;
  /** One-sided false-alarm rate per look (see sequential.ts for several looks). */
  alpha?: number;
  ciLevel?: number;
  /** Bootstrap resamples (default 2000); 0 skips the interval, so `no-change` cannot be decided. */
  resamples?: number;
  seed?: number;
}

export const DEFAULT_THRESHOLD_PCT = 10;
export const DEFAULT_ALPHA = 0.02;
/** Below this many samples a side, no rank test can reach a useful alpha (3 vs 3: p >= 0.05). */
export const MIN_SAMPLES = 3;

export function compareSamples(head: readonly number[], base: readonly number[], opts: CompareOptions = {}): Comparison {
  const thresholdPct = opts.thresholdPct ?? DEFAULT_THRESHOLD_PCT;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const t = thresholdPct / 100;
  const headMedianMs = median(head);
  const baseMedianMs = median(base);
  const ratio = baseMedianMs > 0 ? headMedianMs / baseMedianMs : Number.NaN;
  const rank = mannWhitney(head, base);
  const shiftRatio = hodgesLehmannRatio(head, base);
  const ci = bootstrapRatioCi(head, base, { resamples: opts.resamples, level: opts.ciLevel, seed: opts.seed });
  const slower = ratio >= 1;
  const common = {
    ratio,
    shiftRatio,
    ci,
    pValue: slower ? rank.pGreater : rank.pLess,
    deltaMs: headMedianMs - baseMedianMs,
    headMedianMs,
    baseMedianMs,
    nHead: head.length,
    nBase: base.length,
    thresholdPct,
    alpha,
  };
  const classify = (classification: Classification, why: string): Comparison => ({ ...common, classification, why });

  if (head.length < MIN_SAMPLES || base.length < MIN_SAMPLES) {
    return classify('inconclusive', `too few samples (${head.length} head, ${base.length} base; at least ${MIN_SAMPLES} each)`);
  }
  if (!Number.isFinite(ratio) || !Number.isFinite(shiftRatio)) return classify('inconclusive', 'baseline median is not positive');
  const margin = 1 + t / 2;
  if (rank.pGreater < alpha && shiftRatio >= margin) {
    return classify('regression', `slower by ${pct(shiftRatio)} (p=${fmtP(rank.pGreater)} < ${alpha}; named from ${pct(margin)})`);
  }
  if (rank.pLess < alpha && shiftRatio <= 1 / margin) {
    return classify('improvement', `faster by ${pct(shiftRatio)} (p=${fmtP(rank.pLess)} < ${alpha})`);
  }
  if (ci.lo > 1 / (1 + t) && ci.hi < 1 + t) {
    return classify('no-change', `a ${thresholdPct}% change is ruled out (CI ${ci.lo.toFixed(3)}-${ci.hi.toFixed(3)})`);
  }
  return classify('inconclusive', `CI ${ci.lo.toFixed(3)}-${ci.hi.toFixed(3)} still reaches ±${thresholdPct}% and the change is not significant`);
}

/** Median of head_i / base_j over all pairs (on logs, so it is symmetric in direction). */
export function hodgesLehmannRatio(head: readonly number[], base: readonly number[]): number {
  const logs: number[] = [];
  for (const h of head) for (const b of base) if (h > 0 && b > 0) logs.push(Math.log(h / b));
  return logs.length === 0 ? Number.NaN : Math.exp(median(logs));
}

/** "+12.3%" / "-4.0%" from a ratio. */
export function pct(ratio: number): string {
  const p = (ratio - 1) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}

export function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
