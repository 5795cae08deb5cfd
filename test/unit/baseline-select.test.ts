import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBaseline, type SelectionContext } from '../../src/baseline/select.ts';
import { trendPoints } from '../../src/baseline/trend.ts';
import { entry } from './baseline-fixtures.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const history = [
  entry('1', A, '2026-11-01T10:00:00Z'),
  entry('2', B, '2026-11-02T10:00:00Z'),
  entry('3', B, '2026-11-02T12:00:00Z'), // a re-run of B
  entry('4', 'f'.repeat(40), '2026-11-03T10:00:00Z', 'refs/heads/feature'), // dispatch on a branch
  entry('5', C, '2026-11-04T10:00:00Z', 'main'),
];

const cases: { name: string; ctx: SelectionContext; entries?: typeof history; runId?: string; how?: string; reason?: RegExp }[] = [
  { name: 'PR: the base commit, newest re-run', ctx: { defaultBranch: 'main', baseCommit: B }, runId: '3', how: 'base-commit' },
  { name: 'PR: base commit on a branch still counts', ctx: { defaultBranch: 'main', baseCommit: 'f'.repeat(40) }, runId: '4', how: 'base-commit' },
  { name: 'PR: base without a result -> nearest older main entry', ctx: { defaultBranch: 'main', baseCommit: 'd'.repeat(40), notAfter: '2026-11-03T23:00:00Z' }, runId: '3', how: 'nearest-older' },
  { name: 'PR: nearest older skips other branches', ctx: { defaultBranch: 'main', baseCommit: 'd'.repeat(40), notAfter: '2026-11-03T11:00:00Z' }, runId: '3', how: 'nearest-older' },
  { name: 'PR: base date unknown -> newest main entry', ctx: { defaultBranch: 'main', baseCommit: 'd'.repeat(40) }, runId: '5', how: 'nearest-older' },
  { name: 'push: never its own commit', ctx: { defaultBranch: 'main', headCommit: C }, runId: '3', how: 'nearest-older' },
  { name: 'ref written as a short name', ctx: { defaultBranch: 'main', notAfter: '2026-11-05T00:00:00Z' }, runId: '5', how: 'nearest-older' },
  { name: 'everything is newer', ctx: { defaultBranch: 'main', notAfter: '2026-10-01T00:00:00Z' }, reason: /none of 5 stored result\(s\) is on main at or before 2026-10-01/ },
  { name: 'another default branch', ctx: { defaultBranch: 'trunk' }, reason: /none of 5 .* on trunk/ },
  { name: 'empty history', ctx: { defaultBranch: 'main', baseCommit: A }, entries: [], reason: /history is empty/ },
];

for (const c of cases) {
  test(`select: ${c.name}`, () => {
    const s = selectBaseline(c.entries ?? history, c.ctx);
    if (c.reason) {
      assert.equal(s.entry, undefined);
      if (s.entry === undefined) assert.match(s.reason, c.reason);
      return;
    }
    assert.ok(s.entry, 'expected a baseline');
    if (s.entry) {
      assert.equal(s.entry.runId, c.runId);
      assert.equal(s.how, c.how);
      assert.equal(s.commit, s.entry.commit);
      assert.equal(s.date, s.entry.date);
      assert.match(s.description, new RegExp(`${s.commit.slice(0, 7)} \\(${s.date}\\)`));
    }
  });
}

test('the description says when the base commit had no result', () => {
  const s = selectBaseline(history, { defaultBranch: 'main', baseCommit: 'd'.repeat(40) });
  assert.ok(s.entry);
  if (s.entry) assert.match(s.description, /base commit ddddddd has no result; nearest older main result ccccccc/);
});

test('trend: last N default-branch points, oldest first', () => {
  const points = trendPoints(history, 'main', 3);
  assert.deepEqual(points.map((p) => p.runId), ['2', '3', '5']);
  assert.equal(points[0]?.shortSha, 'bbbbbbb');
  assert.equal(points[0]?.p50, 1000);
  assert.equal(typeof points[0]?.p95, 'number');
  assert.deepEqual(trendPoints(history, 'main', 0), []);
  assert.equal(trendPoints(history, 'main').length, 4);
});

test('a named baseline file: any branch, the newest result, even without a commit', async () => {
  const { selectBaseline } = await import('../../src/baseline/select.ts');
  const entry = (commit: string, ref: string, date: string) => ({ runId: date, commit, ref, date, totals: [1], stats: { n: 1, min: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 1, mean: 1, stdev: 0 } });
  const entries = [entry('', '', '2026-11-24T10:00:00Z'), entry('', '', '2026-11-25T10:00:00Z')];
  const named = selectBaseline(entries as never, { defaultBranch: 'main', anyBranch: true });
  assert.equal(named.entry?.date, '2026-11-25T10:00:00Z');
  const strict = selectBaseline(entries as never, { defaultBranch: 'main' });
  assert.equal(strict.entry, undefined);
});
