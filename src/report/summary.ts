// The Markdown the user reads: job summary and PR comment share it. Verdict first, then the
// numbers, then the waterfall. Server-printed phase labels are untrusted text: every one goes
// through cell() or mermaidLabel() (charts.ts) before it reaches Markdown.
import type { Report, TargetResult } from './report.ts';
import { cell, logExcerpt } from './safe-text.ts';
import { joinParts, joinSections, keep, type Section } from '../util/sections.ts';
import { renderTrend, renderWaterfall } from './charts.ts';
import { renderConditionsMarkdown } from './conditions.ts';

export { cell } from './safe-text.ts';
export { renderTrend, renderWaterfall } from './charts.ts';

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const ICON: Record<string, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️', error: '⛔' };

export function renderTarget(t: TargetResult): string {
  return joinSections(targetSections(t));
}

/** One target's report; its log excerpt is a section of its own, the first thing a size cap cuts. */
export function targetSections(t: TargetResult): Section[] {
  const s = t.stats;
  const lines: (string | Section)[] = [
    `### ${ICON[t.verdict] ?? ''} ${cell(t.id)}: ${t.verdict.toUpperCase()}`,
    '',
    ...t.reasons.map((r) => `- ${r.severity === 'fail' ? '❌' : r.severity === 'warning' ? '⚠️' : '✔️'} ${cell(r.message)}`),
    '',
    `SLA: **${t.sla.stat} ≤ ${t.sla.limitMs} ms**, measured ${f1(t.sla.valueMs)} ms · image \`${cell(t.image.reference)}\` (${(t.image.sizeBytes / 1e6).toFixed(1)} MB, ${t.image.layers} layers) · ready at \`${cell(t.healthCheck)}\``,
    '',
    '| n | min | p50 | p90 | p95 | max | mean | stdev |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${s.n} | ${f1(s.min)} | ${f1(s.p50)} | ${f1(s.p90)} | ${f1(s.p95)} | ${f1(s.max)} | ${f1(s.mean)} | ${f1(s.stdev)} |`,
    '',
  ];
  const conditions = renderConditionsMarkdown(t);
  if (conditions !== '') lines.push(conditions, '');
  if (t.error && t.error.logTail.length > 0) lines.push(logExcerpt(`Last ${t.error.logTail.length} log lines of the failed start`, t.error.logTail), '');
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
  const cost = renderBaseCost(t);
  if (cost !== '') lines.push(cost, '');
  for (const part of [renderComparison(t), renderWaterfall(t), renderTrend(t)]) if (part !== '') lines.push(part, '');
  return joinParts(lines);
}

export function renderSummary(report: Report, extra: { runUrl?: string | undefined } = {}): string {
  return joinSections(summarySections(report, extra));
}

export function summarySections(report: Report, extra: { runUrl?: string | undefined } = {}): Section[] {
  // The verdict line and the reasons come first and are never cut by the comment's size cap.
  const head = `## ${ICON[report.verdict] ?? ''} startup-sla: ${report.verdict.toUpperCase()}\n\n${report.targets.map((t) => `- **${cell(t.id)}**: ${t.verdict} · ${cell(t.reasons.filter((r) => r.severity !== 'info').map((r) => r.message)[0] ?? t.reasons[0]?.message ?? '')}`).join('\n')}`;
  const env = report.environment;
  const gpu = env.gpus.map((g) => `${g.name} (driver ${g.driverVersion}${g.persistenceMode ? `, persistence ${g.persistenceMode}` : ''})`).join(', ') || 'no GPU';
  const foot = [
    '',
    `<sub>Hot start = create call -> first passing health check, image already local. Docker ${cell(env.dockerVersion)} · ${cell(env.cpuModel)} ×${env.cpuCount} · ${cell(gpu)}${extra.runUrl ? ` · [run](${extra.runUrl})` : ''}</sub>`,
  ];
  return joinParts([keep(head), '', ...report.targets.map(targetSections), ...foot]);
}

const signed = (v: number, unit: string) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}${unit}`;

/** Head vs baseline, the baseline's commit and date, the phases that moved, what changed. */
export function renderComparison(t: TargetResult): string {
  const c = t.comparison;
  if (!c || c.ratio === undefined) return '';
  const against = c.base?.kind === 'base-commit' && c.base.commit
    ? `base commit \`${c.base.commit.slice(0, 7)}\` (built here, interleaved, same job)`
    : c.baseline ? `baseline \`${c.baseline.commit.slice(0, 7)}\` (${cell(c.baseline.date)})` : t.baseImage ? `\`${cell(t.baseImage.reference)}\` (interleaved, same job)` : 'baseline';
  const base = t.baseStats;
  const lines = [
    '',
    `**Against ${against}:** median ${signed(c.deltaPct ?? 0, ' %')} (${signed(c.deltaMs ?? 0, ' ms')}), ${c.ci ? `${Math.round(c.ci.level * 100)}% CI ${signed((c.ci.lo - 1) * 100, '')}..${signed((c.ci.hi - 1) * 100, ' %')}` : ''} · ${c.classification}`,
  ];
  if (base) {
    lines.push('', '| | n | p50 | p95 |', '|---|---:|---:|---:|', `| head | ${t.stats.n} | ${f1(t.stats.p50)} | ${f1(t.stats.p95)} |`, `| baseline | ${base.n} | ${f1(base.p50)} | ${f1(base.p95)} |`);
  }
  const moved = c.phases.filter((p) => p.moved);
  if (moved.length > 0) lines.push('', `Phases that moved: ${moved.map((p) => cell(p.label)).join(', ')}`);
  if (c.changes.length > 0) lines.push('', `What changed: ${c.changes.map(cell).join('; ')}`);
  return `${lines.join('\n')}\n`;
}


/** Where the base arm came from, what the comparison cost, and whether it confirmed the history. */
export function renderBaseCost(t: TargetResult): string {
  const c = t.comparison;
  const lines: string[] = [];
  if (c?.note) lines.push(`⚠️ ${cell(c.note)}`);
  const b = c?.base;
  if (b) {
    const what = b.kind === 'base-commit' && b.commit ? `base commit \`${b.commit.slice(0, 7)}\` built here (${cell(b.how ?? '')})` : `baseline-image \`${cell(b.image)}\``;
    const build = b.buildMs !== undefined ? ` in ${(b.buildMs / 1000).toFixed(1)} s` : '';
    lines.push(`Comparison cost: ${what}${build}${b.engine ? `, ${cell(b.engine)}` : ''}; ${b.extraStarts} extra starts.`);
  }
  if (c?.confirmation) lines.push(`History regression re-measured interleaved: **${c.confirmation}**.`);
  return lines.join('\n\n');
}
