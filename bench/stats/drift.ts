// False fails and detection of the two comparison modes under the noise real runners have, not
// only independent samples. Run:
//   node bench/stats/drift.ts [--sims 2000] > bench/stats/drift-results.json
// Each simulated run draws starts from the recorded real start-up times (samples.json, rescaled
// to a within-run CV of 5%, smoothed bootstrap as in power.ts) and then applies, per condition:
//   drift     the whole run times a factor N(1, sd): the machine's state that run
//   spikes    5% of starts times U(1.5, 3) (another job, a page-cache miss)
//   warm-up   the first 3 counted starts slower by 30%, 15%, 7% (caches still filling)
//   ar1       within-run noise correlated start to start (phi 0.6)
//   bimodal   20% of starts +25% (two paths through the server's start)
//   all       every one of the above together
// History mode: the head run against K stored runs, each its own run (own drift); interleaved
// mode: head and base alternate within one run (one drift, one warm-up trend, one AR(1) chain).
// A "false fail" is classification regression with no change; detection is regression at +10%
// and +20%. The decision code is the action's own (compareRuns, compareSamples).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { compareSamples, DEFAULT_ALPHA } from '../../src/analyze/compare.ts';
import { compareRuns, type StoredRun } from '../../src/analyze/run-compare.ts';
import { median } from '../../src/analyze/stats.ts';
import { mulberry32, normal } from '../../src/analyze/random.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SIMS = arg('sims', 2000);
const THRESHOLD = arg('threshold', 10);
const CV = 0.05;

const recorded = JSON.parse(readFileSync(new URL('./samples.json', import.meta.url), 'utf8')) as { samples: { totalMs: number }[] };
const raw = recorded.samples.map((s) => s.totalMs);
const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
const sd = Math.sqrt(raw.reduce((a, v) => a + (v - mean) ** 2, 0) / (raw.length - 1));
const pop = raw.map((x) => mean + ((x - mean) * CV * mean) / sd);

type Noise = 'iid' | 'spikes' | 'warmup' | 'ar1' | 'bimodal' | 'all';
const NOISES: Noise[] = ['iid', 'spikes', 'warmup', 'ar1', 'bimodal', 'all'];
const has = (noise: Noise, what: Noise) => noise === what || noise === 'all';

/** One run of `n` starts (interleaved: 2n, alternating head/base), as ms. */
function run(rand: () => number, n: number, noise: Noise, driftSd: number, factorOf: (i: number) => number, length = n): number[] {
  const drift = 1 + driftSd * normal(rand);
  let ar = 0;
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const draw = (pop[Math.floor(rand() * pop.length)] as number) + 0.1 * CV * mean * normal(rand);
    let v = draw;
    if (has(noise, 'ar1')) {
      // AR(1) on the deviation: keeps the marginal CV, adds start-to-start memory.
      ar = 0.6 * ar + Math.sqrt(1 - 0.36) * (draw - mean);
      v = mean + ar;
    }
    if (has(noise, 'warmup') && i < 3 * (length / n)) v *= [1.3, 1.15, 1.07][Math.floor(i / (length / n))] ?? 1;
    if (has(noise, 'bimodal') && rand() < 0.2) v *= 1.25;
    if (has(noise, 'spikes') && rand() < 0.05) v *= 1.5 + 1.5 * rand();
    out.push(v * drift * factorOf(i));
  }
  return out;
}

function historyRate(n: number, noise: Noise, driftSd: number, shift: number, k: number, seed: number): number {
  const rand = mulberry32(seed);
  let hits = 0;
  for (let s = 0; s < SIMS; s++) {
    const stored: StoredRun[] = Array.from({ length: k }, () => {
      const r = run(rand, n, noise, driftSd, () => 1);
      return { medianMs: median(r), n };
    });
    const head = run(rand, n, noise, driftSd, () => 1 + shift);
    if (compareRuns(head, stored, { thresholdPct: THRESHOLD, alpha: DEFAULT_ALPHA }).classification === 'regression') hits++;
  }
  return hits / SIMS;
}

function interleavedRate(n: number, noise: Noise, driftSd: number, shift: number, seed: number): number {
  const rand = mulberry32(seed);
  let hits = 0;
  for (let s = 0; s < SIMS; s++) {
    // Even positions are head, odd base: the existing interleaved schedule.
    const both = run(rand, n, noise, driftSd, (i) => (i % 2 === 0 ? 1 + shift : 1), 2 * n);
    const head = both.filter((_, i) => i % 2 === 0);
    const base = both.filter((_, i) => i % 2 === 1);
    if (compareSamples(head, base, { thresholdPct: THRESHOLD, alpha: DEFAULT_ALPHA, resamples: 0 }).classification === 'regression') hits++;
  }
  return hits / SIMS;
}

const started = Date.now();
const rows: Record<string, unknown>[] = [];
let seed = 1;
for (const driftSd of [0, 0.03, 0.05]) {
  for (const noise of NOISES) {
    for (const n of [3, 5, 10, 30]) {
      for (const k of [1, 3, 10]) {
        if (k !== 10 && n !== 10) continue;
        const row = {
          mode: 'history', driftPct: driftSd * 100, noise, n, storedRuns: k,
          falseFail: historyRate(n, noise, driftSd, 0, k, seed++),
          detect10: historyRate(n, noise, driftSd, 0.1, k, seed++),
          detect20: historyRate(n, noise, driftSd, 0.2, k, seed++),
        };
        rows.push(row);
      }
      rows.push({
        mode: 'interleaved', driftPct: driftSd * 100, noise, n,
        falseFail: interleavedRate(n, noise, driftSd, 0, seed++),
        detect10: interleavedRate(n, noise, driftSd, 0.1, seed++),
        detect20: interleavedRate(n, noise, driftSd, 0.2, seed++),
      });
    }
  }
  process.stderr.write(`drift ${driftSd} done at ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
console.log(JSON.stringify({
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
  settings: { sims: SIMS, thresholdPct: THRESHOLD, alpha: DEFAULT_ALPHA, withinRunCvPct: CV * 100 },
  rows,
  seconds: (Date.now() - started) / 1000,
}, null, 1));
