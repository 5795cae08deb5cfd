// Plain-text rendering for logs and the CLI.
import type { Sample, Stats } from '../model.ts';
import type { Report } from './report.ts';
import type { ColdResult } from '../measure/cold.ts';
import { segments } from '../measure/phases.ts';
import { phaseTitle } from '../analyze/phases.ts';
import { conditionConsoleLines } from './conditions.ts';

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');

export function formatSampleLine(s: Sample, position: number, total: number): string {
  const marks = s.phases.filter((p) => p.name !== 'ready').map((p) => `${p.name} ${f1(p.ms)}`).join(' | ');
  const tag = s.warmup ? ' warm-up' : s.arm === 'base' ? ' baseline' : '';
  const cost = s.probe ? ` (${s.probe.attempts} probes, ${f1(s.probe.cpuMs)} ms CPU)` : '';
  const burst = s.burst && s.burst.size > 1 ? ` [burst ${s.burst.index + 1}, ${s.burst.slot + 1}/${s.burst.size}]` : '';
  return `  start ${String(position).padStart(String(total).length)}/${total}${tag}${burst}: ready in ${f1(s.totalMs)} ms${cost}${memoryText(s)}  [${marks}]`;
}

/** ", 3.6 MiB peak, GPU 512.0 MiB": what the start cost, when it was read. */
function memoryText(s: Sample): string {
  const mib = (b: number) => (b / (1024 * 1024)).toFixed(1);
  const parts: string[] = [];
  if (s.memory?.bytes != null) parts.push(`${mib(s.memory.bytes)} MiB ${s.memory.peak ? 'peak' : 'at ready'}`);
  if (s.gpuMemory?.bytes != null) parts.push(`GPU ${mib(s.gpuMemory.bytes)} MiB`);
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

export function statsLine(st: Stats): string {
  return `n=${st.n} min=${f1(st.min)} p50=${f1(st.p50)} p90=${f1(st.p90)} p95=${f1(st.p95)} max=${f1(st.max)} mean=${f1(st.mean)} stdev=${f1(st.stdev)} ms`;
}

/** Cold starts get their own lines: their figures are never in the hot statistics above. */
function coldLines(c: ColdResult): string[] {
  return [
    `  cold starts (image removed, pulled from ${c.registry}, started; apart from the hot starts):`,
    `    pull + start ${statsLine(c.stats)}`,
    `    pull         ${statsLine(c.pullStats)}  (${(c.pullBytes / 1e6).toFixed(1)} MB per pull)`,
    `    start        ${statsLine(c.startStats)}`,
    ...(c.restored.ok ? [] : [`    ! ${c.restored.message ?? 'the image was not put back'}`]),
  ];
}

/** The end-of-run table: verdict first, then the typical waterfall of each target. */
export function renderConsole(report: Report): string {
  const out: string[] = [`startup-sla verdict: ${report.verdict.toUpperCase()}`];
  for (const t of report.targets) {
    out.push('', `${t.id}  ${t.verdict.toUpperCase()}  (${t.image.reference}, ${t.healthCheck})`);
    for (const r of t.reasons) out.push(`  ${r.severity === 'fail' ? 'x' : r.severity === 'warning' ? '!' : '-'} ${r.message}`);
    out.push(`  ${statsLine(t.stats)}`);
    out.push(...conditionConsoleLines(t));
    if (t.timeline.length > 0) {
      out.push('  waterfall (median of each mark):');
      const scale = Math.max(...t.timeline.map((p) => p.ms), 1);
      for (const seg of segments(t.timeline)) {
        const bar = '#'.repeat(Math.max(1, Math.round((seg.durationMs / scale) * 40)));
        out.push(`    ${phaseTitle(seg.name).padEnd(32).slice(0, 32)} ${f1(seg.startMs).padStart(8)} +${f1(seg.durationMs).padStart(8)} ms  ${bar}`);
      }
    }
    if (t.cold) out.push(...coldLines(t.cold));
  }
  return out.join('\n');
}
