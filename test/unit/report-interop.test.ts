// The result in Bencher's metric format and github-action-benchmark's custom JSON, checked
// against the shapes those projects document (test/support/interop-shapes.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe } from '../../src/analyze/stats.ts';
import { loadRunConfig } from '../../src/config/load.ts';
import { exportPath, renderExports, toBenchmarkAction, toBmf } from '../../src/report/interop.ts';
import { buildReport, type TargetResult } from '../../src/report/report.ts';
import type { Environment } from '../../src/model.ts';
import { isBenchmarkAction, isBmf } from '../support/interop-shapes.ts';


const environment: Environment = {
  dockerVersion: '20.10.24', dockerApiVersion: '1.41', dockerHost: 'unix:///var/run/docker.sock', os: 'Debian', kernel: '6.1', cpuModel: 'Xeon', cpuCount: 2, memoryBytes: 1, gpus: [],
};

function target(over: Partial<TargetResult> = {}): TargetResult {
  const stats = describe([300, 310, 320]);
  return {
    id: 'triton',
    image: { reference: 'srv:pr', id: 'sha256:x', sizeBytes: 1e8, layers: 4 },
    healthCheck: 'http:8000/health',
    runs: 3,
    warmup: 1,
    sla: { stat: 'p95', limitMs: 3000, valueMs: stats.p95, met: true },
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
const report = (...targets: TargetResult[]) => buildReport({ version: 't', runId: 'r', createdAt: new Date(0), environment, targets });

test('BMF: the median hot start with min and max as bounds, the SLA statistic, each phase; Bencher latency is in ns', () => {
  const bmf = toBmf(report(target()));
  assert.ok(isBmf(bmf), JSON.stringify(isBmf.errors));
  const s = describe([300, 310, 320]);
  assert.deepEqual(bmf, {
    triton: { latency: { value: 310_000_000, lower_value: 300_000_000, upper_value: 320_000_000 } },
    'triton p95': { latency: { value: Math.round(s.p95 * 1e6) } },
    'triton phase: create': { latency: { value: 5_000_000 } },
    'triton phase: start': { latency: { value: 85_000_000 } },
    'triton phase: engine deserialized': { latency: { value: 160_000_000 } },
    'triton phase: ready': { latency: { value: 60_000_000 } },
  });
});

test('benchmark-action: customSmallerIsBetter entries in ms, read back as its extractor reads them', () => {
  const entries = toBenchmarkAction(report(target(), target({ id: 'small', sla: { stat: 'p50', limitMs: 500, valueMs: 310, met: true } })));
  assert.ok(isBenchmarkAction(entries), JSON.stringify(isBenchmarkAction.errors));
  // github-action-benchmark's extractCustomBenchmarkResult keeps exactly these five fields.
  const back = (JSON.parse(JSON.stringify(entries)) as typeof entries).map(({ name, value, unit, range, extra }) => ({ name, value, unit, range, extra }));
  assert.deepEqual(back.map((e) => [e.name, e.value, e.unit]), [
    ['triton hot start p50', 310, 'ms'],
    ['triton hot start p95', 319, 'ms'],
    ['triton phase: create', 5, 'ms'],
    ['triton phase: start', 85, 'ms'],
    ['triton phase: engine deserialized', 160, 'ms'],
    ['triton phase: ready', 60, 'ms'],
    ['small hot start p50', 310, 'ms'],
    ['small phase: create', 5, 'ms'],
    ['small phase: start', 85, 'ms'],
    ['small phase: engine deserialized', 160, 'ms'],
    ['small phase: ready', 60, 'ms'],
  ]);
  assert.equal(back[0]!.range, '± 10');
  assert.match(back[0]!.extra!, /^n=3 · min 300 ms · p95 319 ms · max 320 ms · SLA p95 <= 3000 ms · pass$/);
});

test('phase labels printed by the server cannot carry markup or mentions into either format', () => {
  const hostile = target({ timeline: [{ name: '<img src=x> @octocat [x](http://e) `rm`', ms: 50 }, { name: 'ready', ms: 60 }] });
  const names = [...Object.keys(toBmf(report(hostile))), ...toBenchmarkAction(report(hostile)).map((e) => e.name)];
  for (const n of names) assert.ok(!/[<>@[\]`]/.test(n), n);
  assert.ok(names.includes('triton phase: img src x octocat x (http://e) rm'), JSON.stringify(names));
});

const figure = (p50MiB: number, maxMiB: number, n = 3) => ({ n, unavailable: 3 - n, p50MiB, maxMiB, sources: ['cgroup'], peak: true });
const slowest = describe([600, 610, 700]);
for (const [name, over, bmfKeys, actionTail] of [
  ['single starts, no cost read: nothing added', {}, [], []],
  [
    'bursts of 4 with host and GPU memory',
    { concurrency: 4, bursts: { size: 4, slowest, allReady: slowest, list: [] }, cost: { memory: figure(26, 30), gpuMemory: figure(684, 690) } },
    [['triton', 'memory-mib', { value: 26, upper_value: 30 }], ['triton', 'gpu-memory-mib', { value: 684, upper_value: 690 }], ['triton burst slowest', 'latency', { value: 610_000_000, lower_value: 600_000_000, upper_value: 700_000_000 }]],
    [['triton burst slowest p50', 610, 'ms'], ['triton host memory p50', 26, 'MiB'], ['triton GPU memory p50', 684, 'MiB']],
  ],
  [
    'bursts stats on a single-start target, and a figure with no reading: left out',
    { concurrency: 1, bursts: { size: 1, slowest, allReady: slowest, list: [] }, cost: { memory: figure(Number.NaN, Number.NaN, 0) } },
    [],
    [],
  ],
] as const) {
  test(`exports, bursts and memory: ${name}`, () => {
    const r = report(target(over as Partial<TargetResult>));
    const bmf = toBmf(r);
    assert.ok(isBmf(bmf), JSON.stringify(isBmf.errors));
    const extra = Object.entries(bmf).flatMap(([b, ms]) => Object.entries(ms).map(([m, v]) => [b, m, v] as const)).filter(([b, m]) => m !== 'latency' || b.endsWith('burst slowest'));
    assert.deepEqual(extra, bmfKeys);
    const entries = toBenchmarkAction(r);
    assert.ok(isBenchmarkAction(entries), JSON.stringify(isBenchmarkAction.errors));
    assert.deepEqual(entries.filter((e) => !/hot start|phase:/.test(e.name)).map((e) => [e.name, e.value, e.unit]), actionTail);
  });
}

test('a target that measured nothing (an error before any counted start) is left out, not written as NaN', () => {
  const failed = target({ id: 'broken', verdict: 'error', stats: describe([]), timeline: [] });
  assert.deepEqual(Object.keys(toBmf(report(failed, target()))).filter((k) => k.startsWith('broken')), []);
  assert.ok(!JSON.stringify(renderExports(report(failed), 'r.json', ['bmf', 'benchmark-action'])).includes('null'));
});

test('the files are written beside the report, named after it', () => {
  assert.equal(exportPath('/tmp/r/startup-sla-report.json', 'bmf'), '/tmp/r/startup-sla-report.bmf.json');
  assert.equal(exportPath('out/report', 'benchmark-action'), 'out/report.benchmark-action.json');
  const files = renderExports(report(target()), 'a/report.json', ['bmf', 'benchmark-action']);
  assert.deepEqual(files.map((f) => f.path), ['a/report.bmf.json', 'a/report.benchmark-action.json']);
  assert.ok(isBmf(JSON.parse(files[0]!.text)));
  assert.ok(isBenchmarkAction(JSON.parse(files[1]!.text)));
  assert.deepEqual(renderExports(report(target()), 'a/report.json', []), []);
});

test('the export input: a comma list of the formats; anything else is refused naming the input', () => {
  assert.deepEqual(loadRunConfig('action', { export: 'bmf, benchmark-action,bmf' }).export, ['bmf', 'benchmark-action']);
  assert.deepEqual(loadRunConfig('action', {}).export, []);
  assert.throws(() => loadRunConfig('action', { export: 'bmf,csv' }), { message: 'Input "export" has value "bmf,csv": expected a comma list of bmf, benchmark-action; "csv" is none of them' });
  assert.throws(() => loadRunConfig('cli', { export: 'json' }), { message: 'Flag --export has value "json": expected a comma list of bmf, benchmark-action; "json" is none of them' });
});
