// Bursts grouped back from their samples, the statistics over them, and the inputs that ask
// for them (concurrency, sla-scope, page-cache and the memory limits) as the schema reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { burstStats, countedBursts, groupBursts, slaScopeWords, slaStats } from '../../src/analyze/bursts.ts';
import { describe } from '../../src/analyze/stats.ts';
import { loadConfig } from '../../src/config/load.ts';
import { scheduleStarts } from '../../src/measure/run.ts';
import type { Sample } from '../../src/model.ts';
import { ConfigError } from '../../src/util/errors.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bursts of `size`, as run.ts numbers them: sample index = burst * size + slot. */
function burstSamples(totals: number[][], opts: { warmupBursts?: number; arm?: Sample['arm']; lateMs?: number } = {}): Sample[] {
  return totals.flatMap((burst, b) =>
    burst.map((totalMs, slot) => ({
      index: b * burst.length + slot,
      warmup: b < (opts.warmupBursts ?? 0),
      arm: opts.arm ?? 'head',
      totalMs,
      phases: [],
      burst: { index: b, size: burst.length, slot, sinceBurstMs: totalMs + slot * (opts.lateMs ?? 0) },
    })),
  );
}

test('groupBursts: slowest start and all-ready per burst, in order', () => {
  const bursts = groupBursts(burstSamples([[100, 300, 200], [110, 120, 130]], { lateMs: 2 }));
  assert.deepEqual(
    bursts.map((b) => [b.index, b.size, b.ready, b.slowestMs, b.allReadyMs]),
    [
      [0, 3, 3, 300, 302],
      [1, 3, 3, 130, 134],
    ],
  );
});

test('a sample without a burst (an older report) is a burst of one', () => {
  const old: Sample[] = [{ index: 0, warmup: false, arm: 'head', totalMs: 50, phases: [] }, { index: 1, warmup: false, arm: 'head', totalMs: 70, phases: [] }];
  assert.deepEqual(groupBursts(old).map((b) => [b.index, b.size, b.slowestMs, b.allReadyMs]), [[0, 1, 50, 50], [1, 1, 70, 70]]);
});

const table: { name: string; samples: Sample[]; counted: number; slowest: number[] }[] = [
  { name: 'warm-up bursts never count', samples: burstSamples([[900, 900], [100, 200], [150, 120]], { warmupBursts: 1 }), counted: 2, slowest: [200, 150] },
  { name: 'a burst with a failed start is left out', samples: burstSamples([[100, 200], [150, 120]]).filter((s) => s.index !== 3), counted: 1, slowest: [200] },
  { name: 'the base arm is apart', samples: [...burstSamples([[100, 200]]), ...burstSamples([[500, 600]], { arm: 'base' }).map((s) => ({ ...s, burst: { ...s.burst!, index: 1 } }))], counted: 1, slowest: [200] },
];
for (const c of table) {
  test(`countedBursts: ${c.name}`, () => {
    const bursts = countedBursts(c.samples);
    assert.equal(bursts.length, c.counted);
    assert.deepEqual(bursts.map((b) => b.slowestMs), c.slowest);
  });
}

test('burstStats and the SLA statistics by scope', () => {
  const samples = burstSamples([[100, 300, 200], [110, 120, 130], [400, 90, 95]]);
  const b = burstStats(samples, 3);
  assert.equal(b.size, 3);
  assert.deepEqual([b.slowest.n, b.slowest.min, b.slowest.p50, b.slowest.max], [3, 130, 300, 400]);
  const all = describe(samples.map((s) => s.totalMs));
  assert.equal(slaStats(samples, 'start', all), all);
  assert.equal(slaStats(samples, 'burst', all).p50, 300);
  assert.equal(slaStats(samples, 'burst', all).n, 3);
});

test('the SLA statistic is named by its scope', () => {
  assert.equal(slaScopeWords('start', 1), '');
  assert.equal(slaScopeWords('start', 4), 'over every start (bursts of 4)');
  assert.equal(slaScopeWords('burst', 4), 'of the slowest start per burst of 4');
});

test('bursts alternate head and base in ABBA order, warm-ups first', () => {
  assert.deepEqual(
    scheduleStarts(2, 1, true).map((s) => `${s.warmup ? 'w' : ''}${s.arm}`),
    ['whead', 'wbase', 'head', 'base', 'base', 'head'],
  );
});

const ok = { image: 'srv:pr-1', 'health-check': 'http:8000/health' };
test('defaults: one start at a time, SLA over every start, page cache warm, no memory limits', () => {
  const t = loadConfig('action', ok).targets[0]!;
  assert.equal(t.concurrency, 1);
  assert.equal(t['sla-scope'], 'start');
  assert.equal(t['page-cache'], 'warm');
  assert.equal(t['max-memory-mib'], undefined);
  assert.equal(t['max-gpu-memory-mib'], undefined);
});

test('the inputs as given', () => {
  const t = loadConfig('cli', { ...ok, concurrency: '4', 'sla-scope': 'burst', 'page-cache': 'drop', 'max-memory-mib': '512', 'max-gpu-memory-mib': '2048.5' }).targets[0]!;
  assert.deepEqual([t.concurrency, t['sla-scope'], t['page-cache'], t['max-memory-mib'], t['max-gpu-memory-mib']], [4, 'burst', 'drop', 512, 2048.5]);
});

const bad: [Record<string, string>, RegExp][] = [
  [{ concurrency: '0' }, /^Input "concurrency" has value "0": expected a whole number from 1 to 128$/],
  [{ concurrency: '129' }, /^Input "concurrency" has value "129": expected a whole number from 1 to 128$/],
  [{ concurrency: 'many' }, /^Input "concurrency" has value "many": expected a whole number/],
  [{ 'sla-scope': 'replica' }, /^Input "sla-scope" has value "replica": expected one of start, burst$/],
  [{ 'page-cache': 'cold' }, /^Input "page-cache" has value "cold": expected one of warm, drop$/],
  [{ 'max-memory-mib': '0' }, /^Input "max-memory-mib" has value "0": expected a number from 1 to 16777216 MiB$/],
  [{ 'max-gpu-memory-mib': '1GiB' }, /^Input "max-gpu-memory-mib" has value "1GiB": expected a number/],
  [{ concurrency: '3', start: 'cold' }, /^Input "concurrency" has value "3": more than 1 is not possible with start cold/],
];
for (const [inputs, want] of bad) {
  test(`refused: ${JSON.stringify(inputs)}`, () => {
    assert.throws(() => loadConfig('action', { ...ok, ...inputs }), (e: unknown) => e instanceof ConfigError && want.test(e.message));
  });
}

test('a YAML file refuses bursts of cold starts naming the target and the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-bursts-'));
  writeFileSync(join(dir, 'sla.yml'), 'targets:\n  - image: registry.example/srv:1\n    health-check: tcp:80\n    start: cold\n    concurrency: 2\n');
  assert.throws(() => loadConfig('cli', { config: 'sla.yml' }, dir), /^ConfigError: sla\.yml: targets\[0\]\.concurrency has value "2": more than 1 is not possible with start cold/);
});
