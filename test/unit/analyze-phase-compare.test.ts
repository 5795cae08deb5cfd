import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePhases, compareRunPhases, holm, movedPhases } from '../../src/analyze/phase-compare.ts';
import { countedSamples, countedTotals, phaseSegments } from '../../src/analyze/samples.ts';
import type { Sample } from '../../src/model.ts';

/** A start whose segments are init, engine, ready (ms each), with a little per-start jitter. */
function start(index: number, init: number, engine: number, tail: number, arm: Sample['arm'] = 'head', warmup = false): Sample {
  const j = ((index * 37) % 11) - 5; // deterministic jitter, -5..5 ms
  const a = init + j;
  const b = a + engine + j / 2;
  const c = b + tail - j / 3;
  return {
    index,
    warmup,
    arm,
    totalMs: c,
    phases: [{ name: 'create', ms: 0 }, { name: 'container started', ms: a }, { name: 'engine deserialized', ms: b }, { name: 'ready', ms: c }],
  };
}

const base = Array.from({ length: 10 }, (_, i) => start(i, 500, 100, 300, 'base'));
const head = Array.from({ length: 10 }, (_, i) => start(i + 3, 500, 280, 300));

test('segments are mark minus the previous mark of the same start', () => {
  const seg = phaseSegments([start(4, 500, 100, 300)]); // index 4: jitter 0
  assert.deepEqual([...seg.keys()], ['container started', 'engine deserialized', 'ready']);
  assert.equal(seg.get('engine deserialized')?.[0], 100);
});

test('names the phase that moved, and only that one', () => {
  const phases = comparePhases(head, base);
  const moved = movedPhases(phases);
  assert.deepEqual(moved.map((p) => p.label), ['engine deserialized +180 ms']);
  assert.equal(phases.length, 3);
});

test('a clear move under the least that counts is labelled as such, not as noise', () => {
  // +10 ms on a 900 ms start: every head start is slower, but 2% of the total is 18 ms.
  const small = Array.from({ length: 10 }, (_, i) => start(i + 3, 500, 110, 300));
  const engine = comparePhases(small, base).find((p) => p.name === 'engine deserialized');
  assert.equal(engine?.moved, false);
  assert.match(engine?.label ?? '', /^engine deserialized \+10 ms \(p=[^,]+, but under the 18 ms a phase must move to be named\)$/);
  const noise = comparePhases(small, base).find((p) => p.name === 'ready');
  assert.match(noise?.label ?? '', /\(not significant, p=/);
});

test('nothing moves between equal runs', () => {
  const again = Array.from({ length: 10 }, (_, i) => start(i + 5, 500, 100, 300));
  assert.deepEqual(movedPhases(comparePhases(again, base)), []);
});

test('a phase on one side only is not compared', () => {
  const extra = head.map((s) => ({ ...s, phases: [...s.phases, { name: 'warm-up inference', ms: s.totalMs - 1 }] }));
  assert.ok(!comparePhases(extra, base).some((p) => p.name === 'warm-up inference'));
});

test('warm-ups and the other arm do not count', () => {
  const mixed = [start(0, 900, 900, 900, 'head', true), ...head, ...base];
  assert.equal(countedTotals(mixed).length, 10);
  assert.equal(countedTotals(mixed, 'base').length, 10);
  assert.equal(countedSamples(mixed, 'base')[0]?.arm, 'base');
});

test('holm: the step-down thresholds, table', () => {
  const rows: { p: number[]; alpha: number; want: boolean[] }[] = [
    { p: [], alpha: 0.05, want: [] },
    { p: [0.001], alpha: 0.05, want: [true] },
    { p: [0.05], alpha: 0.05, want: [false] },
    // 0.01 < 0.05/3, 0.02 < 0.05/2, 0.04 < 0.05: all (Bonferroni would keep only the first)
    { p: [0.04, 0.01, 0.02], alpha: 0.05, want: [true, true, true] },
    // the second smallest fails 0.05/2: it and everything after it stay unnamed
    { p: [0.001, 0.03, 0.026], alpha: 0.05, want: [true, false, false] },
    { p: [0.2, 0.0001, 0.9, 0.3], alpha: 0.05, want: [false, true, false, false] },
  ];
  for (const r of rows) assert.deepEqual(holm(r.p, r.alpha), r.want, JSON.stringify(r.p));
});

// The H200 PR comparison (bench/results/gpu/2026-12-02/compare2.json): a server with 13 phases,
// 6 vs 6 starts, CUDA_MODULE_LOADING=EAGER moved "cuda context" by about +2.4 s. The rank test's
// smallest two-sided p at 6 vs 6 is 0.0022: that phase must be named, and only that one.
test('13 phases, 6 vs 6 starts: the one phase that moved is named', () => {
  const names = Array.from({ length: 12 }, (_, k) => `phase ${k}`);
  const mk = (index: number, arm: Sample['arm'], cuda: number): Sample => {
    let at = 0;
    const phases = [{ name: 'create', ms: 0 }];
    for (const [k, name] of names.entries()) {
      at += 100 + (((index * 7 + k * 13) % 9) - 4) * 10; // segments 60..140 ms, no shift
      if (k === 5) at += cuda;
      phases.push({ name, ms: at });
    }
    at += 5;
    phases.push({ name: 'ready', ms: at });
    return { index, warmup: false, arm, totalMs: at, phases };
  };
  const baseRuns = Array.from({ length: 6 }, (_, i) => mk(2 * i, 'base', 320 + i * 3.7));
  const headRuns = Array.from({ length: 6 }, (_, i) => mk(2 * i + 1, 'head', 2700 + i * 41.3));
  const moved = movedPhases(comparePhases(headRuns, baseRuns));
  assert.deepEqual(moved.map((p) => p.name), ['phase 5']);
  const same = Array.from({ length: 6 }, (_, i) => mk(2 * i + 1, 'head', 321 + i * 3.1));
  assert.deepEqual(movedPhases(comparePhases(same, baseRuns)), []);
});

/** A stored run: `start` shapes scaled by the run's own drift factor. */
function storedRun(factor: number, init = 500, engine = 100, tail = 300): Sample[] {
  return Array.from({ length: 10 }, (_, i) => start(i, init * factor, engine * factor, tail * factor, 'base'));
}
const drifts = [0.96, 1.03, 0.99, 1.05, 0.97, 1.01, 1.04, 0.98, 1.02, 1.0];

for (const c of [
  { name: 'a run 5% slower as a whole, 10 stored runs drifting by that much: nothing named', head: storedRun(1.05), runs: drifts.map((f) => storedRun(f)), want: [] },
  { name: 'one phase +180 ms against 10 drifting runs: that phase only', head: storedRun(1.0, 500, 280), runs: drifts.map((f) => storedRun(f)), want: ['engine deserialized'] },
  { name: 'one stored run: the assumed 8% run-to-run spread keeps a +10% phase unnamed', head: storedRun(1.0, 550), runs: [storedRun(1.0)], want: [] },
  { name: 'one stored run: a phase that doubled is named', head: storedRun(1.0, 500, 200), runs: [storedRun(1.0)], want: ['engine deserialized'] },
  { name: 'no stored runs: nothing to compare with', head: storedRun(1.0, 500, 280), runs: [], want: [] },
]) {
  test(`history phases, the run as the unit: ${c.name}`, () => {
    assert.deepEqual(movedPhases(compareRunPhases(c.head, c.runs)).map((p) => p.name), c.want);
  });
}

test('history phases: the start-against-start rule it replaced names the longest phase of a run that only drifted', () => {
  // The reason for compareRunPhases: the same data, held start against start.
  assert.deepEqual(movedPhases(comparePhases(storedRun(1.05), storedRun(1.0))).map((p) => p.name), ['container started']);
});

test('history phases: a phase absent from the stored runs is not compared; a 0 ms segment is shown, never named', () => {
  const head = storedRun(1.0).map((s) => ({ ...s, phases: [...s.phases, { name: 'new mark', ms: s.totalMs }] }));
  const phases = compareRunPhases(head, drifts.map((f) => storedRun(f)));
  assert.ok(!phases.some((p) => p.name === 'new mark'));
  const zero = storedRun(1.0).map((s) => ({ ...s, phases: [...s.phases, { name: 'same instant', ms: s.totalMs }] }));
  const withZero = compareRunPhases(zero, drifts.map((f) => storedRun(f).map((s) => ({ ...s, phases: [...s.phases, { name: 'same instant', ms: s.totalMs }] }))));
  const p = withZero.find((x) => x.name === 'same instant');
  assert.ok(p && !p.moved && p.pValue === 1, JSON.stringify(p));
});
