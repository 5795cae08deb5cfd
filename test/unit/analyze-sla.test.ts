// checkSla (analyze/sla.ts) as a table: which statistic is read, the limit inclusive, and no
// SLA is ever met by a value that is not a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSla } from '../../src/analyze/sla.ts';
import { describe } from '../../src/analyze/stats.ts';
import type { StatName, Stats } from '../../src/model.ts';

// Every statistic distinct, so reading the wrong one shows.
const stats: Stats = { n: 20, min: 100, p50: 200, p90: 300, p95: 400, p99: 500, max: 600, mean: 250, stdev: 50 };

const cases: { name: string; stats: Stats; stat: StatName; limitMs: number; valueMs: number; met: boolean }[] = [
  { name: 'p95 under the limit', stats, stat: 'p95', limitMs: 450, valueMs: 400, met: true },
  { name: 'p95 over the limit', stats, stat: 'p95', limitMs: 350, valueMs: 400, met: false },
  { name: 'the limit itself is met', stats, stat: 'p95', limitMs: 400, valueMs: 400, met: true },
  { name: 'a hair over the limit is not', stats, stat: 'p95', limitMs: 399.999, valueMs: 400, met: false },
  { name: 'p50 reads p50', stats, stat: 'p50', limitMs: 250, valueMs: 200, met: true },
  { name: 'p90 reads p90', stats, stat: 'p90', limitMs: 250, valueMs: 300, met: false },
  { name: 'p99 reads p99', stats, stat: 'p99', limitMs: 450, valueMs: 500, met: false },
  { name: 'min reads min', stats, stat: 'min', limitMs: 150, valueMs: 100, met: true },
  { name: 'max reads max', stats, stat: 'max', limitMs: 550, valueMs: 600, met: false },
  { name: 'mean reads mean', stats, stat: 'mean', limitMs: 260, valueMs: 250, met: true },
  { name: 'no samples (NaN) is never met', stats: describe([]), stat: 'p95', limitMs: 1e9, valueMs: Number.NaN, met: false },
  { name: 'a NaN statistic is never met', stats: { ...stats, p95: Number.NaN }, stat: 'p95', limitMs: 1e9, valueMs: Number.NaN, met: false },
  { name: 'Infinity is never met, even under an infinite limit', stats: { ...stats, p95: Number.POSITIVE_INFINITY }, stat: 'p95', limitMs: Number.POSITIVE_INFINITY, valueMs: Number.POSITIVE_INFINITY, met: false },
  { name: 'a single start: every quantile is that start', stats: describe([321]), stat: 'p99', limitMs: 321, valueMs: 321, met: true },
];

for (const c of cases) {
  test(`checkSla: ${c.name}`, () => {
    assert.deepEqual(checkSla(c.stats, c.stat, c.limitMs), { stat: c.stat, limitMs: c.limitMs, valueMs: c.valueMs, met: c.met });
  });
}
