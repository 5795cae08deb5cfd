// The combining job's merge and its one comment: from the measure jobs' report files (text, as
// the job reads them) to one report, every problem a line, and a body GitHub accepts however
// many targets the matrix has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeReports, NO_REPORT, type ReportFile } from '../../src/report/merge.ts';
import { combinedSections, renderCombined } from '../../src/report/combined.ts';
import { buildReport, type Report, type TargetResult } from '../../src/report/report.ts';
import { describe } from '../../src/analyze/stats.ts';
import { COMBINED_MARKER } from '../../src/github/comment.ts';
import { COMMENT_LIMIT, CHECK_SUMMARY_LIMIT } from '../../src/github/body-cap.ts';
import { sectionText } from '../../src/util/sections.ts';
import type { Environment, Sample } from '../../src/model.ts';

const SHA = 'a'.repeat(40);

function env(gpu: string): Environment {
  return { dockerVersion: '28.2.2', dockerApiVersion: '1.50', dockerHost: 'unix:///var/run/docker.sock', os: 'Ubuntu', kernel: '6.8', cpuModel: 'EPYC', cpuCount: 16, memoryBytes: 1, runnerLabels: ['self-hosted', gpu], gpus: [{ name: `NVIDIA ${gpu}`, driverVersion: '580.1' }] };
}

function samples(n: number, base: number): Sample[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i,
    warmup: i === 0,
    arm: 'head' as const,
    totalMs: base + i * 3,
    phases: [{ name: 'create', ms: 4 }, { name: 'start', ms: 80 + i }, { name: 'weights loaded', ms: base - 40 }, { name: 'ready', ms: base + i * 3 }],
  }));
}

function target(id: string, over: Partial<TargetResult> = {}): TargetResult {
  const s = samples(21, 900);
  const stats = describe(s.filter((x) => !x.warmup).map((x) => x.totalMs));
  return {
    id,
    image: { reference: `ghcr.io/acme/${id}:pr-7`, id: 'sha256:x', sizeBytes: 4e9, layers: 12 },
    healthCheck: 'http:8000/v2/health/ready',
    runs: 20,
    warmup: 1,
    sla: { stat: 'p95', limitMs: 3000, valueMs: stats.p95, met: true },
    verdict: 'pass',
    reasons: [{ code: 'sla-met', severity: 'info', message: `p95 ${stats.p95.toFixed(0)} ms <= SLA 3000 ms` }],
    failOn: ['sla', 'regression'],
    failsStep: false,
    stats,
    timeline: [{ name: 'create', ms: 4 }, { name: 'start', ms: 90 }, { name: 'weights loaded', ms: 860 }, { name: 'ready', ms: 930 }],
    samples: s,
    ...over,
  };
}

function reportOf(targets: TargetResult[], o: { gpu?: string; sha?: string; runner?: string; at?: number } = {}): Report {
  const r = buildReport({ version: 't', runId: 'r', createdAt: new Date(o.at ?? 0), environment: env(o.gpu ?? 'H100'), targets, git: { sha: o.sha ?? SHA } });
  return o.runner ? { ...r, runner: o.runner } : r;
}

const file = (name: string, r: Report | string): ReportFile => ({ file: `reports/${name}`, text: typeof r === 'string' ? r : JSON.stringify(r) });
const opts = (expected: string[] = [], failOn: string[] = ['sla', 'regression']) => ({ expected: expected.map((id) => ({ id, failOn })), headSha: SHA, version: 't', runId: 'm', now: new Date(1000) });

const cases: { name: string; files: ReportFile[]; expected?: string[]; failOn?: string[]; want: { rows: string[]; verdict?: string; problems: RegExp[] } }[] = [
  {
    name: 'three jobs, three targets: all of them, in the config order, each with its runner',
    files: [file('b.json', reportOf([target('b')], { runner: 'gpu-2' })), file('a.json', reportOf([target('a')], { runner: 'gpu-1' })), file('c.json', reportOf([target('c')], { gpu: 'L4', runner: 'gpu-3' }))],
    expected: ['c', 'a', 'b'],
    want: { rows: ['c@gpu-3', 'a@gpu-1', 'b@gpu-2'], verdict: 'pass', problems: [] },
  },
  {
    name: 'one target on two kinds of runner is two results, not a duplicate',
    files: [file('a-h100.json', reportOf([target('a')], { runner: 'h' })), file('a-l4.json', reportOf([target('a')], { gpu: 'L4', runner: 'l' }))],
    want: { rows: ['a@h', 'a@l'], verdict: 'pass', problems: [] },
  },
  {
    name: 'two reports for one target on one kind of runner: the newer is kept, a line says so',
    files: [file('a1.json', reportOf([target('a')], { runner: 'old', at: 1 })), file('a2.json', reportOf([target('a')], { runner: 'new', at: 2 }))],
    want: { rows: ['a@new'], problems: [/^a: two reports for one target on one kind of runner \(reports\/a1\.json, reports\/a2\.json\); kept the newer, reports\/a2\.json, and ignored reports\/a1\.json$/] },
  },
  {
    name: 'a report of another commit is refused alone; the others are posted',
    files: [file('a.json', reportOf([target('a')], { sha: 'b'.repeat(40) })), file('b.json', reportOf([target('b')]))],
    want: { rows: ['b@-'], verdict: 'pass', problems: [/^reports\/a\.json: measured on commit bbbbbbbbbbbb, but this run is for aaaaaaaaaaaa; refusing to post it$/] },
  },
  {
    name: 'a corrupt report and one that is not ours are lines; the others are posted',
    files: [file('x.json', '{"truncated'), file('y.json', '{"hello": 1}'), file('b.json', reportOf([target('b')]))],
    want: { rows: ['b@-'], problems: [/^reports\/x\.json: not a JSON report \(.+\); not posted$/, /^reports\/y\.json: not a startup-sla report \(.+\); not posted$/] },
  },
  {
    name: 'a listed target with no report fails the verdict',
    files: [file('a.json', reportOf([target('a')]))],
    expected: ['a', 'b'],
    want: { rows: ['a@-', 'b@-'], verdict: 'error', problems: [] },
  },
  {
    name: 'fail-on never: a missing report is inconclusive, not a failure',
    files: [file('a.json', reportOf([target('a')]))],
    expected: ['a', 'b'],
    failOn: ['never'],
    want: { rows: ['a@-', 'b@-'], verdict: 'inconclusive', problems: [] },
  },
  { name: 'nothing found and nothing expected: no report', files: [], want: { rows: [], problems: [] } },
];

for (const c of cases) {
  test(`merge: ${c.name}`, () => {
    const m = mergeReports(c.files, opts(c.expected, c.failOn));
    assert.deepEqual(m.report?.targets.map((t) => `${t.id}@${t.runner ?? '-'}`) ?? [], c.want.rows);
    if (c.want.verdict) assert.equal(m.report?.verdict, c.want.verdict);
    assert.equal(m.problems.length, c.want.problems.length, m.problems.join('\n'));
    c.want.problems.forEach((re, i) => assert.match(m.problems[i] ?? '', re));
    const md = renderCombined(m);
    for (const p of m.problems) assert.ok(md.includes(p.replace(/\|/g, '\\|').slice(0, 40)), `the comment shows "${p}"`);
  });
}

test('a missing target reads "no report (job failed or cancelled)" and fails its step unless fail-on never', () => {
  const m = mergeReports([], opts(['gone']));
  const t = m.report?.targets[0];
  assert.equal(t?.reasons[0]?.message, NO_REPORT);
  assert.equal(t?.failsStep, true);
  assert.match(renderCombined(m), /\| gone \| – \| ⛔ error \| – \| – \| – \| no report \(job failed or cancelled\) \|/);
  assert.equal(mergeReports([], opts(['gone'], ['sla', 'never'])).report?.targets[0]?.failsStep, false);
});

test('the combined body: every result in one table, details collapsed, each runner environment shown', () => {
  const m = mergeReports([file('a.json', reportOf([target('a')], { runner: 'gpu-1' })), file('b.json', reportOf([target('b', { verdict: 'fail', failsStep: true })], { gpu: 'L4', runner: 'gpu-2' }))], opts());
  const md = renderCombined(m, { runUrl: 'https://github.com/o/r/actions/runs/1' });
  assert.ok(md.startsWith('## ❌ startup-sla: FAIL (2 results on 2 runners)'));
  assert.match(md, /\| a \| gpu-1 \| ✅ pass \|/);
  assert.match(md, /\| b \| gpu-2 \| ❌ fail \|/);
  assert.equal(md.match(/<details><summary>(✅|❌|⚠️|⛔) /g)?.length, 2);
  assert.match(md, /NVIDIA H100 \(driver 580\.1\)/);
  assert.match(md, /NVIDIA L4 \(driver 580\.1\)/);
  const [verdict] = combinedSections(m);
  assert.ok(verdict?.kind === 'keep' && verdict.markdown.includes('| b | gpu-2 |') && !verdict.markdown.includes('<details>'), 'the table is the kept section; the details are not');
  assert.equal(combinedSections(m).map(sectionText).join(''), renderCombined(m));
});

test('50 and 200 targets with long logs fit GitHub limits; the verdict table stays whole', () => {
  for (const n of [50, 200]) {
    const logTail = Array.from({ length: 60 }, (_, i) => `line ${i}: ${'x'.repeat(150)}`);
    const files = Array.from({ length: n }, (_, i) => file(`t${i}.json`, reportOf([target(`model-${i}`, i % 5 === 0 ? { verdict: 'error', failsStep: true, error: { message: 'exited 1', logTail } } : {})], { runner: `runner-${i % 4}`, gpu: ['A100', 'H100', 'L4', 'H200'][i % 4] })));
    const m = mergeReports(files, opts());
    const full = renderCombined(m);
    assert.ok(full.length > COMMENT_LIMIT, `${n} targets: the unshrunk body (${full.length}) is over the limit, or this test proves nothing`);
    for (const limit of [COMMENT_LIMIT - COMBINED_MARKER.length - 1, CHECK_SUMMARY_LIMIT]) {
      const md = renderCombined(m, { limit });
      if (n === 50) assert.ok(md.length <= limit, `${n} targets: ${md.length} > ${limit}`);
      for (let i = 0; i < n; i++) assert.ok(md.includes(`| model-${i} | runner-${i % 4} |`), `model-${i} in the table`);
      if (n === 50) assert.equal(md.match(/<details><summary>(✅|❌|⚠️|⛔) /g)?.length, 50, 'every target keeps its collapsed details');
    }
  }
});

test('the combining job is chosen by a folder or a glob, and collects only reports from it', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { collectReports, isReportCollection } = await import('../../src/action-combine.ts');
  const dir = mkdtempSync(join(tmpdir(), 'ssla-collect-'));
  mkdirSync(join(dir, 'reports/sub'), { recursive: true });
  writeFileSync(join(dir, 'one.json'), '{}');
  for (const f of ['reports/a.json', 'reports/a.json.bmf.json', 'reports/a.benchmark-action.json', 'reports/sub/b.json', 'reports/notes.txt']) writeFileSync(join(dir, f), '{}');
  for (const [given, want] of [['reports', true], ['reports/', true], ['later/', true], ['reports/*.json', true], ['one.json', false], ['missing.json', false], ['', false], [undefined, false]] as const) {
    assert.equal(isReportCollection(given, dir), want, String(given));
  }
  assert.deepEqual(collectReports('reports/', dir).files.map((f) => f.file), ['reports/a.json', 'reports/sub/b.json'], 'exports and other files are not reports; subfolders (one per artifact) are read');
  assert.deepEqual(collectReports('reports/*.json', dir).files.map((f) => f.file), ['reports/a.json'], 'a glob leaves our exports out too');
  const none = collectReports('later/', dir);
  assert.deepEqual(none.files, []);
  assert.match(none.problems[0] ?? '', /^Input "report" has value "later\/": cannot be read \(ENOENT\)$/);
  mkdirSync(join(dir, 'empty'));
  assert.match(collectReports('empty/', dir).problems[0] ?? '', /^no reports in "empty\/": each measure job uploads its report as an artifact \(startup-sla-report-<target>-<runner>\)/);
});
