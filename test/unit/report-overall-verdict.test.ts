// overallVerdict (report/report.ts) as a table: one report's verdict from its targets'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overallVerdict } from '../../src/report/report.ts';
import type { Verdict } from '../../src/model.ts';

const cases: { targets: Verdict[]; want: Verdict }[] = [
  { targets: ['pass'], want: 'pass' },
  { targets: ['fail'], want: 'fail' },
  { targets: ['inconclusive'], want: 'inconclusive' },
  { targets: ['error'], want: 'error' },
  { targets: ['pass', 'pass', 'pass'], want: 'pass' },
  { targets: ['pass', 'inconclusive'], want: 'inconclusive' },
  { targets: ['inconclusive', 'fail'], want: 'fail' },
  { targets: ['fail', 'pass', 'inconclusive'], want: 'fail' },
  { targets: ['pass', 'fail', 'error'], want: 'error' },
  { targets: ['error', 'fail', 'inconclusive', 'pass'], want: 'error' },
  { targets: ['inconclusive', 'pass', 'inconclusive'], want: 'inconclusive' },
];

for (const c of cases) {
  test(`overallVerdict: ${c.targets.join(' + ')} -> ${c.want}`, () => {
    assert.equal(overallVerdict(c.targets.map((verdict) => ({ verdict }))), c.want);
    // Order of targets never matters.
    assert.equal(overallVerdict([...c.targets].reverse().map((verdict) => ({ verdict }))), c.want);
  });
}

// buildReport refuses a report without targets, so this is unreachable today; were it reached,
// "nothing was measured" must not read as a pass (the verdict decider says 'error' for no samples).
test('overallVerdict: no targets is an error, not a pass', () => {
  assert.equal(overallVerdict([]), 'error');
});
