// How often the PR comment names a phase that did not move, and how often it names the one that
// did, under the noise real runners have. Phase naming (comparePhases: a rank test per phase,
// Holm's step-down over the family at 5%, a move of at least 2% of the total) explains a verdict;
// a name on a PR that changed nothing sends its author looking for a cause that is not there.
// Run:
//   node bench/stats/phase-naming.ts [--sims 2000] > bench/stats/phase-naming-results.json
//   node bench/stats/phase-naming.ts --table bench/stats/phase-naming-results.json
// A start is the H200 CUDA example's shape (bench/results/gpu/2026-12-02/cuda.json, 11 segments,
// ~560 ms), each segment with its own spread. Noise, per condition (as in drift.ts):
//   drift     the whole run times N(1, sd), a new draw per run
//   spikes    5% of starts: one segment, chosen at random, times U(1.5, 3)
//   warmup    the first 3 counted starts slower by 30%, 15%, 7% in every segment
//   ar1       a start-level factor correlated start to start (phi 0.6, sd 3%)
//   all       every one of the above
// Interleaved: head and base alternate in one run (comparePhases). History: this run against K
// stored runs, each run with its own drift (compareRunPhases: the run is the unit, as for the
// total); `starts` is the rule before 2026-12-02, this run's starts against the selected
// entry's starts (comparePhases), kept to show what it did. The decision code is the action's own.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { comparePhases, compareRunPhases } from '../../src/analyze/phase-compare.ts';
import { mulberry32, normal } from '../../src/analyze/random.ts';
import type { Sample } from '../../src/model.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};

/** Segment (the phase that ends it), median ms, spread (sd of the log). */
const SHAPE: [string, number, number][] = [
  ['started-at', 180, 0.05],
  ['start', 40, 0.08],
  ['first-output', 15, 0.15],
  ['process started', 3, 0.3],
  ['cuda init', 230, 0.04],
  ['weights mapped', 20, 0.1],
  ['engine loaded', 45, 0.08],
  ['context ready', 10, 0.15],
  ['warm-up done', 8, 0.15],
  ['listening', 2, 0.3],
  ['ready', 3, 0.3],
];

type Noise = 'iid' | 'spikes' | 'warmup' | 'ar1' | 'all';
const NOISES: Noise[] = ['iid', 'spikes', 'warmup', 'ar1', 'all'];
const has = (noise: Noise, what: Noise) => noise === what || noise === 'all';

interface Change {
  name: string;
  /** Segment -> ms added in the head. */
  add: Record<string, number>;
}
const CHANGES: Change[] = [
  { name: 'nothing', add: {} },
  { name: 'cuda init +50 ms', add: { 'cuda init': 50 } },
  { name: 'engine loaded +25 ms', add: { 'engine loaded': 25 } },
];

/** One run: `length` starts; `headAt(i)` says which are the head's (they get the change). */
function run(rand: () => number, length: number, noise: Noise, driftSd: number, change: Change, headAt: (i: number) => boolean, perArm: number): Sample[] {
  const drift = 1 + driftSd * normal(rand);
  let ar = 0;
  return Array.from({ length }, (_, i) => {
    ar = has(noise, 'ar1') ? 0.6 * ar + Math.sqrt(1 - 0.36) * 0.03 * normal(rand) : 0;
    const warm = has(noise, 'warmup') ? ([1.3, 1.15, 1.07][Math.floor(i / (length / perArm))] ?? 1) : 1;
    const spiked = has(noise, 'spikes') && rand() < 0.05 ? Math.floor(rand() * SHAPE.length) : -1;
    const head = headAt(i);
    let at = 0;
    const phases = [{ name: 'create', ms: 0 }];
    SHAPE.forEach(([name, med, spread], k) => {
      let v = med * Math.exp(spread * normal(rand)) * warm * drift * (1 + ar);
      if (k === spiked) v *= 1.5 + 1.5 * rand();
      if (head) v += (change.add[name] ?? 0) * drift;
      at += v;
      phases.push({ name, ms: at });
    });
    return { index: i, warmup: false, arm: head ? 'head' : 'base', totalMs: at, phases } satisfies Sample;
  });
}

interface Rates {
  /** Some phase the change did not touch was named. */
  wrongNamed: number;
  /** The phase that moved was named (changes only). */
  rightNamed: number | null;
}

type Mode = 'interleaved' | 'history' | 'history-starts';

function rates(mode: Mode, n: number, k: number, noise: Noise, driftSd: number, change: Change, sims: number, seed: number): Rates {
  const rand = mulberry32(seed);
  let wrong = 0;
  let right = 0;
  const moved = Object.keys(change.add);
  for (let s = 0; s < sims; s++) {
    let named: string[];
    if (mode === 'interleaved') {
      const both = run(rand, 2 * n, noise, driftSd, change, (i) => i % 2 === 0, n);
      named = movedNames(comparePhases(both.filter((x) => x.arm === 'head'), both.filter((x) => x.arm === 'base')));
    } else {
      const stored = Array.from({ length: k }, () => run(rand, n, noise, driftSd, change, () => false, n));
      const head = run(rand, n, noise, driftSd, change, () => true, n);
      named = movedNames(mode === 'history' ? compareRunPhases(head, stored) : comparePhases(head, stored[0] ?? []));
    }
    if (named.some((x) => !moved.includes(x))) wrong++;
    if (moved.length > 0 && moved.every((x) => named.includes(x))) right++;
  }
  return { wrongNamed: wrong / sims, rightNamed: moved.length > 0 ? right / sims : null };
}

const movedNames = (phases: readonly { name: string; moved: boolean }[]) => phases.filter((p) => p.moved).map((p) => p.name);

interface Row extends Rates { mode: Mode; driftPct: number; noise: Noise; n: number; storedRuns: number; change: string }

function table(file: string): void {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[]; settings: { sims: number } };
  const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);
  const titles: Record<Mode, string> = {
    interleaved: 'interleaved (N per arm)',
    history: 'history, the run as the unit (N starts, K stored runs)',
    'history-starts': 'history, before: starts against the selected entry\'s starts',
  };
  for (const mode of ['interleaved', 'history', 'history-starts'] as const) {
    console.log(`\n#### ${titles[mode]}, ${data.settings.sims} trials per cell\n`);
    console.log(`| run drift | noise | N | K | ${CHANGES.map((c) => (c.name === 'nothing' ? 'nothing changed: a phase named' : `${c.name}: named / another named too`)).join(' | ')} |`);
    console.log(`|---:|---|---:|---:|${CHANGES.map(() => '---:').join('|')}|`);
    const rows = data.rows.filter((r) => r.mode === mode);
    const keys = [...new Set(rows.map((r) => `${r.driftPct}|${r.noise}|${r.n}|${r.storedRuns}`))];
    for (const key of keys) {
      const [drift, noise, n, k] = key.split('|');
      const cells = CHANGES.map((c) => {
        const r = rows.find((x) => `${x.driftPct}|${x.noise}|${x.n}|${x.storedRuns}` === key && x.change === c.name);
        if (!r) return '';
        return c.name === 'nothing' ? pct(r.wrongNamed) : `${pct(r.rightNamed)} / ${pct(r.wrongNamed)}`;
      });
      console.log(`| ${drift}% | ${noise} | ${n} | ${mode === 'interleaved' ? '-' : k} | ${cells.join(' | ')} |`);
    }
  }
}

function simulate(): void {
  const sims = arg('sims', 2000);
  const started = Date.now();
  const rows: Row[] = [];
  let seed = 1;
  for (const mode of ['interleaved', 'history', 'history-starts'] as const) {
    for (const driftSd of [0, 0.03, 0.05]) {
      for (const noise of NOISES) {
        for (const n of [5, 10, 20]) {
          for (const k of mode === 'interleaved' ? [0] : mode === 'history-starts' ? [1] : [1, 5, 10]) {
            if ((n !== 10 && noise !== 'all') || (k !== 10 && noise !== 'all' && mode === 'history')) continue;
            for (const change of CHANGES) {
              rows.push({ mode, driftPct: driftSd * 100, noise, n, storedRuns: k, change: change.name, ...rates(mode, n, k, noise, driftSd, change, sims, seed++) });
            }
          }
        }
      }
    }
    process.stderr.write(`${mode} done at ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  console.log(JSON.stringify({
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
    settings: { sims, shape: SHAPE },
    rows,
    seconds: (Date.now() - started) / 1000,
  }, null, 1));
}

if (args[0] === '--table') table(args[1] ?? 'bench/stats/phase-naming-results.json');
else simulate();
