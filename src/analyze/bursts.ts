// Bursts (`concurrency`): starts that were created at once, grouped back together. What an
// autoscaler waits for is the last of its replicas, so each burst is summed up by its slowest
// start and by the time until all of it was ready; `sla-scope: burst` holds the SLA against the
// former.
import type { Sample, Stats } from '../model.ts';
import { describe } from './stats.ts';

export type SlaScope = 'start' | 'burst';

export interface BurstSummary {
  index: number;
  arm: Sample['arm'];
  warmup: boolean;
  /** Starts the burst was made of (`concurrency`). */
  size: number;
  /** How many of them reached ready (fewer: a start failed). */
  ready: number;
  /** The slowest start's create -> ready, ms. */
  slowestMs: number;
  /** From just before the burst's first create call until its last start was seen ready, ms. */
  allReadyMs: number;
}

/** A sample from before bursts existed is a burst of one. */
function positionOf(s: Sample): { index: number; size: number; sinceBurstMs: number } {
  return s.burst ? { index: s.burst.index, size: s.burst.size, sinceBurstMs: s.burst.sinceBurstMs ?? s.totalMs } : { index: s.index, size: 1, sinceBurstMs: s.totalMs };
}

/** Every burst the samples belong to, in the order they ran. */
export function groupBursts(samples: readonly Sample[]): BurstSummary[] {
  const byKey = new Map<string, BurstSummary>();
  for (const s of samples) {
    const p = positionOf(s);
    const key = `${s.arm}:${p.index}`;
    const b = byKey.get(key);
    if (!b) {
      byKey.set(key, { index: p.index, arm: s.arm, warmup: s.warmup, size: p.size, ready: 1, slowestMs: s.totalMs, allReadyMs: Math.max(p.sinceBurstMs, s.totalMs) });
      continue;
    }
    b.ready++;
    b.slowestMs = Math.max(b.slowestMs, s.totalMs);
    b.allReadyMs = Math.max(b.allReadyMs, p.sinceBurstMs, s.totalMs);
  }
  return [...byKey.values()].sort((a, b) => a.index - b.index);
}

/** Counted bursts of one arm whose every start reached ready (a failed start fails the target anyway). */
export function countedBursts(samples: readonly Sample[], arm: Sample['arm'] = 'head'): BurstSummary[] {
  return groupBursts(samples).filter((b) => !b.warmup && b.arm === arm && b.ready === b.size);
}

export interface BurstStats {
  size: number;
  /** Over the counted bursts of the head: the slowest start of each. */
  slowest: Stats;
  /** Over the counted bursts of the head: first create -> last ready. */
  allReady: Stats;
}

export function burstStats(samples: readonly Sample[], size: number): BurstStats {
  const bursts = countedBursts(samples);
  return { size, slowest: describe(bursts.map((b) => b.slowestMs)), allReady: describe(bursts.map((b) => b.allReadyMs)) };
}

/** The statistics the SLA is held against: every counted start, or the slowest of each burst. */
export function slaStats(samples: readonly Sample[], scope: SlaScope, startStats: Stats): Stats {
  return scope === 'burst' ? describe(countedBursts(samples).map((b) => b.slowestMs)) : startStats;
}

/** How the SLA's statistic is described in the verdict, the summary and the console. */
export function slaScopeWords(scope: SlaScope, size: number): string {
  if (scope === 'burst') return `of the slowest start per burst of ${size}`;
  return size > 1 ? `over every start (bursts of ${size})` : '';
}
