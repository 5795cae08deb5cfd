// The Markdown the user reads: job summary and PR comment share it. Verdict first, then the
// numbers, then the waterfall. Server-printed phase labels are untrusted text: every one goes
// through cell() or mermaidLabel() before it reaches Markdown.
import type { Report, TargetResult } from './report.ts';
import { segments } from '../measure/phases.ts';
import { phaseTitle } from '../analyze/phases.ts';

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const ICON: Record<string, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️' };

/** Text safe inside a table cell: no pipes, HTML, mentions, backticks or line breaks. */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>&|`\\*_[\]]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/@(?=\w)/g, '@\u200b')
    .slice(0, 200);
}

/** Mermaid task names may not hold ':', ';' or '#', and nothing that could close the block. */
function mermaidLabel(text: string): string {
  return text.replace(/[^\w .+()/-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'phase';
}

export function renderWaterfall(t: TargetResult): string {
  if (t.timeline.length === 0) return '';
  const segs = segments(t.timeline);
  const rows = segs.map((s) => `| ${cell(phaseTitle(s.name))} | ${f1(s.startMs + s.durationMs)} | ${f1(s.durationMs)} |`);
  const gantt = segs
    .filter((s) => s.durationMs > 0)
    .map((s) => `    ${mermaidLabel(phaseTitle(s.name))} : ${Math.round(s.startMs)}, ${Math.max(Math.round(s.startMs + s.durationMs), Math.round(s.startMs) + 1)}`);
  return [
    '<details><summary>Phase waterfall (median of each mark over the counted starts)</summary>',
    '',
    '| until | at (ms from create) | took (ms) |',
    '|---|---:|---:|',
    ...rows,
    '',
    '```mermaid',
    'gantt',
    '    title Median start, ms from the create call',
    '    dateFormat x',
    '    axisFormat %S.%L s',
    '    section start',
    ...gantt,
    '```',
    '</details>',
  ].join('\n');
}

export function renderTarget(t: TargetResult): string {
  const s = t.stats;
  const lines = [
    `### ${ICON[t.verdict] ?? ''} ${cell(t.id)}: ${t.verdict.toUpperCase()}`,
    '',
    ...t.reasons.map((r) => `- ${cell(r)}`),
    '',
    `SLA: **${t.sla.stat} ≤ ${t.sla.limitMs} ms**, measured ${f1(t.sla.valueMs)} ms · image \`${cell(t.image.reference)}\` (${(t.image.sizeBytes / 1e6).toFixed(1)} MB, ${t.image.layers} layers) · ready at \`${cell(t.healthCheck)}\``,
    '',
    '| n | min | p50 | p90 | p95 | max | mean | stdev |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${s.n} | ${f1(s.min)} | ${f1(s.p50)} | ${f1(s.p90)} | ${f1(s.p95)} | ${f1(s.max)} | ${f1(s.mean)} | ${f1(s.stdev)} |`,
    '',
  ];
  const engine = t.build?.engine;
  if (engine) {
    lines.push(
      `Engine \`${cell(engine.enginePath.split('/').pop() ?? '')}\`: ${(engine.sizeBytes / 1e6).toFixed(1)} MB, ${engine.cacheHit ? 'from the cache (build skipped)' : `built in ${(engine.buildMs / 1000).toFixed(1)} s`} by ${engine.builder}${engine.tensorrtVersion ? `, TensorRT ${cell(engine.tensorrtVersion)}` : ''}${engine.warnings.length ? ` · ⚠️ ${engine.warnings.map(cell).join('; ')}` : ''}`,
      '',
    );
  }
  if (t.build?.image) lines.push(`Image built in ${(t.build.image.buildMs / 1000).toFixed(1)} s.`, '');
  if (t.baseStats && t.baseImage) {
    const b = t.baseStats;
    lines.push(
      `Interleaved against \`${cell(t.baseImage.reference)}\`: p50 ${f1(b.p50)} ms, p95 ${f1(b.p95)} ms (n=${b.n}).`,
      '',
    );
  }
  lines.push(renderWaterfall(t));
  return lines.join('\n');
}

export function renderSummary(report: Report, extra: { runUrl?: string | undefined } = {}): string {
  const head = `## ${ICON[report.verdict] ?? ''} startup-sla: ${report.verdict.toUpperCase()}`;
  const env = report.environment;
  const gpu = env.gpus.map((g) => `${g.name} (driver ${g.driverVersion}${g.persistenceMode ? `, persistence ${g.persistenceMode}` : ''})`).join(', ') || 'no GPU';
  const foot = [
    '',
    `<sub>Hot start = create call -> first passing health check, image already local. Docker ${cell(env.dockerVersion)} · ${cell(env.cpuModel)} ×${env.cpuCount} · ${cell(gpu)}${extra.runUrl ? ` · [run](${extra.runUrl})` : ''}</sub>`,
  ];
  return [head, '', ...report.targets.map(renderTarget), ...foot].join('\n');
}
