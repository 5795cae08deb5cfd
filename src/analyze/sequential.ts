// Sequential sampling under `max-runs`: measure `runs` starts, and while the comparison is
// inconclusive add a batch, up to `max-runs`. Looking several times gives chance several tries
// at a false alarm, so the planned looks share alpha (Bonferroni: alpha / looks). That is
// conservative but provably keeps the overall false-alarm rate at or below alpha.
import type { Comparison } from './compare.ts';
import { DEFAULT_ALPHA, MIN_SAMPLES } from './compare.ts';

export interface SamplingPlan {
  /** `runs`: counted starts of the first look. */
  runs: number;
  /** `max-runs`: the most counted starts of the head arm; unset = one look. */
  maxRuns?: number;
}

/** Sample counts at which the comparison is evaluated: runs, then +50% (at least +2) each time. */
export function lookSchedule(plan: SamplingPlan): number[] {
  const max = Math.max(plan.runs, plan.maxRuns ?? plan.runs);
  const looks = [plan.runs];
  let n = plan.runs;
  while (n < max) {
    n = Math.min(max, n + Math.max(2, Math.ceil(n / 2)));
    looks.push(n);
  }
  return looks;
}

/** The alpha to pass to compareSamples at every look of this plan. */
export function alphaPerLook(plan: SamplingPlan, alpha: number = DEFAULT_ALPHA): number {
  return alpha / lookSchedule(plan).length;
}

export interface SamplingDecision {
  keepSampling: boolean;
  /** Counted starts to add before the next look (0 when stopping). */
  addRuns: number;
  reason: string;
}

/**
 * After a look with `nHead` counted head starts: keep sampling only while the comparison is
 * inconclusive and the budget allows. No comparison (no baseline) never extends the run.
 */
export function nextSampling(comparison: Comparison | undefined, nHead: number, plan: SamplingPlan): SamplingDecision {
  if (comparison === undefined) return { keepSampling: false, addRuns: 0, reason: 'no baseline to compare with' };
  if (comparison.classification !== 'inconclusive') {
    return { keepSampling: false, addRuns: 0, reason: `decided: ${comparison.classification}` };
  }
  const next = lookSchedule(plan).find((n) => n > nHead);
  if (next === undefined) {
    return { keepSampling: false, addRuns: 0, reason: `still inconclusive at max-runs (${nHead} starts)` };
  }
  return { keepSampling: true, addRuns: next - nHead, reason: `inconclusive at ${nHead} starts: measuring ${next - nHead} more` };
}

/** The smallest one-sided p an exact rank test of n vs n can give: 1 / C(2n, n). */
export function smallestRankP(n: number): number {
  let c = 1;
  for (let i = 1; i <= n; i++) c = (c * (n + i)) / i;
  return 1 / c;
}

/**
 * Said before measuring: with `runs` this small, no outcome can be a regression (interleaved:
 * the rank test cannot reach alpha; history: fewer starts than a median needs). Names the
 * smallest `runs` that can.
 */
export function tooFewRunsWarning(mode: 'interleaved' | 'history', runs: number, alpha: number): string | undefined {
  if (mode === 'history') {
    return runs < MIN_SAMPLES ? `runs ${runs} cannot be compared with the history (at least ${MIN_SAMPLES} starts); set runs to ${MIN_SAMPLES} or more` : undefined;
  }
  if (smallestRankP(runs) < alpha) return undefined;
  let n = runs;
  while (smallestRankP(n) >= alpha) n++;
  return `runs ${runs} can never show a regression against the baseline image: ${runs} vs ${runs} starts give p >= ${smallestRankP(runs).toPrecision(2)}, not below alpha ${alpha}; set runs to at least ${n}`;
}
