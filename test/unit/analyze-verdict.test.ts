import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVerdict, gateFails, type VerdictInput } from '../../src/analyze/verdict.ts';
import { compareSamples } from '../../src/analyze/compare.ts';
import { describe } from '../../src/analyze/stats.ts';
import type { Verdict } from '../../src/model.ts';

const base = [1000, 1010, 990, 1005, 995, 1002, 998, 1008, 992, 1001];
const same = base.map((v) => v + 0.5);
const slower = base.map((v) => v * 1.2);
const noisy = [700, 1300, 900, 1200, 800];
const stats = (v: number[]) => describe(v);

const cases: { name: string; input: VerdictInput; verdict: Verdict; codes: string[] }[] = [
  {
    name: 'SLA met, no change',
    input: { stats: stats(same), slaMs: 3000, slaStat: 'p95', comparison: compareSamples(same, base), baseline: { commit: 'abcdef1234', date: '2026-11-20' } },
    verdict: 'pass',
    codes: ['sla-met', 'no-change'],
  },
  {
    name: 'SLA breached',
    input: { stats: stats(same), slaMs: 900, slaStat: 'p95', comparison: compareSamples(same, base) },
    verdict: 'fail',
    codes: ['sla-breached', 'no-change'],
  },
  {
    name: 'regression within the SLA still fails',
    input: { stats: stats(slower), slaMs: 3000, slaStat: 'p50', comparison: compareSamples(slower, base) },
    verdict: 'fail',
    codes: ['sla-met', 'regression'],
  },
  {
    name: 'no baseline: SLA decides, and says so',
    input: { stats: stats(slower), slaMs: 3000, slaStat: 'p95', noBaselineReason: 'history is empty' },
    verdict: 'pass',
    codes: ['sla-met', 'no-baseline'],
  },
  {
    name: 'other environment: a warning, never a regression',
    input: { stats: stats(slower), slaMs: 3000, slaStat: 'p95', comparison: compareSamples(slower, base), environmentDifferences: ['GPU driver 535 -> 550'] },
    verdict: 'pass',
    codes: ['sla-met', 'not-comparable'],
  },
  {
    name: 'inconclusive comparison',
    input: { stats: stats(noisy), slaMs: 3000, slaStat: 'p95', comparison: compareSamples(noisy, base.slice(0, 5)) },
    verdict: 'inconclusive',
    codes: ['sla-met', 'inconclusive'],
  },
  {
    name: 'no samples',
    input: { stats: stats([]), slaMs: 3000, slaStat: 'p95' },
    verdict: 'inconclusive',
    codes: ['no-samples'],
  },
];

for (const c of cases) {
  test(`verdict: ${c.name}`, () => {
    const r = decideVerdict(c.input);
    assert.equal(r.verdict, c.verdict, JSON.stringify(r.reasons));
    assert.deepEqual(r.reasons.map((x) => x.code), c.codes);
  });
}

test('reasons name the baseline commit and date', () => {
  const r = decideVerdict({ stats: stats(slower), slaMs: 3000, slaStat: 'p95', comparison: compareSamples(slower, base), baseline: { commit: 'abcdef1234', date: '2026-11-20T10:00:00Z' } });
  assert.match(r.reasons[1]?.message ?? '', /abcdef1 \(2026-11-20T10:00:00Z\)/);
  assert.match(r.reasons[1]?.message ?? '', /\+20\.0%/);
});

test('fail-on decides the exit, not the verdict', () => {
  const regression = decideVerdict({ stats: stats(slower), slaMs: 3000, slaStat: 'p95', comparison: compareSamples(slower, base) });
  assert.equal(gateFails(regression, ['sla', 'regression']), true);
  assert.equal(gateFails(regression, ['sla']), false);
  assert.equal(gateFails(regression, ['never']), false);
  const inconclusive = decideVerdict({ stats: stats(noisy), slaMs: 3000, slaStat: 'p95', comparison: compareSamples(noisy, base.slice(0, 5)) });
  assert.equal(gateFails(inconclusive, ['sla', 'regression']), false);
  assert.equal(gateFails(inconclusive, ['inconclusive']), true);
});
