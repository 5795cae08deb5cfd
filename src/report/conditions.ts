// Start conditions and what readiness cost, for the summary (Markdown) and the console (text):
// bursts (`concurrency`, what `sla-scope` held the SLA against), the page cache, and the
// memory figures with their sources. Nothing here is server text, so no escaping is needed
// beyond the numbers and the fixed source names.
import { describeMemorySource, type CostFigure } from '../analyze/cost.ts';
import type { Stats } from '../model.ts';
import type { TargetResult } from './report.ts';

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');

/** "SLA held against the slowest start of each burst of 3" / "... every start". */
export function scopeLine(t: TargetResult): string {
  const size = t.concurrency ?? 1;
  if (size === 1 && (t.slaScope ?? 'start') === 'start') return '';
  return t.slaScope === 'burst' ? `SLA held against the slowest start of each burst of ${size} (sla-scope burst)` : `SLA held against every start of the bursts of ${size} (sla-scope start)`;
}

function figureText(what: string, f: CostFigure | undefined): string {
  if (!f) return '';
  if (f.n === 0) return `${what}: not available (${f.reason ?? 'no reading'})`;
  const missing = f.unavailable > 0 ? `, ${f.unavailable} start(s) without a reading` : '';
  return `${what}: p50 ${f1(f.p50MiB)} MiB, max ${f1(f.maxMiB)} MiB over ${f.n} starts (${f.sources.map(describeMemorySource).join(', ')}${missing})`;
}

/** One line per fact, the same words for both renderings. */
export function conditionFacts(t: TargetResult): string[] {
  const out: string[] = [];
  const scope = scopeLine(t);
  if (scope) out.push(scope);
  if (t.pageCache === 'drop') out.push('page cache dropped (sync; 3 > /proc/sys/vm/drop_caches) before each burst');
  const memory = t.cost?.memory;
  out.push(figureText(memory?.peak === false ? 'host memory at ready' : 'peak host memory to ready', memory), figureText('GPU memory at ready', t.cost?.gpuMemory));
  return out.filter((l) => l !== '');
}

const row = (name: string, s: Stats) => `| ${name} | ${s.n} | ${f1(s.min)} | ${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.max)} |`;

export function renderConditionsMarkdown(t: TargetResult): string {
  const lines = conditionFacts(t).map((l) => `- ${l}`);
  const b = t.bursts;
  if (b && (t.concurrency ?? 1) > 1) {
    lines.push('', `| bursts of ${b.size} (ms) | n | min | p50 | p95 | max |`, '|---|---:|---:|---:|---:|---:|', row('slowest start', b.slowest), row('all ready', b.allReady));
  }
  return lines.join('\n');
}

export function conditionConsoleLines(t: TargetResult): string[] {
  const out = conditionFacts(t).map((l) => `  ${l}`);
  const b = t.bursts;
  if (b && (t.concurrency ?? 1) > 1) {
    const line = (s: Stats) => `n=${s.n} p50=${f1(s.p50)} p95=${f1(s.p95)} max=${f1(s.max)} ms`;
    out.push(`  bursts of ${b.size}: slowest start ${line(b.slowest)}; all ready ${line(b.allReady)}`);
  }
  return out;
}
