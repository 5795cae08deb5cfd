// The combining job's Markdown: one verdict and one table for every target of the matrix (each
// with the runner it ran on), then each target's full report collapsed. GitHub refuses a comment
// over 65,536 characters: when the whole does not fit, the largest details shrink to their
// figures first (the job summary keeps them whole), so 50 targets and more still post.
import type { Environment } from '../model.ts';
import type { TargetResult } from './report.ts';
import type { Merged } from './merge.ts';
import { targetSections } from './summary.ts';
import { cell } from './safe-text.ts';
import { joinParts, joinSections, keep, sectionText, type Section } from '../util/sections.ts';

const ICON: Record<string, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️', error: '⛔' };
const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');

export function runnerOf(t: TargetResult): string {
  return t.runner ?? t.environment?.runnerLabels?.join(',') ?? t.environment?.gpus[0]?.name ?? '–';
}

export function environmentLine(env: Environment | undefined): string {
  if (!env) return '';
  const gpu = env.gpus.map((g) => `${g.name} (driver ${g.driverVersion})`).join(', ') || 'no GPU';
  const labels = env.runnerLabels?.length ? ` · labels ${env.runnerLabels.join(', ')}` : '';
  return `<sub>Docker ${cell(env.dockerVersion)} · ${cell(env.cpuModel)} ×${env.cpuCount} · ${cell(gpu)}${cell(labels)}</sub>`;
}

function row(t: TargetResult): string {
  const why = t.reasons.filter((r) => r.severity !== 'info').map((r) => r.message)[0] ?? t.reasons[0]?.message ?? '';
  const delta = t.comparison?.deltaPct;
  const sla = Number.isFinite(t.sla.limitMs) ? `${t.sla.stat} ≤ ${t.sla.limitMs}` : '–';
  return `| ${cell(t.id)} | ${cell(runnerOf(t))} | ${ICON[t.verdict] ?? ''} ${t.verdict} | ${f1(t.sla.valueMs)} | ${sla} | ${delta === undefined ? '–' : `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)} %`} | ${cell(why)} |`;
}

function head(merged: Merged): string {
  const r = merged.report;
  const verdict = r?.verdict ?? 'error';
  const runners = new Set(r?.targets.filter((t) => !isMissing(t)).map(runnerOf) ?? []);
  const lines = [`## ${ICON[verdict] ?? ''} startup-sla: ${verdict.toUpperCase()}${r ? ` (${r.targets.length} result${r.targets.length === 1 ? '' : 's'} on ${runners.size} runner${runners.size === 1 ? '' : 's'})` : ''}`, ''];
  if (r) lines.push('| target | runner | verdict | ms | SLA (ms) | Δ | why |', '|---|---|---|---:|---|---:|---|', ...r.targets.map(row), '');
  for (const p of merged.problems) lines.push(`- ⚠️ ${cell(p)}`);
  // The blank line after the table is the caller's separator.
  return lines.join('\n').replace(/\n+$/, '');
}

function summaryLine(t: TargetResult): string {
  return `${ICON[t.verdict] ?? ''} ${cell(t.id)} on ${cell(runnerOf(t))}: ${t.verdict}`;
}

const isMissing = (t: TargetResult) => t.reasons.some((r) => r.code === 'no-report');

function fullDetails(t: TargetResult): Section[] {
  if (isMissing(t)) return joinParts([`<details><summary>${summaryLine(t)}</summary>\n\nNo report: its measure job failed, was cancelled, or its artifact was not downloaded into this job's \`report\` folder. The measure job's log says which.\n\n</details>`]);
  return joinParts([`<details><summary>${summaryLine(t)}</summary>\n\n`, targetSections(t), `\n${environmentLine(t.environment)}\n\n</details>`], '');
}

function shortDetails(t: TargetResult): Section[] {
  if (isMissing(t)) return fullDetails(t);
  const s = t.stats;
  return joinParts([`<details><summary>${summaryLine(t)}</summary>\n\nn ${s.n} · p50 ${f1(s.p50)} ms · p95 ${f1(s.p95)} ms · max ${f1(s.max)} ms. _The job summary has this target's full report._\n\n${environmentLine(t.environment)}\n\n</details>`]);
}

/** `limit`: the most characters the body may take (the comment's, less its marker). */
export function renderCombined(merged: Merged, opts: { runUrl?: string | undefined; limit?: number } = {}): string {
  return joinSections(combinedSections(merged, opts));
}

export function combinedSections(merged: Merged, opts: { runUrl?: string | undefined; limit?: number } = {}): Section[] {
  const top = head(merged);
  const targets: TargetResult[] = merged.report?.targets ?? [];
  const foot = `\n<sub>Hot start = create call -> first passing health check, image already local.${opts.runUrl ? ` [Combining run](${opts.runUrl})` : ''}</sub>`;
  const blocks = targets.map(fullDetails);
  const limit = opts.limit ?? Infinity;
  const length = (b: readonly Section[]) => b.reduce((n, s) => n + sectionText(s).length, 0);
  const size = () => top.length + foot.length + blocks.reduce((n, b) => n + length(b) + 2, 0);
  // Largest first: one target with a long log excerpt should not cost the others their details.
  const bySize = blocks.map((b, i) => [length(b), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of bySize) {
    if (size() <= limit) break;
    const t = targets[i];
    if (t) blocks[i] = shortDetails(t);
  }
  return joinParts([keep(top), '', ...blocks.flatMap((b) => [b, '']), foot]);
}

