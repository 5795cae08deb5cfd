// Which phase moved: the total says "slower", this says "engine deserialized +180 ms". Each
// phase segment is tested on its own with the same rank test, and the family of phases is held
// to one alpha with Holm's step-down, so that one of many phases moving by chance is not named.
// Naming explains a verdict and never makes one, so the family alpha is 5%, not the gate's 1%:
// with the gate's alpha split plain Bonferroni-wise over the 13 phases of a real server, 6 vs 6
// starts (smallest two-sided p 0.0022) could never name the phase that moved (measured on the
// H200: CUDA_MODULE_LOADING=EAGER moved "cuda context" by +2.4 s and no phase was named).
import type { Sample } from '../model.ts';
import { median } from './stats.ts';
import { mannWhitney } from './rank-test.ts';
import { phaseSegments } from './samples.ts';
import { fmtP } from './compare.ts';
import { compareRuns } from './run-compare.ts';

/** Family-wise chance of naming a phase that did not move. */
export const PHASE_ALPHA = 0.05;

export interface PhaseComparison {
  name: string;
  headMedianMs: number;
  baseMedianMs: number;
  deltaMs: number;
  /** Two-sided rank-test p-value. */
  pValue: number;
  moved: boolean;
  /** "engine deserialized +180 ms" (moved phases) for the report. */
  label: string;
}

export interface PhaseCompareOptions {
  /** Family-wise alpha over all phases (Holm). */
  alpha?: number;
  /**
   * A phase is named only if its median moved by at least this share of the baseline total
   * (default 2%): a 1 ms phase that doubled is significant and irrelevant.
   */
  minShareOfTotal?: number;
  /** Floor for the above, ms. */
  minMs?: number;
}

/** Counted samples of each side (filter warm-ups and arms first: countedSamples). */
export function comparePhases(head: readonly Sample[], base: readonly Sample[], opts: PhaseCompareOptions = {}): PhaseComparison[] {
  const h = phaseSegments(head);
  const b = phaseSegments(base);
  const tested = [...h.keys()]
    .filter((n) => b.has(n))
    .map((name): Tested => {
      const hs = h.get(name) ?? [];
      const bs = b.get(name) ?? [];
      const rank = mannWhitney(hs, bs);
      const headMedianMs = median(hs);
      const baseMedianMs = median(bs);
      const pValue = Math.min(1, 2 * Math.min(rank.pGreater, rank.pLess));
      return { name, headMedianMs, baseMedianMs, deltaMs: headMedianMs - baseMedianMs, pValue, enough: hs.length >= 3 && bs.length >= 3 };
    });
  return decide(tested, median(base.map((s) => s.totalMs)), opts);
}

/**
 * History mode: this run's starts against stored runs, with the run as the unit, as for the total
 * (compareRuns, run-compare.ts) and for the same reason. Two runs of unchanged code differ as a
 * whole by a few percent; held start against start, that drift moved every long phase at once,
 * and a PR that changed nothing had a phase named in 24% of runs at 3% drift and 39% at 5%
 * (bench/stats/phase-naming.ts). Each phase's median is held against the stored runs' medians of
 * that phase and their run-to-run spread.
 */
export function compareRunPhases(head: readonly Sample[], runs: readonly (readonly Sample[])[], opts: PhaseCompareOptions = {}): PhaseComparison[] {
  const h = phaseSegments(head);
  const stored = runs.map(phaseSegments);
  const tested = [...h.keys()].flatMap((name): Tested[] => {
    const medians = stored.flatMap((r) => {
      const v = r.get(name) ?? [];
      return v.length > 0 ? [{ medianMs: median(v), n: v.length }] : [];
    });
    if (medians.length === 0) return [];
    const hs = h.get(name) ?? [];
    const c = compareRuns(hs, medians);
    const headMedianMs = median(hs);
    // compareRuns refuses non-positive times (a segment of 0 ms, or one a clock skew made negative): such a phase is shown, never named.
    const pValue = Number.isFinite(c.ratio) ? Math.min(1, 2 * c.pValue) : 1;
    const baseMedianMs = Number.isFinite(c.baseMedianMs) ? c.baseMedianMs : median(medians.map((m) => m.medianMs));
    return [{ name, headMedianMs, baseMedianMs, deltaMs: headMedianMs - baseMedianMs, pValue, enough: hs.length >= 3 }];
  });
  const totals = runs.filter((r) => r.length > 0).map((r) => median(r.map((s) => s.totalMs)));
  return decide(tested, median(totals), opts);
}

interface Tested extends Omit<PhaseComparison, 'moved' | 'label'> {
  enough: boolean;
}

/** Holm over the family, then the least move that matters; labels for the report. */
function decide(tested: readonly Tested[], baseTotal: number, opts: PhaseCompareOptions): PhaseComparison[] {
  const minMove = Math.max(opts.minMs ?? 1, (opts.minShareOfTotal ?? 0.02) * baseTotal);
  const significant = holm(tested.map((t) => t.pValue), opts.alpha ?? PHASE_ALPHA);
  return tested.map(({ enough, ...t }, i) => {
    const small = Math.abs(t.deltaMs) < minMove;
    const moved = enough && (significant[i] ?? false) && !small;
    const sign = t.deltaMs >= 0 ? '+' : '-';
    // The label says which test held the phase back: a p of 0.002 marked "not significant" read as a contradiction.
    const why = !enough
      ? `fewer than 3 starts, p=${fmtP(t.pValue)}`
      : !significant[i]
        ? `not significant, p=${fmtP(t.pValue)}`
        : `p=${fmtP(t.pValue)}, but under the ${Math.round(minMove)} ms a phase must move to be named`;
    const label = `${t.name} ${sign}${Math.round(Math.abs(t.deltaMs))} ms${moved ? '' : ` (${why})`}`;
    return { ...t, moved, label };
  });
}

/**
 * Holm's step-down: the k-th smallest p (0-based) is held to alpha / (m - k), stopping at the
 * first that fails. Family-wise error <= alpha like Bonferroni, but more power for the rest.
 */
export function holm(pValues: readonly number[], alpha: number): boolean[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = pValues.map(() => false);
  for (const [k, { p, i }] of order.entries()) {
    if (p >= alpha / (order.length - k)) break;
    out[i] = true;
  }
  return out;
}

export function movedPhases(phases: readonly PhaseComparison[]): PhaseComparison[] {
  return phases.filter((p) => p.moved).sort((a, b) => Math.abs(b.deltaMs) - Math.abs(a.deltaMs));
}
