// History mode: this run's median against the stored runs' medians (the run is the unit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSUMED_DRIFT, compareRuns, MIN_RUNS_TO_ESTIMATE, robustSd, tOverZ, WINDOW } from '../../src/analyze/run-compare.ts';
import { classifyChange } from '../../src/analyze/compare.ts';

const head = (medianMs: number) => [0.98, 0.99, 1, 1.01, 1.02, 0.995, 1.005, 0.985, 1.015, 1].map((f) => f * medianMs);
const stored = (...medians: number[]) => medians.map((medianMs) => ({ medianMs, n: 10 }));
const drifting = stored(1000, 1030, 970, 1010, 990, 1050, 960, 1020, 980, 1000);

const cases: { name: string; head: number[]; runs: ReturnType<typeof stored>; classification: string; estimated?: boolean }[] = [
  { name: 'unchanged against one run', head: head(1000), runs: stored(1000), classification: 'no-change', estimated: false },
  { name: '+3% against one run is inside the threshold', head: head(1030), runs: stored(1000), classification: 'no-change' },
  { name: '+40% against one run is a regression', head: head(1400), runs: stored(1000), classification: 'regression' },
  { name: '+12% against one run: past the threshold but within assumed drift', head: head(1120), runs: stored(1000), classification: 'inconclusive' },
  { name: '+20% against ten drifting runs is a regression', head: head(1200), runs: drifting, classification: 'regression', estimated: true },
  { name: '+6% against ten drifting runs passes', head: head(1060), runs: drifting, classification: 'no-change', estimated: true },
  { name: '-30% is an improvement', head: head(700), runs: drifting, classification: 'improvement' },
  { name: 'no stored run', head: head(1000), runs: [], classification: 'inconclusive' },
  { name: 'too few head starts', head: [1000, 1001], runs: stored(1000), classification: 'inconclusive' },
  { name: 'a stored run with a zero median', head: head(1000), runs: stored(0, 1000), classification: 'inconclusive' },
];

for (const c of cases) {
  test(`compareRuns: ${c.name}`, () => {
    const r = compareRuns(c.head, c.runs);
    assert.equal(r.classification, c.classification, r.why);
    assert.equal(r.mode, 'history');
    if (c.estimated !== undefined) assert.equal(r.variation?.estimated, c.estimated);
  });
}

test('compareRuns says how it took run-to-run variation', () => {
  assert.match(compareRuns(head(1000), stored(1000)).why, new RegExp(`fewer than ${MIN_RUNS_TO_ESTIMATE}: run-to-run .*assumed`));
  assert.match(compareRuns(head(1000), drifting).why, /from 10 runs/);
  assert.ok((compareRuns(head(1000), stored(1000)).variation?.betweenRunCv ?? 0) >= ASSUMED_DRIFT);
});

test('only the newest WINDOW runs count', () => {
  const old = stored(...Array.from({ length: 20 }, () => 2000));
  const r = compareRuns(head(1000), [...stored(...Array.from({ length: WINDOW }, () => 1000)), ...old]);
  assert.equal(r.nBase, WINDOW);
  assert.equal(r.classification, 'no-change');
});

test('robustSd ignores one wild run; tOverZ widens small windows', () => {
  assert.ok(robustSd([0, 0.01, -0.01, 0.02, -0.02, 5]) < 0.05);
  assert.ok(tOverZ(0.01, 4) > tOverZ(0.01, 9) && tOverZ(0.01, 9) > tOverZ(0.01, 100) && tOverZ(0.01, 100) > 1);
});

test('classifyChange: the threshold means what it says', () => {
  const ci = { lo: 1.02, hi: 1.1, level: 0.95 };
  const table: [number, number, string][] = [
    [1.06, 1e-6, 'no-change'], // certain, but below the threshold: never fails
    [1.099, 1e-6, 'no-change'],
    [1.1, 1e-6, 'regression'], // at the threshold with evidence
    [1.4, 0.2, 'inconclusive'], // past it without evidence
    [0.85, 0.5, 'no-change'], // faster without evidence: no slow-down either way
  ];
  for (const [estimate, p, want] of table) {
    assert.equal(classifyChange({ estimate, pGreater: p, pLess: estimate < 1 ? p : 1, ci }, 10, 0.01).classification, want, `${estimate} p=${p}`);
  }
});
