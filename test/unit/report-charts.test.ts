// The charts people read: the trend names its lines, ends at this run and shows the SLA, with
// readable dates; the waterfall puts the base beside this run when there is a comparison. Both
// stay inert with hostile labels.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe } from '../../src/analyze/stats.ts';
import { dateLabels, mermaidLabel, renderTrend, renderWaterfall } from '../../src/report/charts.ts';
import type { TargetResult } from '../../src/report/report.ts';
import type { ComparisonSummary } from '../../src/report/comparison.ts';
import type { TrendPoint } from '../../src/baseline/trend.ts';

function target(over: Partial<TargetResult> = {}): TargetResult {
  const stats = describe([300, 310, 320]);
  return {
    id: 'triton',
    image: { reference: 'srv:pr', id: 'sha256:x', sizeBytes: 1e8, layers: 4 },
    healthCheck: 'http:8000/health',
    runs: 3,
    warmup: 1,
    sla: { stat: 'p95', limitMs: 500, valueMs: stats.p95, met: true },
    verdict: 'pass',
    reasons: [],
    failOn: ['sla', 'regression'],
    failsStep: false,
    stats,
    timeline: [
      { name: 'create', ms: 5 },
      { name: 'start', ms: 90 },
      { name: 'engine deserialized', ms: 250 },
      { name: 'ready', ms: 310 },
    ],
    samples: [],
    ...over,
  };
}
const point = (sha: string, date: string, p50: number, p95: number): TrendPoint => ({ commit: sha.repeat(40).slice(0, 40), shortSha: sha.repeat(7).slice(0, 7), date, runId: sha, p50, p95, n: 10 });
const comparison = (over: Partial<ComparisonSummary> = {}): ComparisonSummary => ({
  classification: 'regression', ratio: 1.2, deltaPct: 20, deltaMs: 50, phases: [], changes: [], environmentDifferences: [], trend: [], ...over,
});
const chart = (md: string) => md.slice(md.indexOf('```mermaid'), md.indexOf('```', md.indexOf('```mermaid') + 3));

test('trend: dated points, then this run; p50, p95 and the SLA as lines, named in the caption', () => {
  const t = target({ comparison: comparison({ trend: [point('a', '2026-11-01T10:00:00Z', 290, 305), point('b', '2026-11-02T09:00:00Z', 295, 312)] }) });
  const md = renderTrend(t);
  const c = chart(md);
  assert.match(c, /x-axis \["Nov 1", "2", "this run"\]/);
  assert.match(c, /y-axis "ms" 0 --> 600/);
  const lines = [...c.matchAll(/^ {4}line \[(.*)\]$/gm)].map((m) => m[1]);
  assert.deepEqual(lines, ['290.0, 295.0, 310.0', `305.0, 312.0, ${t.stats.p95.toFixed(1)}`, '500.0, 500.0, 500.0']);
  assert.match(c, /plotColorPalette": "#3b82f6, #f59e0b, #dc2626"/);
  assert.match(md, /🟦 p50 · 🟧 p95 · 🟥 SLA \(SLA p95 ≤ 500 ms\) · this run: p50 310\.0 ms, p95 319\.0 ms/);
  // The same numbers as a table, with the commits.
  assert.match(md, /\| 2026-11-01 10:00 UTC \| `aaaaaaa` \| 290\.0 \| 305\.0 \|/);
  assert.match(md, /\| 2026-11-02 09:00 UTC \| `bbbbbbb` \| 295\.0 \| 312\.0 \|/);
  assert.match(md, /\| this run \| \*\*this run\*\* \| 310\.0 \| 319\.0 \|/);
});

test('trend: an SLA far above the data is named, not drawn (it would flatten the lines)', () => {
  const t = target({ sla: { stat: 'p95', limitMs: 3000, valueMs: 319, met: true }, comparison: comparison({ trend: [point('a', '2026-11-01', 290, 305)] }) });
  const md = renderTrend(t);
  assert.equal([...chart(md).matchAll(/^ {4}line /gm)].length, 2);
  assert.match(md, /SLA p95 ≤ 3000 ms, above the chart/);
  assert.match(chart(md), /0 --> 400/);
});

test('trend: nothing without history; history alone when this run measured nothing', () => {
  assert.equal(renderTrend(target()), '');
  assert.equal(renderTrend(target({ comparison: comparison({ trend: [] }) })), '');
  const failed = target({ stats: describe([]), comparison: comparison({ trend: [point('a', '2026-11-01', 1, 2), point('b', '2026-11-03', 1, 2)] }) });
  assert.match(chart(renderTrend(failed)), /x-axis \["Nov 1", "3"\]/);
});

test('dates are readable, in UTC, and unique on the axis', () => {
  assert.deepEqual(dateLabels(['2026-11-25T23:59:00Z', '2026-11-25T08:00:00Z', '2026-11-26', '2026-12-01', '2026-12-02', 'garbage']), ['Nov 25', '25 (2)', '26', 'Dec 1', '2', 'no date']);
});

test('trend: a tampered history entry cannot inject into the chart', () => {
  const evil = { ...point('a', '2026-11-01', 1, 2), shortSha: '"]\n```\n@x', date: '"]; click' };
  const c = chart(renderTrend(target({ comparison: comparison({ trend: [evil, point('b', '2026-11-02', 1, 2)] }) })));
  assert.ok(!c.includes('@x') && c.split('\n').every((l) => !l.startsWith('```') || l === '```mermaid'), c);
  assert.match(c, /x-axis \["no date", "Nov 2", "this run"\]/);
});

test('waterfall: without a comparison, this run only', () => {
  const md = renderWaterfall(target());
  assert.match(md, /\| until \| at \(ms from create\) \| took \(ms\) \|\n/);
  assert.ok(!md.includes('base took'));
  assert.equal((md.match(/section /g) ?? []).length, 1);
});

test('waterfall: with a comparison, the base beside this run in the table and in the chart', () => {
  const t = target({
    comparison: comparison({
      baseline: { commit: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', date: '2026-11-20', description: 'base commit' },
      phases: [
        { name: 'start', deltaMs: 5, moved: false, label: 'start +5 ms', headMs: 85, baseMs: 80 },
        { name: 'engine deserialized', deltaMs: 60, moved: true, label: 'engine deserialized +60 ms', headMs: 160, baseMs: 100 },
        { name: 'ready', deltaMs: 0, moved: false, label: 'ready +0 ms', headMs: 60, baseMs: 60 },
      ],
    }),
  });
  const md = renderWaterfall(t);
  assert.match(md, /beside the baseline 6113728/);
  assert.match(md, /\| until \| at \(ms from create\) \| took \(ms\) \| base took \(ms\) \| change \(ms\) \|/);
  assert.match(md, /\| engine deserialized \| 250\.0 \| 160\.0 \| 100\.0 \| \*\*\+60\.0\*\* \|/);
  assert.match(md, /\| ready \(first passing check\) \| 310\.0 \| 60\.0 \| 60\.0 \| \+0\.0 \|/);
  assert.match(md, /\| create \(API call\) \| 5\.0 \| 5\.0 \| – \| – \|/);
  const c = chart(md);
  assert.match(c, /section this run\n(.*\n){4} {4}section baseline 6113728\n/);
  // The base starts where this run's create call returned, then its own phases follow.
  const base = c.slice(c.indexOf('section baseline'));
  assert.match(base, /engine deserialized : 85, 185/);
  assert.match(base, /ready \(first passing check\) : 185, 245/);
});

test('waterfall: interleaved A/B names the base image; old reports without base medians stay single', () => {
  const ab = target({ baseImage: { reference: 'srv:main', id: 'sha256:y', sizeBytes: 1, layers: 1 }, comparison: comparison({ phases: [{ name: 'ready', deltaMs: 1, moved: false, label: 'x', baseMs: 59 }] }) });
  assert.match(renderWaterfall(ab), /section base image/);
  const old = target({ comparison: comparison({ phases: [{ name: 'ready', deltaMs: 1, moved: false, label: 'x' }] }) });
  assert.ok(!renderWaterfall(old).includes('base took'));
});

test('mermaidLabel keeps plain text and drops what Mermaid would act on', () => {
  assert.equal(mermaidLabel('engine deserialized'), 'engine deserialized');
  assert.equal(mermaidLabel('a:b;c#d"e`f'), 'a b c d e f');
  assert.equal(mermaidLabel('```'), 'phase');
});
