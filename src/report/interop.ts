// The result in the formats of two tools teams already run, so they can feed startup-sla's
// numbers to them: Bencher's metric format (https://bencher.dev/docs/reference/bencher-metric-format)
// and github-action-benchmark's `customSmallerIsBetter` JSON (BenchmarkResult in its
// src/extract.ts). Pure: the report in, file names and text out; the caller writes them.
import type { Report, TargetResult } from './report.ts';
import type { EXPORT_FORMATS } from '../config/schema.ts';
import { segments } from '../measure/phases.ts';
import type { CostFigure } from '../analyze/cost.ts';

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** BMF: benchmark name -> measure slug -> metric. `latency` is Bencher's built-in measure, in ns. */
export type Bmf = Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;

/** One entry of github-action-benchmark's custom JSON (an array of these). */
export interface BenchmarkActionEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

const ns = (ms: number) => Math.round(ms * 1e6);
const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Phase labels come from the server's output (untrusted); github-action-benchmark puts names into
 * commit comments, so only plain characters pass, as in the Mermaid labels.
 */
function plain(text: string): string {
  return text.replace(/[^\w .:+()/-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'phase';
}

/** Targets that measured something: an error before the first counted start has no numbers. */
function measured(report: Report): TargetResult[] {
  return report.targets.filter((t) => t.stats.n > 0 && [t.stats.min, t.stats.p50, t.stats.p95, t.stats.max].every(Number.isFinite));
}

/** Phases by their names (create, start, the server's labels, ready), not their display titles: a
 * tool keys its history by the name, so it must not change when a title's wording does. */
function phases(t: TargetResult): { title: string; ms: number }[] {
  return segments(t.timeline)
    .filter((s) => Number.isFinite(s.durationMs))
    .map((s) => ({ title: plain(s.name), ms: s.durationMs }));
}

/**
 * Per target: the hot start (median, with min and max as bounds), the time each phase took, each
 * burst's slowest start, and what readiness cost in memory.
 */
export function toBmf(report: Report): Bmf {
  const out: Bmf = {};
  for (const t of measured(report)) {
    const s = t.stats;
    out[t.id] = { latency: { value: ns(s.p50), lower_value: ns(s.min), upper_value: ns(s.max) } };
    if (t.sla.stat !== 'p50') out[`${t.id} ${t.sla.stat}`] = { latency: { value: ns(t.sla.valueMs) } };
    for (const p of phases(t)) out[`${t.id} phase: ${p.title}`] = { latency: { value: ns(p.ms) } };
    const burst = burstSlowest(t);
    if (burst) out[`${t.id} burst slowest`] = { latency: { value: ns(burst.p50), lower_value: ns(burst.min), upper_value: ns(burst.max) } };
    // Bencher creates a measure the first time its slug arrives.
    for (const c of costs(t)) out[t.id]![c.slug] = { value: c.figure.p50MiB, upper_value: c.figure.maxMiB };
  }
  return out;
}

/** Each burst's slowest start (what an autoscaler waits for), when starts came in bursts. */
function burstSlowest(t: TargetResult) {
  const s = (t.concurrency ?? 1) > 1 ? t.bursts?.slowest : undefined;
  return s && s.n > 0 && [s.min, s.p50, s.max].every(Number.isFinite) ? s : undefined;
}

/** What readiness cost, where it was read (MiB, p50 with max as the upper bound). */
function costs(t: TargetResult): { slug: string; title: string; figure: CostFigure }[] {
  const all = [
    { slug: 'memory-mib', title: 'host memory', figure: t.cost?.memory },
    { slug: 'gpu-memory-mib', title: 'GPU memory', figure: t.cost?.gpuMemory },
  ];
  return all.filter((c): c is typeof c & { figure: CostFigure } => !!c.figure && c.figure.n > 0 && Number.isFinite(c.figure.p50MiB));
}

/** For `tool: customSmallerIsBetter`: the median and the SLA statistic, each phase (ms), then bursts and memory. */
export function toBenchmarkAction(report: Report): BenchmarkActionEntry[] {
  return measured(report).flatMap((t) => {
    const s = t.stats;
    const extra = `n=${s.n} · min ${round(s.min)} ms · p95 ${round(s.p95)} ms · max ${round(s.max)} ms · SLA ${t.sla.stat} <= ${t.sla.limitMs} ms · ${t.verdict}`;
    const head: BenchmarkActionEntry[] = [
      { name: `${t.id} hot start p50`, unit: 'ms', value: round(s.p50), range: `± ${round(s.stdev)}`, extra },
    ];
    if (t.sla.stat !== 'p50') head.push({ name: `${t.id} hot start ${t.sla.stat}`, unit: 'ms', value: round(t.sla.valueMs) });
    const tail: BenchmarkActionEntry[] = costs(t).map((c) => ({ name: `${t.id} ${c.title} p50`, unit: 'MiB', value: c.figure.p50MiB, extra: `max ${c.figure.maxMiB} MiB` }));
    const burst = burstSlowest(t);
    if (burst) tail.unshift({ name: `${t.id} burst slowest p50`, unit: 'ms', value: round(burst.p50), extra: `bursts of ${t.concurrency} · n=${burst.n} · max ${round(burst.max)} ms` });
    return [...head, ...phases(t).map((p) => ({ name: `${t.id} phase: ${p.title}`, unit: 'ms', value: round(p.ms) })), ...tail];
  });
}

/** `startup-sla-report.json` -> `startup-sla-report.bmf.json`: beside the report, named after it. */
export function exportPath(reportPath: string, format: ExportFormat): string {
  return `${reportPath.replace(/\.json$/i, '')}.${format}.json`;
}

export function renderExports(report: Report, reportPath: string, formats: readonly ExportFormat[]): { path: string; text: string }[] {
  return formats.map((format) => ({
    path: exportPath(reportPath, format),
    text: `${JSON.stringify(format === 'bmf' ? toBmf(report) : toBenchmarkAction(report), null, 2)}\n`,
  }));
}
