// The one verdict decider (analyze/verdict.ts) as a table: every way a target can end, with the
// verdict, the reason codes in order, and whether the step fails under fail-on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVerdict, type FailOn, type VerdictInput } from '../../src/analyze/verdict.ts';
import { compareSamples } from '../../src/analyze/compare.ts';
import { compareRuns } from '../../src/analyze/run-compare.ts';
import { describe } from '../../src/analyze/stats.ts';
import type { Verdict } from '../../src/model.ts';

const base = [1000, 1010, 990, 1005, 995, 1002, 998, 1008, 992, 1001];
const same = base.map((v) => v + 0.5);
const slower = base.map((v) => v * 1.2);
const slightly = base.map((v) => v * 1.05);
const noisy = [900, 1700, 1300, 1600, 950];
const stats = (v: number[]) => describe(v);
const dflt: FailOn[] = ['sla', 'regression'];
const runs = [{ medianMs: 1000, n: 10 }];

const cases: { name: string; input: VerdictInput; verdict: Verdict; codes: string[]; fails: boolean }[] = [
  { name: 'SLA met, no change', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareSamples(same, base), baseline: { commit: 'abcdef1234', date: '2026-11-20' } }, verdict: 'pass', codes: ['sla-met', 'no-change'], fails: false },
  { name: 'SLA breached', input: { stats: stats(same), slaMs: 900, slaStat: 'p95', failOn: dflt, comparison: compareSamples(same, base) }, verdict: 'fail', codes: ['sla-breached', 'no-change'], fails: true },
  { name: 'SLA breached, fail-on regression only', input: { stats: stats(same), slaMs: 900, slaStat: 'p95', failOn: ['regression'] }, verdict: 'fail', codes: ['sla-breached', 'no-baseline'], fails: false },
  { name: 'regression within the SLA still fails', input: { stats: stats(slower), slaMs: 3000, slaStat: 'p50', failOn: dflt, comparison: compareSamples(slower, base) }, verdict: 'fail', codes: ['sla-met', 'regression'], fails: true },
  { name: 'regression under fail-on sla only: verdict fail, step passes', input: { stats: stats(slower), slaMs: 3000, slaStat: 'p50', failOn: ['sla'], comparison: compareSamples(slower, base) }, verdict: 'fail', codes: ['sla-met', 'regression'], fails: false },
  { name: 'fail-on never', input: { stats: stats(slower), slaMs: 900, slaStat: 'p50', failOn: ['never'], comparison: compareSamples(slower, base) }, verdict: 'fail', codes: ['sla-breached', 'regression'], fails: false },
  { name: '+5% under a 10% threshold is no regression', input: { stats: stats(slightly), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareSamples(slightly, base) }, verdict: 'pass', codes: ['sla-met', 'no-change'], fails: false },
  { name: 'history: +20% against one stored run is not enough evidence', input: { stats: stats(slower), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareRuns(slower, runs) }, verdict: 'inconclusive', codes: ['sla-met', 'inconclusive'], fails: false },
  { name: 'history: +40% against one stored run fails', input: { stats: stats(base.map((v) => v * 1.4)), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareRuns(base.map((v) => v * 1.4), runs) }, verdict: 'fail', codes: ['sla-met', 'regression'], fails: true },
  { name: 'history: +5% against one stored run passes', input: { stats: stats(slightly), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareRuns(slightly, runs) }, verdict: 'pass', codes: ['sla-met', 'no-change'], fails: false },
  { name: 'no baseline: SLA decides, and says so', input: { stats: stats(slower), slaMs: 3000, slaStat: 'p95', failOn: dflt, noBaselineReason: 'history is empty' }, verdict: 'pass', codes: ['sla-met', 'no-baseline'], fails: false },
  { name: 'other environment: a warning, never a regression', input: { stats: stats(slower), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareSamples(slower, base), environmentDifferences: ['GPU driver 535 -> 550'] }, verdict: 'pass', codes: ['sla-met', 'not-comparable'], fails: false },
  { name: 'inconclusive comparison', input: { stats: stats(noisy), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareSamples(noisy, base.slice(0, 5)) }, verdict: 'inconclusive', codes: ['sla-met', 'inconclusive'], fails: false },
  { name: 'inconclusive under fail-on inconclusive', input: { stats: stats(noisy), slaMs: 3000, slaStat: 'p95', failOn: ['inconclusive'], comparison: compareSamples(noisy, base.slice(0, 5)) }, verdict: 'inconclusive', codes: ['sla-met', 'inconclusive'], fails: true },
  { name: 'a failed start fails, whatever the numbers', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, startFailure: 'exited with code 1', comparison: compareSamples(same, base) }, verdict: 'fail', codes: ['start-failed', 'sla-met', 'no-change'], fails: true },
  { name: 'the first start failed: nothing measured', input: { stats: stats([]), slaMs: 3000, slaStat: 'p95', failOn: dflt, startFailure: 'timed out' }, verdict: 'error', codes: ['start-failed'], fails: true },
  { name: 'a failed start under fail-on never', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: ['never'], startFailure: 'exited' }, verdict: 'fail', codes: ['start-failed', 'sla-met', 'no-baseline'], fails: false },
  { name: 'no samples and no failure: error, never a pass', input: { stats: stats([]), slaMs: 3000, slaStat: 'p95', failOn: dflt }, verdict: 'error', codes: ['no-samples'], fails: true },
  { name: 'a NaN statistic is no SLA met', input: { stats: { ...stats(same), p95: Number.NaN }, slaMs: 3000, slaStat: 'p95', failOn: dflt }, verdict: 'error', codes: ['no-samples'], fails: true },
  { name: 'the run could not measure', input: { stats: stats([]), slaMs: 3000, slaStat: 'p95', failOn: dflt, runError: 'daemon unreachable' }, verdict: 'error', codes: ['error'], fails: true },
  { name: 'a NaN in the baseline: inconclusive naming the baseline', input: { stats: stats(slower), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareSamples(slower, [...base.slice(1), Number.NaN]) }, verdict: 'inconclusive', codes: ['sla-met', 'inconclusive'], fails: false },
  { name: 'cold SLA broken fails under fail-on sla', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: ['sla'], cold: { sla: { stat: 'p95', limitMs: 500, valueMs: 900, met: false } } }, verdict: 'fail', codes: ['sla-met', 'no-baseline', 'cold-sla-breached'], fails: true },
  { name: 'cold SLA broken under fail-on never', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: ['never'], cold: { sla: { stat: 'p95', limitMs: 500, valueMs: 900, met: false } } }, verdict: 'fail', codes: ['sla-met', 'no-baseline', 'cold-sla-breached'], fails: false },
  { name: 'cold SLA met', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, cold: { sla: { stat: 'p95', limitMs: 5000, valueMs: 900, met: true } } }, verdict: 'pass', codes: ['sla-met', 'no-baseline', 'cold-sla-met'], fails: false },
  { name: 'burst scope: the slowest start per burst against the SLA', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, slaScope: { scope: 'burst', size: 4 } }, verdict: 'pass', codes: ['sla-met', 'no-baseline'], fails: false },
  { name: 'burst scope breached', input: { stats: stats(slower), slaMs: 1100, slaStat: 'p95', failOn: dflt, slaScope: { scope: 'burst', size: 4 } }, verdict: 'fail', codes: ['sla-breached', 'no-baseline'], fails: true },
  { name: 'memory within its limit', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, costLimits: [{ kind: 'memory', limitMiB: 512, maxMiB: 300, what: 'peak host memory' }] }, verdict: 'pass', codes: ['sla-met', 'no-baseline', 'memory-within-limit'], fails: false },
  { name: 'memory over its limit fails like the SLA', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, costLimits: [{ kind: 'memory', limitMiB: 256, maxMiB: 300, what: 'peak host memory' }] }, verdict: 'fail', codes: ['sla-met', 'no-baseline', 'memory-over-limit'], fails: true },
  { name: 'memory over its limit under fail-on regression: verdict fail, step passes', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: ['regression'], costLimits: [{ kind: 'memory', limitMiB: 256, maxMiB: 300, what: 'peak host memory' }] }, verdict: 'fail', codes: ['sla-met', 'no-baseline', 'memory-over-limit'], fails: false },
  { name: 'GPU memory over its limit', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, costLimits: [{ kind: 'gpu-memory', limitMiB: 1000, maxMiB: 1500, what: 'GPU memory at ready' }] }, verdict: 'fail', codes: ['sla-met', 'no-baseline', 'gpu-memory-over-limit'], fails: true },
  { name: 'GPU memory unreadable: a warning, not checked, never a fail', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, costLimits: [{ kind: 'gpu-memory', limitMiB: 1000, maxMiB: undefined, what: 'GPU memory at ready', unknownReason: 'nvidia-smi is not installed on this machine' }] }, verdict: 'pass', codes: ['sla-met', 'no-baseline', 'gpu-memory-unknown'], fails: false },
  { name: 'both limits, one over', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, costLimits: [{ kind: 'memory', limitMiB: 512, maxMiB: 100, what: 'peak host memory' }, { kind: 'gpu-memory', limitMiB: 1000, maxMiB: 1001, what: 'GPU memory at ready' }] }, verdict: 'fail', codes: ['sla-met', 'no-baseline', 'memory-within-limit', 'gpu-memory-over-limit'], fails: true },
  { name: 'a matrix target with no report: error', input: { stats: stats([]), slaMs: Number.NaN, slaStat: 'p95', failOn: dflt, missingReport: 'no report (job failed or cancelled)' }, verdict: 'error', codes: ['no-report'], fails: true },
  { name: 'a matrix target with no report under fail-on never: inconclusive', input: { stats: stats([]), slaMs: Number.NaN, slaStat: 'p95', failOn: ['never'], missingReport: 'no report (job failed or cancelled)' }, verdict: 'inconclusive', codes: ['no-report'], fails: false },
  { name: 'a cold start failed', input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, cold: { failure: 'pull refused' } }, verdict: 'fail', codes: ['sla-met', 'no-baseline', 'cold-start-failed'], fails: true },
];

for (const c of cases) {
  test(`verdict: ${c.name}`, () => {
    const r = decideVerdict(c.input);
    assert.equal(r.verdict, c.verdict, JSON.stringify(r.reasons));
    assert.deepEqual(r.reasons.map((x) => x.code), c.codes);
    assert.equal(r.failsStep, c.fails);
  });
}

test('reasons name the baseline commit and date', () => {
  const r = decideVerdict({ stats: stats(slower), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareSamples(slower, base), baseline: { commit: 'abcdef1234', date: '2026-11-20T10:00:00Z' } });
  assert.match(r.reasons[1]?.message ?? '', /abcdef1 \(2026-11-20T10:00:00Z\)/);
  assert.match(r.reasons[1]?.message ?? '', /\+20\.0%/);
});

test('a bad value names its side', () => {
  const r = decideVerdict({ stats: stats(slower), slaMs: 3000, slaStat: 'p95', failOn: dflt, comparison: compareSamples(slower, [...base.slice(1), Number.NaN]) });
  assert.match(r.reasons[1]?.message ?? '', /the baseline has 1 unusable value\(s\) \(NaN\)/);
  const h = compareSamples([...slower.slice(1), 0], base);
  assert.match(h.why, /the head has 1 unusable value\(s\) \(0\)/);
});

test('the SLA reason says what the statistic was taken over', () => {
  const over = (scope: 'start' | 'burst', size: number) => decideVerdict({ stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, slaScope: { scope, size } }).reasons[0]?.message ?? '';
  assert.match(over('start', 1), /^p95 \d+(\.\d)? ms <= SLA 3000 ms$/);
  assert.match(over('start', 3), /^p95 over every start \(bursts of 3\) [\d.]+ ms <= SLA 3000 ms$/);
  assert.match(over('burst', 3), /^p95 of the slowest start per burst of 3 [\d.]+ ms <= SLA 3000 ms$/);
});

test('a memory limit reason names the source, the figure and the input', () => {
  const r = decideVerdict({ stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, costLimits: [{ kind: 'memory', limitMiB: 256, maxMiB: 300.04, what: 'peak host memory (cgroup v1 memory.max_usage_in_bytes)' }] });
  assert.equal(r.reasons.at(-1)?.message, 'peak host memory (cgroup v1 memory.max_usage_in_bytes) max 300 MiB > max-memory-mib 256 MiB');
  const u = decideVerdict({ stats: stats(same), slaMs: 3000, slaStat: 'p95', failOn: dflt, costLimits: [{ kind: 'gpu-memory', limitMiB: 1000, maxMiB: undefined, what: 'GPU memory at ready', unknownReason: 'nvidia-smi is not installed on this machine' }] });
  assert.equal(u.reasons.at(-1)?.message, 'GPU memory at ready could not be read (nvidia-smi is not installed on this machine): max-gpu-memory-mib 1000 MiB not checked');
});
