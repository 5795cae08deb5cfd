// Power and false-alarm rate of compareSamples by simulation, driven by real start-up times
// (bench/stats/samples.json, recorded by record-samples.sh). Run:
//   node bench/stats/power.ts [--sims 4000] [--null-sims 20000] [--alpha 0.01] > bench/stats/results.json
// The recorded samples are rescaled about their mean to each target CV (shape kept: skew and
// slow outliers stay), then drawn with replacement plus a small Gaussian jitter (a smoothed
// bootstrap: 10% of the SD) so that resampling does not invent ties real timings never have.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { compareSamples, DEFAULT_ALPHA, type Classification } from '../../src/analyze/compare.ts';
import { alphaPerLook, lookSchedule } from '../../src/analyze/sequential.ts';
import { mulberry32, normal } from '../../src/analyze/random.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SIMS = arg('sims', 4000);
const NULL_SIMS = arg('null-sims', 20000);
const NS = [5, 10, 20];
const CVS = [0.02, 0.05, 0.1];
const THRESHOLD = 10;
// `--alpha 0.01` shows the other operating point (fewer false alarms, less power).
const ALPHA = arg('alpha', DEFAULT_ALPHA);

interface Recorded {
  samples: { totalMs: number }[];
  recorded: string;
  machine: unknown;
}
const recorded = JSON.parse(readFileSync(new URL('./samples.json', import.meta.url), 'utf8')) as Recorded;
const raw = recorded.samples.map((s) => s.totalMs);
const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
const sd = Math.sqrt(raw.reduce((a, v) => a + (v - mean) ** 2, 0) / (raw.length - 1));

function population(cv: number): number[] {
  const k = (cv * mean) / sd;
  return raw.map((x) => mean + (x - mean) * k);
}

function drawer(pop: readonly number[], cv: number, rand: () => number): (n: number, factor: number) => number[] {
  const jitter = 0.1 * cv * mean;
  return (n, factor) =>
    Array.from({ length: n }, () => ((pop[Math.floor(rand() * pop.length)] as number) + jitter * normal(rand)) * factor);
}

function rate(n: number, cv: number, shift: number, sims: number, seed: number, resamples = 0): Record<Classification, number> {
  const draw = drawer(population(cv), cv, mulberry32(seed));
  const counts: Record<Classification, number> = { regression: 0, improvement: 0, 'no-change': 0, inconclusive: 0 };
  for (let i = 0; i < sims; i++) {
    const base = draw(n, 1);
    const head = draw(n, 1 + shift);
    counts[compareSamples(head, base, { thresholdPct: THRESHOLD, alpha: ALPHA, resamples }).classification]++;
  }
  for (const k of Object.keys(counts) as Classification[]) counts[k] /= sims;
  return counts;
}

/** Smallest shift (1% steps) caught >= 95% of the time. */
function detectable(n: number, cv: number): { shiftPct: number; power: number } | undefined {
  for (let pct = 1; pct <= 60; pct++) {
    const power = rate(n, cv, pct / 100, SIMS, 1000 + pct).regression;
    if (power >= 0.95) return { shiftPct: pct, power };
  }
  return undefined;
}

/** Sequential policy: runs=10, max-runs=30, both arms grow (interleaved A/B). */
function sequential(cv: number, shift: number, sims: number, seed: number): { flagged: number; meanRuns: number } {
  const plan = { runs: 10, maxRuns: 30 };
  const looks = lookSchedule(plan);
  const alpha = alphaPerLook(plan, ALPHA);
  const draw = drawer(population(cv), cv, mulberry32(seed));
  let flagged = 0;
  let runs = 0;
  for (let i = 0; i < sims; i++) {
    const base = draw(30, 1);
    const head = draw(30, 1 + shift);
    for (const n of looks) {
      const c = compareSamples(head.slice(0, n), base.slice(0, n), { thresholdPct: THRESHOLD, alpha, resamples: 300 });
      if (c.classification !== 'inconclusive' || n === looks[looks.length - 1]) {
        if (c.classification === 'regression') flagged++;
        runs += n;
        break;
      }
    }
  }
  return { flagged: flagged / sims, meanRuns: runs / sims };
}

/** Why this rule: how other rules do at N=10, CV 5% (the goal's cell), on the same draws. */
function alternatives(sims: number): Record<string, { falseAlarm: number; powerAt10: number }> {
  const rules: Record<string, (c: ReturnType<typeof compareSamples>) => boolean> = {
    'ours: p < alpha and HL ratio >= 1 + t': (c) => c.classification === 'regression',
    'CI lower bound > 1 + t': (c) => c.ci.lo > 1.1,
    'CI lower bound > 1 and ratio of medians > 1 + t': (c) => c.ci.lo > 1 && c.ratio > 1.1,
    'CI lower bound > 1 (any significant slowdown)': (c) => c.ci.lo > 1,
  };
  const out: Record<string, { falseAlarm: number; powerAt10: number }> = {};
  for (const name of Object.keys(rules)) out[name] = { falseAlarm: 0, powerAt10: 0 };
  for (const [shift, key, seed] of [[0, 'falseAlarm', 31], [0.1, 'powerAt10', 32]] as const) {
    const draw = drawer(population(0.05), 0.05, mulberry32(seed));
    for (let i = 0; i < sims; i++) {
      const c = compareSamples(draw(10, 1 + shift), draw(10, 1), { thresholdPct: THRESHOLD, alpha: ALPHA, resamples: 1000 });
      for (const [name, rule] of Object.entries(rules)) {
        const o = out[name];
        if (o && rule(c)) o[key] += 1 / sims;
      }
    }
  }
  return out;
}

const started = Date.now();
const grid = [];
for (const n of NS) {
  for (const cv of CVS) {
    const equal = rate(n, cv, 0, NULL_SIMS, 7);
    const equalClasses = rate(n, cv, 0, Math.min(2000, NULL_SIMS), 8, 500);
    const at10 = rate(n, cv, 0.1, SIMS, 9).regression;
    const det = detectable(n, cv);
    grid.push({ n, cvPct: cv * 100, falseAlarm: equal.regression, equalClasses, powerAt10: at10, detectable95: det });
    process.stderr.write(`N=${n} CV=${cv * 100}%: false alarm ${(equal.regression * 100).toFixed(2)}%, power@10% ${(at10 * 100).toFixed(1)}%, 95% at ${det?.shiftPct ?? '>60'}%\n`);
  }
}
const seq = {
  plan: 'runs=10, max-runs=30, looks ' + lookSchedule({ runs: 10, maxRuns: 30 }).join('/'),
  cv5Equal: sequential(0.05, 0, 2000, 21),
  cv5At10: sequential(0.05, 0.1, 2000, 22),
  cv10Equal: sequential(0.1, 0, 2000, 23),
  cv10At10: sequential(0.1, 0.1, 2000, 24),
};
process.stderr.write(`sequential: ${JSON.stringify(seq)}\n`);
const rules = alternatives(arg('rule-sims', 2000));
process.stderr.write(`rules: ${JSON.stringify(rules)}\n`);
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
      recorded: { when: recorded.recorded, n: raw.length, meanMs: mean, cvPct: (sd / mean) * 100 },
      settings: { sims: SIMS, nullSims: NULL_SIMS, thresholdPct: THRESHOLD, alpha: ALPHA },
      grid,
      sequential: seq,
      rulesAtGoalCell: rules,
      seconds: (Date.now() - started) / 1000,
    },
    null,
    2,
  ),
);
