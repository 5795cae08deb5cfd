import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTarget, type EvaluateInput } from '../../src/baseline/evaluate.ts';
import { fingerprintKey, fingerprintOf } from '../../src/baseline/fingerprint.ts';
import { emptyHistory, toHistoryEntry } from '../../src/baseline/history.ts';
import { describe } from '../../src/analyze/stats.ts';
import type { Sample } from '../../src/model.ts';
import { env } from './baseline-fixtures.ts';

const fp = fingerprintOf(env);
const jitter = (i: number) => ((i * 37) % 11) - 5;
/** init 500 ms, engine `engine` ms, 300 ms to ready, a few ms of jitter per start. */
function run(n: number, engine: number, arm: Sample['arm'] = 'head'): Sample[] {
  return Array.from({ length: n }, (_, i) => {
    const a = 500 + jitter(i);
    const b = a + engine + jitter(i + 3);
    const c = b + 300 + jitter(i + 7);
    return { index: i, warmup: false, arm, totalMs: c, phases: [{ name: 'create', ms: 0 }, { name: 'start', ms: a }, { name: 'engine deserialized', ms: b }, { name: 'ready', ms: c }] };
  });
}
const base = run(10, 100);
const entry = toHistoryEntry({ runId: '7', commit: 'b'.repeat(40), ref: 'refs/heads/main', date: '2026-11-20T00:00:00Z', samples: base, stats: describe(base.map((s) => s.totalMs)), artefact: { imageSizeBytes: 1e9 } });
// Five earlier default-branch runs, a little apart, then the base commit's own: enough stored
// runs for the run-to-run spread to be estimated rather than assumed.
const earlier = [0.99, 1.01, 1.0, 0.98, 1.02].map((f, i) => {
  const r = run(10, 100).map((x) => ({ ...x, totalMs: x.totalMs * f }));
  return toHistoryEntry({ runId: `e${i}`, commit: String(i).repeat(40), ref: 'refs/heads/main', date: `2026-11-1${i}T00:00:00Z`, samples: r, stats: describe(r.map((x) => x.totalMs)) });
});
const doc = { ...emptyHistory('api', fingerprintKey(fp), fp), entries: [...earlier, entry] };
const common = { environment: fp, slaMs: 3000, slaStat: 'p95' as const, thresholdPct: 10, failOn: ['sla', 'regression'] as const, artefact: { imageSizeBytes: 1.2e9 } };
const ctx = { defaultBranch: 'main', baseCommit: 'b'.repeat(40) };

const cases: { name: string; input: EvaluateInput; verdict: string; codes: string[]; check?: (m: string) => void }[] = [
  {
    name: 'history: engine +180 ms is a regression, named, against the base commit',
    input: { ...common, samples: run(10, 280), baseline: { kind: 'history', doc, context: ctx } },
    verdict: 'fail',
    codes: ['sla-met', 'regression'],
    check: (m) => {
      assert.match(m, /vs base commit bbbbbbb \(2026-11-20T00:00:00Z\)/);
      assert.match(m, /moved: engine deserialized \+180 ms/);
    },
  },
  { name: 'history: same build passes', input: { ...common, samples: run(10, 100), baseline: { kind: 'history', doc, context: ctx } }, verdict: 'pass', codes: ['sla-met', 'no-change'] },
  {
    name: 'history from another environment: warning only',
    input: { ...common, environment: fingerprintOf({ ...env, dockerVersion: '28.0.0' }), samples: run(10, 280), baseline: { kind: 'history', doc, context: ctx } },
    verdict: 'pass',
    codes: ['sla-met', 'not-comparable'],
  },
  { name: 'history empty', input: { ...common, samples: run(10, 280), baseline: { kind: 'history', doc: { ...doc, entries: [] }, context: ctx } }, verdict: 'pass', codes: ['sla-met', 'no-baseline'], check: (m) => assert.match(m, /history is empty/) },
  { name: 'store unreadable', input: { ...common, samples: run(10, 100), baseline: { kind: 'history', doc: undefined, context: ctx, problem: 'x.json is not valid JSON' } }, verdict: 'pass', codes: ['sla-met', 'no-baseline'], check: (m) => assert.match(m, /not valid JSON/) },
  { name: 'baseline: none', input: { ...common, samples: run(10, 100), baseline: { kind: 'none', reason: 'baseline: none' } }, verdict: 'pass', codes: ['sla-met', 'no-baseline'] },
  { name: 'interleaved A/B', input: { ...common, samples: [...run(10, 280), ...run(10, 100, 'base')], baseline: { kind: 'interleaved' } }, verdict: 'fail', codes: ['sla-met', 'regression'] },
];

for (const c of cases) {
  test(`evaluate: ${c.name}`, () => {
    const e = evaluateTarget(c.input);
    assert.equal(e.verdict.verdict, c.verdict, JSON.stringify(e.verdict.reasons));
    assert.deepEqual(e.verdict.reasons.map((r) => r.code), c.codes);
    c.check?.(e.verdict.reasons[1]?.message ?? '');
  });
}

test('evaluate: what changed is reported beside the comparison', () => {
  const e = evaluateTarget({ ...common, samples: run(10, 100), baseline: { kind: 'history', doc, context: ctx } });
  assert.deepEqual(e.changes.map((c) => c.text), ['image size 1.00 GB -> 1.20 GB (+200 MB)']);
  assert.equal(e.selection?.entry?.runId, '7');
});
