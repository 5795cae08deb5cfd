import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOutputs, reportOutputs } from '../../src/report/results.ts';
import type { Report, TargetResult } from '../../src/report/report.ts';

const stats = (v: number) => ({ n: 3, min: v, p50: v, p90: v, p95: v, p99: v, max: v, mean: v, stdev: 0 });
function target(id: string, extra: Partial<TargetResult>): TargetResult {
  return {
    id,
    image: { reference: `${id}:1`, id: 'sha256:1', sizeBytes: 1, layers: 1 },
    healthCheck: 'tcp:1',
    runs: 3,
    warmup: 0,
    sla: { stat: 'p95', limitMs: 3000, valueMs: stats(812.34).p95, met: true },
    verdict: 'pass',
    reasons: [],
    failOn: ['sla'],
    failsStep: false,
    stats: stats(812.34),
    timeline: [],
    samples: [],
    ...extra,
  };
}

test('every target in results; figures rounded; a start that never got ready gives empty, not NaN', () => {
  const failed = target('b', { verdict: 'fail', stats: stats(Number.NaN), sla: { stat: 'p95', limitMs: 3000, valueMs: Number.NaN, met: false } });
  const compared = target('a', { baseImage: { reference: 'a:base', id: 'sha256:2', sizeBytes: 1, layers: 1 }, comparison: { classification: 'no-change', deltaPct: 1.234, phases: [], changes: [], environmentDifferences: [], trend: [] } });
  const report = { verdict: 'fail', targets: [failed, compared] } as unknown as Report;
  const out = reportOutputs(report, '/tmp/r.json');
  assert.equal(out['p50-ms'], '');
  assert.equal(out['stat-ms'], '');
  assert.doesNotMatch(JSON.stringify(out), /NaN/);
  const results = JSON.parse(out.results ?? '');
  assert.deepEqual(results[0], { id: 'b', verdict: 'fail', p50Ms: null, p95Ms: null, stat: 'p95', statMs: null, slaMs: 3000, deltaPct: null, comparison: 'none', classification: null,
    concurrency: 1, slaScope: 'start', pageCache: 'warm', burstSlowestP50Ms: null, memoryP50MiB: null, gpuMemoryP50MiB: null, report: '/tmp/r.json',
  });
  assert.equal(results[1].p95Ms, 812.3);
  assert.equal(results[1].deltaPct, 1.2);
  assert.equal(results[1].comparison, 'interleaved');
  assert.equal(reportOutputs({ verdict: 'pass', targets: [compared] } as unknown as Report, 'r').verdict, 'pass');
  assert.equal(reportOutputs({ verdict: 'pass', targets: [compared] } as unknown as Report, 'r')['p50-ms'], '812.3');
});

test('bursts and what readiness cost reach results; a figure with no reading is null', () => {
  const cost = { n: 4, unavailable: 0, p50MiB: 26.04, maxMiB: 30, sources: ['cgroup memory.peak'], peak: true };
  const burst = target('k4', {
    concurrency: 4,
    slaScope: 'burst',
    pageCache: 'drop',
    bursts: { size: 4, slowest: stats(770.26), allReady: stats(801), list: [] },
    cost: { memory: cost, gpuMemory: { ...cost, n: 0, unavailable: 4, p50MiB: Number.NaN, maxMiB: Number.NaN, sources: [], peak: false, reason: 'no nvidia-smi' } },
  });
  const [r] = JSON.parse(reportOutputs({ verdict: 'pass', targets: [burst] } as unknown as Report, 'r').results ?? '');
  assert.deepEqual(
    { concurrency: r.concurrency, slaScope: r.slaScope, pageCache: r.pageCache, burstSlowestP50Ms: r.burstSlowestP50Ms, memoryP50MiB: r.memoryP50MiB, gpuMemoryP50MiB: r.gpuMemoryP50MiB },
    { concurrency: 4, slaScope: 'burst', pageCache: 'drop', burstSlowestP50Ms: 770.3, memoryP50MiB: 26, gpuMemoryP50MiB: null },
  );
});

test('an errored run: verdict error, every figure empty, results []', () => {
  assert.deepEqual(errorOutputs(), { verdict: 'error', 'p50-ms': '', 'p95-ms': '', 'stat-ms': '', 'delta-pct': '', report: '', results: '[]' });
});
