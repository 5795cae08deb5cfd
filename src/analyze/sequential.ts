// Sequential sampling under `max-runs`: measure `runs` starts, and while the comparison is
// inconclusive add a batch, up to `max-runs`. Looking several times gives chance several tries
// at a false alarm, so the planned looks share alpha (Bonferroni: alpha / looks). That is
// conservative but provably keeps the overall false-alarm rate at or below alpha.
import type { Comparison } from './compare.ts';
import { DEFAULT_ALPHA } from './compare.ts';

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
