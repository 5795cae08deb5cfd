// The step's outputs as data: one figure per output for the first target, and `results` with
// every target, for later steps (`fromJSON(steps.sla.outputs.results)`). A figure that could not
// be measured is empty, never "NaN".
import type { Report, TargetResult } from './report.ts';

export interface TargetOutput {
  id: string;
  verdict: string;
  p50Ms: number | null;
  p95Ms: number | null;
  stat: string;
  statMs: number | null;
  slaMs: number;
  deltaPct: number | null;
  /** interleaved (a baseline-image in this job), history (a stored result), or none. */
  comparison: 'interleaved' | 'history' | 'none';
  /** regression, improvement, no-change, inconclusive; null without a comparison. */
  classification: string | null;
  /** Starts per burst (1: single starts) and what the SLA statistic was held against. */
  concurrency: number;
  slaScope: 'start' | 'burst';
  pageCache: 'warm' | 'drop';
  /** p50 over the counted bursts of each burst's slowest start; null for single starts. */
  burstSlowestP50Ms: number | null;
  /** p50 over the counted starts: host memory (a peak up to ready where the host gives one) and GPU memory at ready. */
  memoryP50MiB: number | null;
  gpuMemoryP50MiB: number | null;
  report: string;
}

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? Math.round(v * 10) / 10 : null);
const text = (v: number | null): string => (v === null ? '' : v.toFixed(1));

export function targetOutput(t: TargetResult, reportPath: string): TargetOutput {
  const classification = t.comparison?.classification ?? null;
  return {
    id: t.id,
    verdict: t.verdict,
    p50Ms: finite(t.stats.p50),
    p95Ms: finite(t.stats.p95),
    stat: t.sla.stat,
    statMs: finite(t.sla.valueMs),
    slaMs: t.sla.limitMs,
    deltaPct: finite(t.comparison?.deltaPct),
    comparison: t.baseImage ? 'interleaved' : classification !== null ? 'history' : 'none',
    classification,
    concurrency: t.concurrency ?? 1,
    slaScope: t.slaScope ?? 'start',
    pageCache: t.pageCache ?? 'warm',
    burstSlowestP50Ms: (t.concurrency ?? 1) > 1 ? finite(t.bursts?.slowest.p50) : null,
    memoryP50MiB: finite(t.cost?.memory?.n ? t.cost.memory.p50MiB : undefined),
    gpuMemoryP50MiB: finite(t.cost?.gpuMemory?.n ? t.cost.gpuMemory.p50MiB : undefined),
    report: reportPath,
  };
}

export function reportOutputs(report: Report, reportPath: string): Record<string, string> {
  const all = report.targets.map((t) => targetOutput(t, reportPath));
  const first = all[0];
  return {
    verdict: report.verdict,
    'p50-ms': text(first?.p50Ms ?? null),
    'p95-ms': text(first?.p95Ms ?? null),
    'stat-ms': text(first?.statMs ?? null),
    'delta-pct': text(first?.deltaPct ?? null),
    report: reportPath,
    results: JSON.stringify(all),
  };
}

/** A run that could not measure: `error`, and every figure empty. */
export function errorOutputs(): Record<string, string> {
  return { verdict: 'error', 'p50-ms': '', 'p95-ms': '', 'stat-ms': '', 'delta-pct': '', report: '', results: '[]' };
}
