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
  const names = [...h.keys()].filter((n) => b.has(n));
  if (names.length === 0) return [];
  const baseTotal = median(base.map((s) => s.totalMs));
  const minMove = Math.max(opts.minMs ?? 1, (opts.minShareOfTotal ?? 0.02) * baseTotal);
  const tested = names.map((name) => {
    const hs = h.get(name) ?? [];
    const bs = b.get(name) ?? [];
    const headMedianMs = median(hs);
    const baseMedianMs = median(bs);
    const rank = mannWhitney(hs, bs);
    const pValue = Math.min(1, 2 * Math.min(rank.pGreater, rank.pLess));
    return { name, headMedianMs, baseMedianMs, deltaMs: headMedianMs - baseMedianMs, pValue, enough: hs.length >= 3 && bs.length >= 3 };
  });
  const significant = holm(tested.map((t) => t.pValue), opts.alpha ?? PHASE_ALPHA);
  return tested.map(({ enough, ...t }, i) => {
    const moved = enough && (significant[i] ?? false) && Math.abs(t.deltaMs) >= minMove;
    const sign = t.deltaMs >= 0 ? '+' : '-';
    const label = `${t.name} ${sign}${Math.round(Math.abs(t.deltaMs))} ms${moved ? '' : ` (not significant, p=${fmtP(t.pValue)})`}`;
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
