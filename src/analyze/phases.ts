import type { Phase, Sample } from '../model.ts';
import { median } from './stats.ts';

/**
 * The typical timeline: each phase's median mark over the counted starts. Phases seen in fewer
 * than half of the starts (a line printed only sometimes) are left out as noise.
 */
export function medianTimeline(samples: readonly Sample[]): Phase[] {
  const byName = new Map<string, number[]>();
  for (const s of samples) for (const p of s.phases) byName.set(p.name, [...(byName.get(p.name) ?? []), p.ms]);
  return [...byName.entries()]
    .filter(([, values]) => values.length * 2 >= samples.length)
    .map(([name, values]) => ({ name, ms: median(values) }))
    .sort((a, b) => a.ms - b.ms || (a.name === 'ready' ? 1 : b.name === 'ready' ? -1 : 0));
}

/** Human names for the marks the action itself records; server labels are shown as printed. */
export const PHASE_TITLES: Record<string, string> = {
  create: 'create (API call)',
  'started-at': 'daemon StartedAt',
  start: 'start event (runtime, GPU hooks done)',
  'first-output': 'process start -> first output',
  ready: 'ready (first passing check)',
};

export function phaseTitle(name: string): string {
  return PHASE_TITLES[name] ?? name;
}
