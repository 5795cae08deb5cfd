// Warm-up plus counted starts of one target; with a baseline image, the two alternate so both
// see the same runner at the same moments (drift cancels out).
import type { Sample } from '../model.ts';
import { measureStart, type StartContext, type StartPlan } from './start.ts';

export type PlanTemplate = Omit<StartPlan, 'index' | 'warmup' | 'arm'>;

export interface Schedule {
  runs: number;
  warmup: number;
  /** Index of the first start: later batches (sequential sampling) continue the numbering. */
  firstIndex?: number;
  head: PlanTemplate;
  base?: PlanTemplate | undefined;
}

/** The order of starts: warm-ups first, then ABBA pairs so neither arm always goes first. */
export function scheduleStarts(runs: number, warmup: number, withBase: boolean): { arm: 'head' | 'base'; warmup: boolean }[] {
  const arms = (i: number): ('head' | 'base')[] => (!withBase ? ['head'] : i % 2 === 0 ? ['head', 'base'] : ['base', 'head']);
  const out: { arm: 'head' | 'base'; warmup: boolean }[] = [];
  for (let i = 0; i < warmup; i++) for (const arm of arms(i)) out.push({ arm, warmup: true });
  for (let i = 0; i < runs; i++) for (const arm of arms(i)) out.push({ arm, warmup: false });
  return out;
}

export async function measureTarget(
  ctx: StartContext,
  schedule: Schedule,
  onSample: (sample: Sample, position: number, total: number) => void,
): Promise<Sample[]> {
  const order = scheduleStarts(schedule.runs, schedule.warmup, schedule.base !== undefined);
  const samples: Sample[] = [];
  const first = schedule.firstIndex ?? 0;
  for (const [position, step] of order.entries()) {
    const template = step.arm === 'base' && schedule.base ? schedule.base : schedule.head;
    const index = first + position;
    const sample = await measureStart(ctx, { ...template, index, warmup: step.warmup, arm: step.arm });
    samples.push(sample);
    onSample(sample, index + 1, first + order.length);
  }
  return samples;
}
