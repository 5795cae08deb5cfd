import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSamples, type Classification } from '../../src/analyze/compare.ts';
import { mannWhitney, uDistribution } from '../../src/analyze/rank-test.ts';
import { bootstrapRatioCi } from '../../src/analyze/bootstrap.ts';
import { mulberry32, normal } from '../../src/analyze/random.ts';

/** n draws around `center` ms with coefficient of variation `cv`, from a fixed seed. */
function draws(n: number, center: number, cv: number, seed: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => center * (1 + cv * normal(rand)));
}

test('U distribution: known small cases, and it sums to C(m+n, m)', () => {
  assert.deepEqual(uDistribution(2, 2), [1, 1, 2, 1, 1]);
  assert.deepEqual(uDistribution(1, 3), [1, 1, 1, 1]);
  assert.equal(uDistribution(10, 10).reduce((a, b) => a + b, 0), 184756);
});

test('rank test: exact p for complete separation is 1 / C(m+n, m)', () => {
  const r = mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
  assert.equal(r.method, 'exact');
  assert.equal(r.u, 25);
  assert.ok(Math.abs(r.pGreater - 1 / 252) < 1e-12);
  assert.equal(r.pLess, 1);
});

test('rank test: ties use the normal approximation with tie correction', () => {
  const r = mannWhitney([1, 1, 2, 2, 3], [1, 1, 2, 2, 3]);
  assert.equal(r.method, 'normal');
  assert.equal(r.u, 12.5);
  assert.ok(r.pGreater > 0.4 && r.pLess > 0.4);
});

test('bootstrap CI is deterministic for a seed and brackets the ratio', () => {
  const head = draws(10, 1100, 0.05, 1);
  const base = draws(10, 1000, 0.05, 2);
  const a = bootstrapRatioCi(head, base);
  const b = bootstrapRatioCi(head, base);
  assert.deepEqual(a, b);
  assert.ok(a.lo < 1.1 && a.hi > 1.1, `${a.lo}..${a.hi}`);
  const other = bootstrapRatioCi(head, base, { seed: 99 });
  assert.notDeepEqual(other, a);
});

const cases: { name: string; n: number; cv: number; shift: number; expect: Classification[] }[] = [
  // Either direction is flagged at rate ~alpha by chance; the rate is tested below.
  { name: 'equal, N=10, CV 5%', n: 10, cv: 0.05, shift: 0, expect: ['no-change', 'inconclusive', 'improvement'] },
  { name: 'equal, N=20, CV 2%', n: 20, cv: 0.02, shift: 0, expect: ['no-change'] },
  // At N=5 and CV 10% a change of 10% cannot be ruled out, and either direction is flagged at
  // rate alpha (1%): what matters is that it is not called a regression.
  { name: 'equal, noisy: N=5, CV 10%', n: 5, cv: 0.1, shift: 0, expect: ['inconclusive', 'no-change', 'improvement'] },
  { name: '+20%, N=10, CV 5%', n: 10, cv: 0.05, shift: 0.2, expect: ['regression'] },
  { name: '+20%, N=5, CV 2%', n: 5, cv: 0.02, shift: 0.2, expect: ['regression'] },
  { name: '+20%, noisy: N=20, CV 10%', n: 20, cv: 0.1, shift: 0.2, expect: ['regression'] },
  { name: '-20%, N=10, CV 5%', n: 10, cv: 0.05, shift: -0.2, expect: ['improvement'] },
  { name: '+2% at N=20 CV 2%: significant, too small to matter', n: 20, cv: 0.02, shift: 0.02, expect: ['no-change'] },
];

for (const c of cases) {
  test(`classify: ${c.name}`, () => {
    // Several seeds: one lucky draw must not make the test pass.
    for (let seed = 1; seed <= 5; seed++) {
      const base = draws(c.n, 1000, c.cv, seed * 2);
      const head = draws(c.n, 1000 * (1 + c.shift), c.cv, seed * 2 + 1);
      const r = compareSamples(head, base, { thresholdPct: 10 });
      assert.ok(c.expect.includes(r.classification), `seed ${seed}: ${r.classification} (${r.why})`);
    }
  });
}

// The benchmark (bench/stats) measures ~0.95% at 20,000 trials; 2000 trials give 19 +- 4.4.
test('equal distributions are flagged as a regression in about 1% of trials (N=10, CV 5%)', () => {
  let flagged = 0;
  for (let seed = 1; seed <= 2000; seed++) {
    const r = compareSamples(draws(10, 1000, 0.05, seed * 7), draws(10, 1000, 0.05, seed * 7 + 3), { resamples: 0 });
    if (r.classification === 'regression') flagged++;
  }
  assert.ok(flagged <= 30, `flagged ${flagged}/2000`);
});

test('a 20% regression is caught in nearly every trial (N=10, CV 5%)', () => {
  let caught = 0;
  for (let seed = 1; seed <= 500; seed++) {
    const r = compareSamples(draws(10, 1200, 0.05, seed * 7), draws(10, 1000, 0.05, seed * 7 + 3), { resamples: 0 });
    if (r.classification === 'regression') caught++;
  }
  assert.ok(caught >= 495, `caught ${caught}/500`);
});

test('one wild outlier in the head does not make a regression', () => {
  const base = draws(10, 1000, 0.03, 11);
  const head = draws(10, 1000, 0.03, 12);
  head[3] = 9000;
  assert.notEqual(compareSamples(head, base).classification, 'regression');
});

test('too few samples is inconclusive, never a regression', () => {
  const r = compareSamples([2000, 2100], [1000, 1000, 1000]);
  assert.equal(r.classification, 'inconclusive');
  assert.match(r.why, /too few/);
});

test('fields: ratio, deltaMs, one-sided p in the direction of the change', () => {
  const r = compareSamples([1200, 1210, 1190, 1205, 1195], [1000, 1010, 990, 1005, 995]);
  assert.equal(r.ratio, 1.2);
  assert.ok(Math.abs(r.shiftRatio - 1.2) < 0.01);
  assert.equal(r.deltaMs, 200);
  assert.ok(Math.abs(r.pValue - 1 / 252) < 1e-12);
  assert.equal(r.classification, 'regression');
  assert.ok(r.ci.lo > 1.1);
});

test('the threshold is the user\'s: +8% is a regression at 5%, not at 20%', () => {
  const base = draws(20, 1000, 0.02, 5);
  const head = draws(20, 1080, 0.02, 6);
  assert.equal(compareSamples(head, base, { thresholdPct: 5 }).classification, 'regression');
  assert.notEqual(compareSamples(head, base, { thresholdPct: 20 }).classification, 'regression');
});
