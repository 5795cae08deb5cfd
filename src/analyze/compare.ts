// Head vs baseline. Two ways to get the other side (interleaved samples of this job, or the
// stored runs of earlier jobs: run-compare.ts), one rule for what the numbers mean, written so a
// user can check it against the numbers printed beside every verdict (docs/statistics.md):
//
//   regression   = the estimated slow-down reaches the threshold (estimate >= 1 + threshold)
//                  AND it is not chance: one-sided p < alpha
//   improvement  = the mirror image (estimate <= 1 / (1 + threshold), p < alpha)
//   no-change    = the estimate lies inside the threshold, or it is faster without evidence:
//                  no slow-down the threshold counts (`ruledOut`: the CI excludes one too)
//   inconclusive = the estimate is slower past the threshold but noise could explain it, or the data
//                  cannot be compared (too few samples, bad values): the sequential policy keeps
//                  sampling while it says this.
//
// So a slow-down whose estimate is below the threshold never fails the step, however certain;
// one at or above it fails only with evidence. The previous rule (estimate >= 1 + threshold/2)
// failed +4..6% changes under a 10% threshold: a threshold has to mean what its name says.
import { median } from './stats.ts';
import { mannWhitney } from './rank-test.ts';
import { bootstrapRatioCi, type Interval } from './bootstrap.ts';
import { invalidValues } from './sample-check.ts';

export type Classification = 'regression' | 'improvement' | 'no-change' | 'inconclusive';

export interface Comparison {
  /** interleaved: both arms in this job; history: this run against stored runs (the run is the unit). */
  mode: 'interleaved' | 'history';
  classification: Classification;
  /** median(head) / median(base): the number people read. */
  ratio: number;
  /** The estimate the rule reads: Hodges-Lehmann ratio (interleaved) or head median over the stored runs' centre (history). */
  shiftRatio: number;
  ci: Interval;
  /** One-sided p-value in the direction of the observed change. */
  pValue: number;
  /** median(head) - median(base), ms. */
  deltaMs: number;
  headMedianMs: number;
  baseMedianMs: number;
  nHead: number;
  /** Base starts (interleaved) or stored runs (history). */
  nBase: number;
  thresholdPct: number;
  alpha: number;
  /** A change of threshold size lies outside the CI. */
  ruledOut: boolean;
  /** History mode: how run-to-run variation was taken (estimated from k runs, or assumed). */
  variation?: { betweenRunCv: number; estimated: boolean; runs: number };
  /** One line on why this classification, for logs and reports. */
  why: string;
}

export interface CompareOptions {
  /** `regression-threshold`, percent. */
  thresholdPct?: number;
  /** One-sided false-alarm rate per look (see sequential.ts for several looks). */
  alpha?: number;
  ciLevel?: number;
  /** Bootstrap resamples (default 2000); 0 skips the interval. */
  resamples?: number;
  seed?: number;
}

export const DEFAULT_THRESHOLD_PCT = 10;
export const DEFAULT_ALPHA = 0.01;
/** Below this many samples a side no comparison is made. */
export const MIN_SAMPLES = 3;

export interface Evidence {
  /** The effect estimate (ratio, 1 = unchanged). */
  estimate: number;
  pGreater: number;
  pLess: number;
  ci: Interval;
}

/** The rule above, shared by both modes. */
export function classifyChange(e: Evidence, thresholdPct: number, alpha: number): { classification: Classification; why: string; ruledOut: boolean } {
  const limit = 1 + thresholdPct / 100;
  const ruledOut = e.ci.lo > 1 / limit && e.ci.hi < limit;
  const ci = `CI ${pct(e.ci.lo)}..${pct(e.ci.hi)}`;
  if (e.estimate >= limit) {
    return e.pGreater < alpha
      ? { classification: 'regression', ruledOut, why: `slower by ${pct(e.estimate)}, at or past the ${thresholdPct}% threshold (p=${fmtP(e.pGreater)} < ${alpha})` }
      : { classification: 'inconclusive', ruledOut, why: `slower by ${pct(e.estimate)}, past the ${thresholdPct}% threshold, but noise could explain it (p=${fmtP(e.pGreater)} >= ${alpha})` };
  }
  if (e.estimate <= 1 / limit) {
    return e.pLess < alpha
      ? { classification: 'improvement', ruledOut, why: `faster by ${pct(e.estimate)} (p=${fmtP(e.pLess)} < ${alpha})` }
      : // Not a slow-down whatever the noise: nothing the gate is for.
        { classification: 'no-change', ruledOut, why: `faster by ${pct(e.estimate)}, but noise could explain it (p=${fmtP(e.pLess)} >= ${alpha}): no slow-down` };
  }
  return {
    classification: 'no-change',
    ruledOut,
    why: ruledOut
      ? `${pct(e.estimate)}, inside ±${thresholdPct}%; a ${thresholdPct}% change is ruled out (${ci})`
      : `${pct(e.estimate)}, inside ±${thresholdPct}% (below the threshold; ${ci} still reaches it)`,
  };
}

/** The interleaved comparison: both arms' counted starts from this job. */
export function compareSamples(head: readonly number[], base: readonly number[], opts: CompareOptions = {}): Comparison {
  const thresholdPct = opts.thresholdPct ?? DEFAULT_THRESHOLD_PCT;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const problem = invalidValues(head, 'head') ?? invalidValues(base, 'baseline');
  const headMedianMs = problem ? Number.NaN : median(head);
  const baseMedianMs = problem ? Number.NaN : median(base);
  const common = {
    mode: 'interleaved' as const,
    ratio: headMedianMs / baseMedianMs,
    deltaMs: headMedianMs - baseMedianMs,
    headMedianMs,
    baseMedianMs,
    nHead: head.length,
    nBase: base.length,
    thresholdPct,
    alpha,
  };
  if (problem || head.length < MIN_SAMPLES || base.length < MIN_SAMPLES) {
    const why = problem ?? `too few samples (${head.length} head, ${base.length} baseline; at least ${MIN_SAMPLES} each)`;
    return { ...common, classification: 'inconclusive', shiftRatio: Number.NaN, ci: { lo: Number.NaN, hi: Number.NaN, level: 0.95 }, pValue: 1, ruledOut: false, why };
  }
  const rank = mannWhitney(head, base);
  const shiftRatio = hodgesLehmannRatio(head, base);
  const ci = bootstrapRatioCi(head, base, { resamples: opts.resamples, level: opts.ciLevel, seed: opts.seed });
  const decided = classifyChange({ estimate: shiftRatio, pGreater: rank.pGreater, pLess: rank.pLess, ci }, thresholdPct, alpha);
  return { ...common, ...decided, shiftRatio, ci, pValue: shiftRatio >= 1 ? rank.pGreater : rank.pLess };
}

/** Median of head_i / base_j over all pairs (on logs, so it is symmetric in direction). */
export function hodgesLehmannRatio(head: readonly number[], base: readonly number[]): number {
  const logs: number[] = [];
  for (const h of head) for (const b of base) if (h > 0 && b > 0) logs.push(Math.log(h / b));
  return logs.length === 0 ? Number.NaN : Math.exp(median(logs));
}

/** "+12.3%" / "-4.0%" from a ratio. */
export function pct(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  const p = (ratio - 1) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}

export function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
