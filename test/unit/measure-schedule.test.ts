// scheduleStarts (measure/run.ts) as a table: the order of warm-ups and counted starts, and the
// ABBA alternation that keeps either arm from always running first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleStarts } from '../../src/measure/run.ts';

// h/b: head/base counted; H/B: head/base warm-up.
const code = (s: { arm: 'head' | 'base'; warmup: boolean }[]) => s.map((x) => (x.arm === 'head' ? 'h' : 'b')[x.warmup ? 'toUpperCase' : 'toLowerCase']()).join(' ');

const cases: { name: string; runs: number; warmup: number; withBase: boolean; want: string }[] = [
  { name: 'nothing to run', runs: 0, warmup: 0, withBase: false, want: '' },
  { name: 'nothing to run, with a base', runs: 0, warmup: 0, withBase: true, want: '' },
  { name: 'head only, no warm-up', runs: 3, warmup: 0, withBase: false, want: 'h h h' },
  { name: 'head only, warm-ups first', runs: 2, warmup: 2, withBase: false, want: 'H H h h' },
  { name: 'warm-ups only', runs: 0, warmup: 2, withBase: false, want: 'H H' },
  { name: 'A/B: ABBA pairs', runs: 4, warmup: 0, withBase: true, want: 'h b b h h b b h' },
  { name: 'A/B: an odd number of pairs ends head first', runs: 3, warmup: 0, withBase: true, want: 'h b b h h b' },
  { name: 'A/B: warm-ups alternate too, and counting restarts head first', runs: 2, warmup: 1, withBase: true, want: 'H B h b b h' },
  { name: 'A/B: two warm-up pairs', runs: 1, warmup: 2, withBase: true, want: 'H B B H h b' },
  { name: 'negative counts schedule nothing', runs: -1, warmup: -2, withBase: true, want: '' },
];

for (const c of cases) {
  test(`scheduleStarts: ${c.name}`, () => {
    assert.equal(code(scheduleStarts(c.runs, c.warmup, c.withBase)), c.want);
  });
}

test('scheduleStarts: each arm gets exactly runs counted and warmup warm-up starts', () => {
  for (const [runs, warmup] of [[1, 0], [5, 1], [10, 3], [7, 2]] as const) {
    const s = scheduleStarts(runs, warmup, true);
    for (const arm of ['head', 'base'] as const) {
      assert.equal(s.filter((x) => x.arm === arm && !x.warmup).length, runs, `${arm} counted, ${runs}/${warmup}`);
      assert.equal(s.filter((x) => x.arm === arm && x.warmup).length, warmup, `${arm} warm-up, ${runs}/${warmup}`);
    }
    // No counted start before the last warm-up.
    assert.ok(s.findIndex((x) => !x.warmup) >= s.findLastIndex((x) => x.warmup), `order ${runs}/${warmup}`);
    // Over an even number of pairs each arm goes first equally often.
    const counted = s.filter((x) => !x.warmup);
    const headFirst = counted.filter((x, i) => i % 2 === 0 && x.arm === 'head').length;
    if (runs % 2 === 0) assert.equal(headFirst, runs / 2);
  }
});
