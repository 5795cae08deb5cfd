// The two charts in the summary and the PR comment, as Mermaid (GitHub renders it) with the same
// numbers in a table beside each, for exact values and for readers that get no picture.
// Labels reach Mermaid only through mermaidLabel(): phase names are printed by the server, and
// history entries come from a branch, so neither may close the block or inject syntax.
import type { TargetResult } from './report.ts';
import { segments } from '../measure/phases.ts';
import { phaseTitle } from '../analyze/phases.ts';
import { cell } from './safe-text.ts';

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}`;

/** Mermaid task names and axis labels may not hold ':', ';', '#' or quotes, nor close the block. */
export function mermaidLabel(text: string): string {
  return text.replace(/[^\w .+()/-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'phase';
}

// xychart-beta draws no legend: the series get fixed colours, and the caption names them with
// squares of the same colours. Order: p50, p95, SLA.
const PALETTE = '#3b82f6, #f59e0b, #dc2626';
const LEGEND = { p50: '🟦 p50', p95: '🟧 p95', sla: '🟥 SLA' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-25T08:59:32Z" -> "2026-11-25 08:59 UTC" for the table beside the chart. */
function fullDate(d: string): string {
  const t = new Date(d);
  return Number.isNaN(t.getTime()) ? 'no date' : `${t.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * "2026-11-25T08:59:32Z" -> "Nov 25" (UTC, not the reader's locale). The month is written where
 * it changes and on the first point, the day alone elsewhere, so twenty labels fit the axis;
 * repeated days get "(2)", since the axis merges equal labels.
 */
export function dateLabels(dates: readonly string[]): string[] {
  const seen = new Map<string, number>();
  let month = '';
  return dates.map((d) => {
    const t = new Date(d);
    if (Number.isNaN(t.getTime())) return 'no date';
    const m = MONTHS[t.getUTCMonth()] ?? '';
    const key = `${m} ${t.getUTCDate()}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const day = m === month ? String(t.getUTCDate()) : key;
    month = m;
    return n === 1 ? day : `${day} (${n})`;
  });
}

/** A round top for the y axis, so the chart starts at 0 and small noise does not look like a cliff. */
function axisTop(max: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(max, 1)));
  return Math.ceil((max * 1.1) / step) * step;
}

/**
 * The default branch's recent history, then this run as the last point ("this run"), p50 and p95
 * as lines, the SLA as a line when it is near enough to be drawn without flattening the others.
 */
export function renderTrend(t: TargetResult): string {
  const history = t.comparison?.trend ?? [];
  const headOk = t.stats.n > 0 && Number.isFinite(t.stats.p50) && Number.isFinite(t.stats.p95);
  if (history.length === 0 || (history.length < 2 && !headOk)) return '';
  const axis = dateLabels(history.map((h) => h.date));
  const points = [
    ...history.map((p, i) => ({ label: axis[i] ?? 'no date', date: fullDate(p.date), sha: p.shortSha.replace(/[^0-9a-f]/g, ''), p50: p.p50, p95: p.p95 })),
    ...(headOk ? [{ label: 'this run', date: 'this run', sha: '', p50: t.stats.p50, p95: t.stats.p95 }] : []),
  ];
  const dataMax = Math.max(...points.map((p) => p.p95));
  // An SLA far above the data would squash both lines into the bottom of the chart.
  const drawSla = t.sla.limitMs <= dataMax * 3;
  const top = axisTop(drawSla ? Math.max(dataMax, t.sla.limitMs) : dataMax);
  const series = (f: (p: (typeof points)[number]) => number) => `[${points.map((p) => f(p).toFixed(1)).join(', ')}]`;
  const slaText = `SLA ${t.sla.stat} ≤ ${t.sla.limitMs} ms`;
  const legend = [LEGEND.p50, LEGEND.p95, drawSla ? `${LEGEND.sla} (${slaText})` : `${slaText}, above the chart`].join(' · ');
  const head = headOk ? ` · this run: p50 ${f1(t.stats.p50)} ms, p95 ${f1(t.stats.p95)} ms` : '';
  return [
    '',
    `<details><summary>Trend: the default branch's last ${history.length} results${headOk ? ' and this run' : ''} (p50 and p95, ms)</summary>`,
    '',
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE}"}}}}%%`,
    'xychart-beta',
    '    title "Hot start, ms (create -> ready)"',
    `    x-axis [${points.map((p) => `"${mermaidLabel(p.label)}"`).join(', ')}]`,
    `    y-axis "ms" 0 --> ${top}`,
    `    line ${series((p) => p.p50)}`,
    `    line ${series((p) => p.p95)}`,
    ...(drawSla ? [`    line ${series(() => t.sla.limitMs)}`] : []),
    '```',
    '',
    `${legend}${head}`,
    '',
    '| date | commit | p50 (ms) | p95 (ms) |',
    '|---|---|---:|---:|',
    ...points.map((p) => `| ${cell(p.date)} | ${p.sha ? `\`${p.sha}\`` : '**this run**'} | ${f1(p.p50)} | ${f1(p.p95)} |`),
    '</details>',
  ].join('\n');
}

interface BaseSegment { baseMs?: number; deltaMs?: number; moved: boolean }

/** The comparison's median of each phase on the base side, by phase name (when it has them). */
function baseSegments(t: TargetResult): Map<string, BaseSegment> | undefined {
  const phases = t.comparison?.phases ?? [];
  if (t.comparison?.ratio === undefined || !phases.some((p) => p.baseMs !== undefined)) return undefined;
  return new Map(phases.map((p) => [p.name, { baseMs: p.baseMs, deltaMs: p.deltaMs, moved: p.moved }]));
}

function against(t: TargetResult): string {
  const c = t.comparison;
  if (c?.baseline) return `baseline ${c.baseline.commit.slice(0, 7)}`;
  return t.baseImage ? 'base image' : 'baseline';
}

/**
 * The median start as a waterfall. With a comparison, the base's phases run beside this run's:
 * a second column and a second Gantt section. The base has no create mark of its own (phases are
 * compared from the create call's return on), so its bars start where this run's create ends.
 */
export function renderWaterfall(t: TargetResult): string {
  if (t.timeline.length === 0) return '';
  const segs = segments(t.timeline);
  const base = baseSegments(t);
  const header = base
    ? ['| until | at (ms from create) | took (ms) | base took (ms) | change (ms) |', '|---|---:|---:|---:|---:|']
    : ['| until | at (ms from create) | took (ms) |', '|---|---:|---:|'];
  const rows = segs.map((s) => {
    const row = `| ${cell(phaseTitle(s.name))} | ${f1(s.startMs + s.durationMs)} | ${f1(s.durationMs)} |`;
    if (!base) return row;
    const b = base.get(s.name);
    const change = b?.deltaMs === undefined ? '–' : b.moved ? `**${signed(b.deltaMs)}**` : signed(b.deltaMs);
    return `${row} ${b?.baseMs === undefined ? '–' : f1(b.baseMs)} | ${change} |`;
  });
  const bar = (name: string, from: number, to: number) => `    ${mermaidLabel(phaseTitle(name))} : ${Math.round(from)}, ${Math.max(Math.round(to), Math.round(from) + 1)}`;
  const gantt = ['    section this run', ...segs.filter((s) => s.durationMs > 0).map((s) => bar(s.name, s.startMs, s.startMs + s.durationMs))];
  if (base) {
    const first = segs[0];
    let at = first && base.get(first.name)?.baseMs === undefined ? first.startMs + first.durationMs : 0;
    gantt.push(`    section ${mermaidLabel(against(t))}`);
    for (const s of segs) {
      const ms = base.get(s.name)?.baseMs;
      if (ms === undefined) continue;
      if (ms > 0) gantt.push(bar(s.name, at, at + ms));
      at += ms;
    }
  }
  return [
    `<details><summary>Phase waterfall (median of each mark over the counted starts${base ? `, beside the ${cell(against(t))}` : ''})</summary>`,
    '',
    ...header,
    ...rows,
    '',
    '```mermaid',
    'gantt',
    '    title Median start, ms from the create call',
    '    dateFormat x',
    '    axisFormat %S.%L s',
    ...gantt,
    '```',
    '</details>',
  ].join('\n');
}
