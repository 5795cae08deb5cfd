// Warm-up plus counted bursts of one target; with a baseline image, the two alternate so both
// see the same runner at the same moments (drift cancels out). A burst is `concurrency` starts
// of one image created at once, as an autoscaler starting replicas; with concurrency 1 it is
// the single start it always was.
import type { PageCacheMode, Sample } from '../model.ts';
import { measureStart, type StartContext, type StartPlan } from './start.ts';

export type PlanTemplate = Omit<StartPlan, 'index' | 'warmup' | 'arm'>;

export interface Schedule {
  /** Counted bursts. */
  runs: number;
  /** Warm-up bursts. */
  warmup: number;
  /** Index of the first start: later batches (sequential sampling) continue the numbering. */
  firstIndex?: number;
  head: PlanTemplate;
  base?: PlanTemplate | undefined;
  /** Starts per burst (`concurrency`); 1 when absent. */
  concurrency?: number;
  /** Run before each burst, off the timed path (`page-cache: drop` empties the page cache here). */
  beforeBurst?: (() => Promise<void>) | undefined;
  /** Recorded in every sample. */
  pageCache?: PageCacheMode;
}

/** The order of bursts: warm-ups first, then ABBA pairs so neither arm always goes first. */
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
  const size = schedule.concurrency ?? 1;
  const order = scheduleStarts(schedule.runs, schedule.warmup, schedule.base !== undefined);
  const samples: Sample[] = [];
  const first = schedule.firstIndex ?? 0;
  const firstBurst = Math.floor(first / size);
  const total = first + order.length * size;
  for (const [position, step] of order.entries()) {
    const template = step.arm === 'base' && schedule.base ? schedule.base : schedule.head;
    await schedule.beforeBurst?.();
    const burst = await measureBurst(ctx, template, {
      index: firstBurst + position,
      size,
      firstIndex: first + position * size,
      warmup: step.warmup,
      arm: step.arm,
      pageCache: schedule.pageCache,
    });
    for (const sample of burst.samples) {
      samples.push(sample);
      onSample(sample, sample.index + 1, total);
    }
    if (burst.failure !== undefined) throw burst.failure;
  }
  return samples;
}

interface BurstSpec {
  index: number;
  size: number;
  firstIndex: number;
  warmup: boolean;
  arm: 'head' | 'base';
  pageCache?: PageCacheMode | undefined;
}

/**
 * K starts at once. Every one runs to its end (ready, or failed and removed) before the burst
 * returns, so a failure never leaves a sibling running behind the error.
 */
async function measureBurst(ctx: StartContext, template: PlanTemplate, spec: BurstSpec): Promise<{ samples: Sample[]; failure?: unknown }> {
  const origin = ctx.clock.now();
  const starts = Array.from({ length: spec.size }, (_, slot) => {
    const afterReady = async (containerId: string): Promise<Partial<Sample>> => {
      // Taken first: the cost reads below are not part of the wait for the burst.
      const sinceBurstMs = Math.round((ctx.clock.now() - origin) * 1000) / 1000;
      const extra = template.afterReady ? await template.afterReady(containerId) : {};
      return { ...extra, burst: { index: spec.index, size: spec.size, slot, sinceBurstMs }, ...(spec.pageCache ? { pageCache: spec.pageCache } : {}) };
    };
    return measureStart(ctx, { ...template, afterReady, index: spec.firstIndex + slot, warmup: spec.warmup, arm: spec.arm });
  });
  const settled = await Promise.allSettled(starts);
  const samples = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = settled.find((r) => r.status === 'rejected');
  return failed ? { samples, failure: failed.reason } : { samples };
}
