// Turning measured samples into what the statistics read: counted (non-warm-up) starts of one
// arm, and per-start durations of each phase segment.
import type { Sample } from '../model.ts';

/** Totals of the counted starts of one arm (warm-ups never count). */
export function countedTotals(samples: readonly Sample[], arm: Sample['arm'] = 'head'): number[] {
  return countedSamples(samples, arm).map((s) => s.totalMs);
}

/**
 * Per start, the duration of each phase's segment: its mark minus the previous mark of the
 * same start. The first mark (`create`, at 0) has no segment. A start that lacks a phase simply
 * contributes nothing to it.
 */
export function phaseSegments(samples: readonly Sample[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of samples) {
    const marks = [...s.phases].sort((a, b) => a.ms - b.ms);
    for (let i = 1; i < marks.length; i++) {
      const cur = marks[i] as { name: string; ms: number };
      const prev = marks[i - 1] as { name: string; ms: number };
      const list = out.get(cur.name) ?? [];
      list.push(cur.ms - prev.ms);
      out.set(cur.name, list);
    }
  }
  return out;
}

/** Counted starts of one arm, whole samples (for the per-phase comparison). */
export function countedSamples(samples: readonly Sample[], arm: Sample['arm'] = 'head'): Sample[] {
  return samples.filter((s) => !s.warmup && s.arm === arm);
}
