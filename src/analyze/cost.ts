// What readiness cost, over the counted starts: the container's host memory (a peak up to ready
// where the source gives one) and its GPU memory at ready, as p50 and max in MiB, with the
// sources named. The optional limits (`max-memory-mib`, `max-gpu-memory-mib`) are held against
// the max: one start over the limit is one replica that would not fit.
import type { MemorySource, Sample } from '../model.ts';
import { quantile } from './stats.ts';

export const MIB = 1024 * 1024;

export interface CostFigure {
  /** Starts with a reading. */
  n: number;
  /** Starts without one (the reason of the first is kept). */
  unavailable: number;
  p50MiB: number;
  maxMiB: number;
  /** Every source the readings came from (one, unless the host changed its mind mid-run). */
  sources: string[];
  /** True when every reading is a peak (memory only; GPU memory is always "at ready"). */
  peak: boolean;
  reason?: string | undefined;
}

export interface CostSummary {
  memory?: CostFigure | undefined;
  gpuMemory?: CostFigure | undefined;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

function figure(readings: { bytes: number | null; source: string; peak: boolean; reason?: string | undefined }[]): CostFigure | undefined {
  if (readings.length === 0) return undefined;
  const known = readings.filter((r): r is typeof r & { bytes: number } => r.bytes !== null);
  const mib = known.map((r) => r.bytes / MIB).sort((a, b) => a - b);
  return {
    n: known.length,
    unavailable: readings.length - known.length,
    p50MiB: round1(quantile(mib, 0.5)),
    maxMiB: round1(mib.at(-1) ?? Number.NaN),
    sources: [...new Set(known.map((r) => r.source))],
    peak: known.length > 0 && known.every((r) => r.peak),
    reason: readings.find((r) => r.bytes === null)?.reason,
  };
}

/** Over the given samples (the counted starts of the head, as the statistics are). */
export function summarizeCost(samples: readonly Sample[]): CostSummary {
  const memory = figure(samples.flatMap((s) => (s.memory ? [s.memory] : [])));
  const gpuMemory = figure(samples.flatMap((s) => (s.gpuMemory ? [{ ...s.gpuMemory, peak: false }] : [])));
  return { ...(memory ? { memory } : {}), ...(gpuMemory ? { gpuMemory } : {}) };
}

/** In words, for the verdict and the summary. */
export function describeMemorySource(source: MemorySource | string): string {
  switch (source) {
    case 'cgroup2-memory.peak':
      return 'cgroup v2 memory.peak';
    case 'cgroup1-memory.max_usage_in_bytes':
      return 'cgroup v1 memory.max_usage_in_bytes';
    case 'daemon-stats-max_usage':
      return 'daemon stats max_usage';
    case 'daemon-stats-usage':
      return 'daemon stats: usage at ready, not a peak';
    default:
      return source;
  }
}

export interface CostLimit {
  kind: 'memory' | 'gpu-memory';
  limitMiB: number;
  /** The largest reading over the counted starts; undefined when none could be read. */
  maxMiB: number | undefined;
  /** "peak host memory (cgroup v1 memory.max_usage_in_bytes)": what was held against the limit. */
  what: string;
  /** Why nothing could be read. */
  unknownReason?: string | undefined;
}

/** The limits the user set, each with what was measured against it. */
export function costLimits(summary: CostSummary, limits: { memoryMiB?: number | undefined; gpuMemoryMiB?: number | undefined }): CostLimit[] {
  const out: CostLimit[] = [];
  const one = (kind: CostLimit['kind'], limitMiB: number | undefined, f: CostFigure | undefined, noun: string) => {
    if (limitMiB === undefined) return;
    const known = f !== undefined && f.n > 0;
    const what = known ? `${noun} (${f.sources.map(describeMemorySource).join(', ')})` : noun;
    const none = kind === 'gpu-memory' ? 'the target has no gpus' : 'no start was measured';
    out.push({ kind, limitMiB, maxMiB: known ? f.maxMiB : undefined, what, unknownReason: known ? undefined : (f?.reason ?? none) });
  };
  one('memory', limits.memoryMiB, summary.memory, summary.memory?.peak === false ? 'host memory at ready' : 'peak host memory');
  one('gpu-memory', limits.gpuMemoryMiB, summary.gpuMemory, 'GPU memory at ready');
  return out;
}
