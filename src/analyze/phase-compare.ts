// Which phase moved: the total says "slower", this says "engine deserialized +180 ms". Each
// phase segment is tested on its own with the same rank test; with several phases the alpha is
// split between them (Bonferroni) so that one of many phases moving by chance is not named.
import type { Sample } from '../model.ts';
import { median } from './stats.ts';
import { mannWhitney } from './rank-test.ts';
import { phaseSegments } from './samples.ts';
import { DEFAULT_ALPHA, fmtP } from './compare.ts';

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
  const alpha = (opts.alpha ?? DEFAULT_ALPHA) / names.length;
  const baseTotal = median(base.map((s) => s.totalMs));
  const minMove = Math.max(opts.minMs ?? 1, (opts.minShareOfTotal ?? 0.02) * baseTotal);
  return names.map((name) => {
    const hs = h.get(name) ?? [];
    const bs = b.get(name) ?? [];
    const headMedianMs = median(hs);
    const baseMedianMs = median(bs);
    const deltaMs = headMedianMs - baseMedianMs;
    const rank = mannWhitney(hs, bs);
    const pValue = Math.min(1, 2 * Math.min(rank.pGreater, rank.pLess));
    const moved = hs.length >= 3 && bs.length >= 3 && pValue < alpha && Math.abs(deltaMs) >= minMove;
    const sign = deltaMs >= 0 ? '+' : '-';
    const label = `${name} ${sign}${Math.round(Math.abs(deltaMs))} ms${moved ? '' : ` (not significant, p=${fmtP(pValue)})`}`;
    return { name, headMedianMs, baseMedianMs, deltaMs, pValue, moved, label };
  });
}

export function movedPhases(phases: readonly PhaseComparison[]): PhaseComparison[] {
  return phases.filter((p) => p.moved).sort((a, b) => Math.abs(b.deltaMs) - Math.abs(a.deltaMs));
}
