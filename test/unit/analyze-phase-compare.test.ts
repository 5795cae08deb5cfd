import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePhases, movedPhases } from '../../src/analyze/phase-compare.ts';
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
