import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alphaPerLook, lookSchedule, nextSampling } from '../../src/analyze/sequential.ts';
import { compareSamples } from '../../src/analyze/compare.ts';

const schedules: { runs: number; maxRuns?: number; looks: number[] }[] = [
  { runs: 10, looks: [10] },
  { runs: 10, maxRuns: 10, looks: [10] },
  { runs: 10, maxRuns: 5, looks: [10] },
  { runs: 10, maxRuns: 30, looks: [10, 15, 23, 30] },
  { runs: 1, maxRuns: 5, looks: [1, 3, 5] },
];
for (const s of schedules) {
  test(`look schedule runs=${s.runs} max-runs=${s.maxRuns}`, () => {
    assert.deepEqual(lookSchedule(s), s.looks);
    assert.equal(alphaPerLook(s, 0.01), 0.01 / s.looks.length);
  });
}

const base = [1000, 1010, 990, 1005, 995, 1002, 998, 1008, 992, 1001];
const inconclusive = compareSamples([900, 1700, 1300, 1600, 950], base);
const decided = compareSamples(base.map((v) => v * 1.3), base);

test('keeps sampling while inconclusive and below max-runs', () => {
  assert.equal(inconclusive.classification, 'inconclusive');
  assert.deepEqual(nextSampling(inconclusive, 10, { runs: 10, maxRuns: 30 }).addRuns, 5);
  assert.equal(nextSampling(inconclusive, 15, { runs: 10, maxRuns: 30 }).addRuns, 8);
  const end = nextSampling(inconclusive, 30, { runs: 10, maxRuns: 30 });
  assert.equal(end.keepSampling, false);
  assert.match(end.reason, /max-runs/);
});

test('stops when decided, when there is no baseline, or without max-runs', () => {
  assert.equal(decided.classification, 'regression');
  assert.equal(nextSampling(decided, 10, { runs: 10, maxRuns: 30 }).keepSampling, false);
  assert.equal(nextSampling(undefined, 10, { runs: 10, maxRuns: 30 }).keepSampling, false);
  assert.equal(nextSampling(inconclusive, 10, { runs: 10 }).keepSampling, false);
});

test('runs too small to ever detect are said up front, with the smallest that can', async () => {
  const { smallestRankP, tooFewRunsWarning } = await import('../../src/analyze/sequential.ts');
  assert.equal(smallestRankP(3), 1 / 20);
  assert.equal(smallestRankP(4), 1 / 70);
  assert.match(tooFewRunsWarning('interleaved', 3, 0.01) ?? '', /runs 3 can never show a regression.*p >= 0\.050.*at least 5/);
  assert.equal(tooFewRunsWarning('interleaved', 5, 0.01), undefined);
  assert.match(tooFewRunsWarning('interleaved', 5, 0.0025) ?? '', /at least 6/);
  assert.match(tooFewRunsWarning('history', 2, 0.01) ?? '', /at least 3/);
  assert.equal(tooFewRunsWarning('history', 3, 0.01), undefined);
});
