// The Markdown the user reads, rendered from plain data: verdict first, safe with hostile
// labels, comparison and trend when there is a baseline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSummary, summarySections, cell } from '../../src/report/summary.ts';
import { buildReport, type TargetResult } from '../../src/report/report.ts';
import { describe } from '../../src/analyze/stats.ts';
import { capBody } from '../../src/github/body-cap.ts';
import { joinSections } from '../../src/util/sections.ts';
import { logExcerpt } from '../../src/report/safe-text.ts';
import type { Environment } from '../../src/model.ts';

const environment: Environment = {
  dockerVersion: '28.2.2',
  dockerApiVersion: '1.50',
  dockerHost: 'unix:///var/run/docker.sock',
  os: 'Ubuntu',
  kernel: '6.8',
  cpuModel: 'EPYC',
  cpuCount: 16,
  memoryBytes: 1,
  gpus: [{ name: 'NVIDIA H100 80GB HBM3', driverVersion: '580.159.04', persistenceMode: 'Enabled' }],
};

function target(over: Partial<TargetResult> = {}): TargetResult {
  const stats = describe([300, 310, 320]);
  return {
    id: 'triton',
    image: { reference: 'srv:pr', id: 'sha256:x', sizeBytes: 1e8, layers: 4 },
    healthCheck: 'http:8000/v2/health/ready',
    runs: 3,
    warmup: 1,
    sla: { stat: 'p95', limitMs: 3000, valueMs: stats.p95, met: true },
    verdict: 'pass',
    reasons: [{ code: 'sla-met', severity: 'info', message: 'p95 319 ms <= SLA 3000 ms' }],
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

const report = (t: TargetResult) => buildReport({ version: 't', runId: 'r', createdAt: new Date(0), environment, targets: [t] });

test('verdict first, then the table and the waterfall', () => {
  const md = renderSummary(report(target()));
  assert.ok(md.startsWith('## ✅ startup-sla: PASS'));
  const [verdict] = summarySections(report(target()));
  assert.ok(verdict?.kind === 'keep' && md.startsWith(verdict.markdown) && !verdict.markdown.includes('| n | min | p50'), 'the verdict is the kept section, the table is not');
  assert.match(md, /\| 3 \| 300\.0 \| 310\.0 \|/);
  assert.match(md, /```mermaid\ngantt/);
  assert.match(md, /engine deserialized : 90, 250/);
  assert.match(md, /NVIDIA H100 80GB HBM3 \(driver 580\.159\.04, persistence Enabled\)/);
});

test('hostile phase labels and reasons cannot break the table, the chart or mention anyone', () => {
  const md = renderSummary(
    report(
      target({
        timeline: [
          { name: 'create', ms: 5 },
          { name: 'x | y ``` @octocat <!-- startup-sla:target=evil --> ; # : end', ms: 50 },
          { name: 'ready', ms: 60 },
        ],
        reasons: [{ code: 'sla-met', severity: 'info', message: 'hi @octocat <img src=x>' }],
      }),
    ),
  );
  assert.ok(!md.includes('@octocat'), 'mentions carry a zero-width space');
  assert.ok(!md.includes('<img'), 'no raw HTML from a label');
  assert.equal(md.match(/<!-- startup-sla:target=/g), null, 'no fake marker');
  const gantt = md.slice(md.indexOf('gantt'), md.indexOf('```', md.indexOf('gantt')));
  assert.ok(!/[;#]/.test(gantt.split('\n').slice(5).join('\n')), gantt);
});

test('comparison, phases that moved, and the trend chart', () => {
  const t = target({
    verdict: 'fail',
    comparison: {
      classification: 'regression',
      ratio: 1.2,
      deltaPct: 20,
      deltaMs: 62,
      ci: { lo: 1.12, hi: 1.3, level: 0.95 },
      pValue: 0.001,
      nBase: 10,
      baseline: { commit: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', date: '2026-11-20T10:00:00Z', description: 'base commit' },
      phases: [{ name: 'engine deserialized', deltaMs: 180, moved: true, label: 'engine deserialized +180 ms' }],
      changes: ['image size 1.20 GB -> 1.32 GB (+120 MB)'],
      environmentDifferences: [],
      trend: [
        { commit: 'a'.repeat(40), shortSha: 'aaaaaaa', date: '2026-11-01', runId: '1', p50: 300, p95: 320, n: 10 },
        { commit: 'b'.repeat(40), shortSha: 'bbbbbbb', date: '2026-11-02', runId: '2', p50: 305, p95: 330, n: 10 },
      ],
    },
  });
  const md = renderSummary(report(t));
  assert.match(md, /\*\*Against baseline `6113728` \(2026-11-20T10:00:00Z\):\*\* median \+20\.0 %/);
  assert.match(md, /Phases that moved: engine deserialized \+180 ms/);
  assert.match(md, /What changed: image size 1\.20 GB -&#62; 1\.32 GB/);
  assert.match(md, /xychart-beta\n.*\n {4}x-axis \["Nov 1", "2", "this run"\]/);
});

test('a huge log excerpt is cut before the verdict ever is', () => {
  const t = target({ verdict: 'fail', error: { message: 'boom', logTail: Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`) } });
  const sections = summarySections(report(t));
  const md = joinSections(sections);
  assert.equal(md, renderSummary(report(t)));
  assert.ok(md.length > 65_536);
  const capped = capBody(sections);
  assert.ok(capped.length <= 65_536);
  assert.ok(capped.startsWith('## ✅') || capped.startsWith('## ❌') || capped.includes('startup-sla: FAIL'));
  assert.match(capped, /earlier lines? cut \(size limit\)|log excerpt removed/);
  assert.ok(sections.some((s) => s.kind === 'lines'), 'the log excerpt is a section of its own');
  assert.ok(joinSections([logExcerpt('t', ['a'])]).includes('```'));
});

test('cell() escapes what Markdown tables and HTML would act on', () => {
  assert.equal(cell('a|b'), 'a&#124;b');
  assert.equal(cell('<b>'), '&#60;b&#62;');
  assert.equal(cell('@team'), '@\u200bteam');
});
