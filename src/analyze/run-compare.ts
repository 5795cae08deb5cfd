// This run against stored runs, with the run as the unit. Starts within one run share the
// machine's state (another job on the GPU, thermal state, page cache), so two runs of the same
// code differ by a few percent as a whole; pooling two runs' starts into one sample turned that
// drift into false regressions (11.5% at 3% drift, 24% at 5%: docs/statistics.md). Here the
// head run's median is held against the spread of the stored runs' medians, as Perfherder and
// Bencher hold a new run against a window of earlier runs:
//
//   centre  = median of the stored runs' log medians (the last WINDOW of them)
//   spread  = run-to-run SD of log medians: estimated (MAD) from >= MIN_RUNS_TO_ESTIMATE runs,
//             never below MIN_DRIFT (plus the head median's own noise); below that many runs
//             the assumed ASSUMED_DRIFT is the spread;
//             an estimated spread is widened by t(k-1)/z at alpha, since ten runs say little
//             about their own SD (without it false fails doubled at 5% drift)
//   z       = (log head median - centre) / (spread * sqrt(1 + c/k))
//
// and the shared rule of compare.ts decides. With fewer runs than MIN_RUNS_TO_ESTIMATE the floor
// alone is the spread: a single stored run still compares, conservatively.
import { normalCdf, normalQuantile } from './normal-cdf.ts';
import { median } from './stats.ts';
import { classifyChange, DEFAULT_ALPHA, DEFAULT_THRESHOLD_PCT, MIN_SAMPLES, type Comparison } from './compare.ts';
import { invalidValues } from './sample-check.ts';

/** Stored runs used: about Perfherder's window of twelve. */
export const WINDOW = 10;
/** Runs needed before the run-to-run spread is estimated rather than assumed. */
export const MIN_RUNS_TO_ESTIMATE = 5;
/**
 * Run-to-run SD of log medians assumed while fewer than MIN_RUNS_TO_ESTIMATE runs are stored
 * (8%). Back-to-back runs of one unchanged image on this project's shared 2-core runner differed
 * by +21% and +28% while other jobs ran (2026-12-01); with a 4% assumption both failed as
 * regressions. With one stored run a PR therefore fails only for a large slow-down (about +31%
 * and more at 10 starts); more stored runs, or the interleaved base build, buy the power back.
 */
export const ASSUMED_DRIFT = 0.08;
/** The least run-to-run SD taken once it is estimated (3%: quiet runners, FACTS.md). */
export const MIN_DRIFT = 0.03;
/** MAD -> SD for normal data. */
const MAD_TO_SD = 1.4826;
/** Var(median) / Var(mean) for normal data (pi/2). */
const MEDIAN_EFFICIENCY = Math.PI / 2;

export interface StoredRun {
  /** The run's median create -> ready, ms. */
  medianMs: number;
  /** Counted starts in the run. */
  n: number;
}

export interface RunCompareOptions {
  thresholdPct?: number;
  alpha?: number;
}

export function robustSd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = median(values);
  return MAD_TO_SD * median(values.map((v) => Math.abs(v - m)));
}

export function compareRuns(head: readonly number[], runs: readonly StoredRun[], opts: RunCompareOptions = {}): Comparison {
  const thresholdPct = opts.thresholdPct ?? DEFAULT_THRESHOLD_PCT;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const window = runs.slice(0, WINDOW);
  const problem = invalidValues(head, 'head') ?? invalidValues(window.map((r) => r.medianMs), 'baseline');
  const k = window.length;
  const headMedianMs = problem ? Number.NaN : median(head);
  const centreLog = problem ? Number.NaN : median(window.map((r) => Math.log(r.medianMs)));
  const baseMedianMs = Math.exp(centreLog);
  const common = {
    mode: 'history' as const,
    ratio: headMedianMs / baseMedianMs,
    deltaMs: headMedianMs - baseMedianMs,
    headMedianMs,
    baseMedianMs,
    nHead: head.length,
    nBase: k,
    thresholdPct,
    alpha,
  };
  if (problem || head.length < MIN_SAMPLES || k === 0) {
    const why = problem ?? (k === 0 ? 'no stored run to compare with' : `too few samples (${head.length} head starts; at least ${MIN_SAMPLES})`);
    return { ...common, classification: 'inconclusive', shiftRatio: Number.NaN, ci: { lo: Number.NaN, hi: Number.NaN, level: 0.95 }, pValue: 1, ruledOut: false, why };
  }
  // The head median's own noise, from the head's starts: part of every run median's spread.
  const within = robustSd(head.map(Math.log));
  const estimated = k >= MIN_RUNS_TO_ESTIMATE;
  const floor = Math.sqrt((estimated ? MIN_DRIFT : ASSUMED_DRIFT) ** 2 + (MEDIAN_EFFICIENCY * within ** 2) / head.length);
  const spread = estimated ? Math.max(robustSd(window.map((r) => Math.log(r.medianMs))) * tOverZ(alpha, k - 1), floor) : floor;
  // The centre is a median of k runs (a mean for k <= 2): its own uncertainty adds to the head's.
  const se = spread * Math.sqrt(1 + (k >= 3 ? MEDIAN_EFFICIENCY : 1) / k);
  const d = Math.log(headMedianMs) - centreLog;
  const z = d / se;
  const zc = normalQuantile(0.975);
  const ci = { lo: Math.exp(d - zc * se), hi: Math.exp(d + zc * se), level: 0.95 };
  const estimate = Math.exp(d);
  const decided = classifyChange({ estimate, pGreater: 1 - normalCdf(z), pLess: normalCdf(z), ci }, thresholdPct, alpha);
  const how = estimated ? `run-to-run ${(spread * 100).toFixed(1)}% from ${k} runs` : `${k} stored run(s), fewer than ${MIN_RUNS_TO_ESTIMATE}: run-to-run ${(spread * 100).toFixed(1)}% assumed`;
  return {
    ...common,
    ...decided,
    why: `${decided.why}; ${how}`,
    shiftRatio: estimate,
    ci,
    pValue: d >= 0 ? 1 - normalCdf(z) : normalCdf(z),
    variation: { betweenRunCv: spread, estimated, runs: k },
  };
}

/**
 * Student t quantile over the normal one at 1 - alpha with `df` degrees of freedom, from the
 * Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5; within 1% of the exact value for df >= 4).
 */
export function tOverZ(alpha: number, df: number): number {
  const z = normalQuantile(1 - alpha);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return (z + g1 / df + g2 / df ** 2 + g3 / df ** 3) / z;
}
