// Before/after of the measurement itself (issue 14: "keep the measurement exactly as precise and
// as cheap"). Runs each tree's OWN bench/precision.ts and bench/overhead.ts, unchanged, as child
// processes, interleaved round by round (round 1: before, after; round 2: after, before; ...) on
// the same Docker engine, so drift on this shared machine hits both sides alike and the
// comparison is a ratio measured side by side. Each tree's bench imports that tree's src/ and
// runs that tree's dist/cli.js, so a tree needs node_modules and a build matching its src.
//
// Run (from the "after" checkout, after scripts/docker-up.sh):
//   git worktree add /tmp/ssla-before <base-commit>
//   ln -s "$PWD/node_modules" /tmp/ssla-before/node_modules   # same package.json; else npm ci there
//   (cd /tmp/ssla-before && PATH=$OLDPWD/node_modules/.bin:$PATH npm run build) && npm run build
//   PATH=node_modules/.bin:$PATH node bench/before-after.ts --before /tmp/ssla-before --after . \
//     [--rounds 3] [--precision-n 20] [--overhead-pairs 20] [--mib 64] [--only precision|overhead] [--out file.json]
//   git worktree remove /tmp/ssla-before
// Time on the 2-core dev VM (2026-12-02): one precision run is ~60 s of fixed cost (100-start
// memory run, 5 CLI runs, load times) plus ~4 s per n (7 variants); one overhead run ~1.8 s per
// pair. A round runs each bench once per tree: ~5.8 min at n 20 and 20 pairs, so the defaults
// (3 rounds) take about 18 minutes; --only overhead is ~2 min.
// Writes bench/results/before-after-<date>[b,c..].json after every round (a killed run keeps the
// finished rounds) and prints a Markdown table: metric, before, after, after/before, where before
// and after are the medians over the rounds of each bench's own figure (a p50 is the median of
// the rounds' p50s). The benches print quantiles, not samples, so samples are not pooled.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

type Side = 'before' | 'after';
type Bench = 'precision' | 'overhead';
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const { values: opt } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    'precision-n': { type: 'string', default: '20' },
    'overhead-pairs': { type: 'string', default: '20' },
    mib: { type: 'string', default: '64' },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});
if (!opt.before || !opt.after) throw new Error('usage: node bench/before-after.ts --before <dir> --after <dir> [--rounds 3] ...');
const trees: Record<Side, string> = { before: resolve(opt.before), after: resolve(opt.after) };
const rounds = Number(opt.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${opt.rounds}: a whole number >= 1`);
const benches: Bench[] = opt.only === 'precision' || opt.only === 'overhead' ? [opt.only] : ['precision', 'overhead'];
const argsOf: Record<Bench, string[]> = { precision: [opt['precision-n']], overhead: [opt['overhead-pairs'], opt.mib] };
const ROOT = resolve(import.meta.dirname, '..');
// Counts and fixed parameters are no result; min, p90, p99, mean and stdev stay in the raw file.
const SKIP = new Set(['date', 'machine', 'image', 'pairs', 'n', 'starts', 'loggedMB', 'min', 'p90', 'p99', 'mean', 'stdev']);


for (const side of ['before', 'after'] as const) checkTree(side, trees[side]);

const sh = (cmd: string, args: string[], cwd?: string) => {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};
const treeFacts = (dir: string) => ({ dir, commit: sh('git', ['rev-parse', 'HEAD'], dir), dirty: (sh('git', ['status', '--porcelain'], dir) ?? '') !== '' });
const started = new Date();
const result = {
  date: started.toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    docker: sh('docker', ['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})']),
    loadAverageAtStart: os.loadavg().map((v) => Math.round(v * 100) / 100),
  },
  params: { rounds, precisionN: Number(opt['precision-n']), overheadPairs: Number(opt['overhead-pairs']), mib: Number(opt.mib), benches },
  trees: { before: treeFacts(trees.before), after: treeFacts(trees.after) },
  rounds: [] as { order: Side[]; wallS: Record<string, number>; results: Record<string, Json> }[],
  summary: {} as Record<string, Row>,
};
const out = opt.out ? resolve(opt.out) : freshName(join(ROOT, 'bench/results'), `before-after-${started.toISOString().slice(0, 10)}`);

for (let r = 0; r < rounds; r++) {
  // ABBA: neither tree always runs first, so a slow start of the machine's minute cancels out.
  const order: Side[] = r % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
  const round = { order, wallS: {} as Record<string, number>, results: {} as Record<string, Json> };
  for (const bench of benches) {
    for (const side of order) {
      const key = `${bench}.${side}`;
      process.stderr.write(`round ${r + 1}/${rounds}: ${bench} ${side} (${relative(process.cwd(), trees[side]) || '.'}) ... `);
      const t = performance.now();
      round.results[key] = runBench(trees[side], bench);
      round.wallS[key] = Math.round((performance.now() - t) / 100) / 10;
      process.stderr.write(`${round.wallS[key]} s\n`);
    }
  }
  result.rounds.push(round);
  result.summary = summarize(result.rounds);
  writeFileSync(out, `${JSON.stringify({ ...result, loadAverageAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100) }, null, 2)}\n`);
}

console.log(`Before/after, ${rounds} round(s) interleaved, ${result.machine.cpu} x${result.machine.cores}, Docker ${result.machine.docker}, ${result.date}`);
const named = (t: ReturnType<typeof treeFacts>) => `${t.commit?.slice(0, 10) ?? `${t.dir} (not a git checkout)`}${t.dirty ? ' (dirty)' : ''}`;
console.log(`before: ${named(result.trees.before)}  after: ${named(result.trees.after)}  raw: ${out}\n`);
console.log(markdown(result.summary));
process.exit(0);

function checkTree(side: Side, dir: string): void {
  const missing = ['bench/precision.ts', 'bench/overhead.ts', 'node_modules', 'dist/cli.js'].filter((p) => !existsSync(join(dir, p)));
  if (missing.length > 0) throw new Error(`--${side} ${dir} lacks ${missing.join(', ')} (see the top of bench/before-after.ts)`);
  // precision.ts times dist/cli.js: a bundle older than the tree's src measures other code.
  const newest = newestMtime(join(dir, 'src'));
  if (statSync(join(dir, 'dist/cli.js')).mtimeMs + 1000 < newest) throw new Error(`--${side} ${dir}: dist/cli.js is older than src/; run npm run build there`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

function freshName(dir: string, stem: string): string {
  for (const suffix of ['', ...'bcdefghijklmnopqrstuvwxyz']) {
    const path = join(dir, `${stem}${suffix}.json`);
    if (!existsSync(path)) return path;
  }
  throw new Error(`no free name for ${stem} in ${dir}`);
}

function runBench(tree: string, bench: Bench): Json {
  const r = spawnSync(process.execPath, [join(tree, 'bench', `${bench}.ts`), ...argsOf[bench]], {
    cwd: tree,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${tree}/bench/${bench}.ts exited ${r.status ?? r.signal}`);
  return JSON.parse(r.stdout) as Json;
}

interface Row {
  before: number;
  after: number;
  /** after / before of the two medians, so the table reads on its own; each round's pair is in perRound. */
  ratio: number;
  perRound: { before: number; after: number }[];
}

function leaves(v: Json, path: string, into: Map<string, number>): void {
  if (typeof v === 'number') into.set(path, v);
  else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) if (!SKIP.has(k)) leaves(x, path ? `${path} / ${k}` : k, into);
  }
}

function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = (s.length - 1) / 2;
  return ((s[Math.floor(m)] as number) + (s[Math.ceil(m)] as number)) / 2;
}

function summarize(done: typeof result.rounds): Record<string, Row> {
  const rows: Record<string, Row> = {};
  for (const bench of benches) {
    const per = done.map((round) => {
      const b = new Map<string, number>();
      const a = new Map<string, number>();
      leaves(round.results[`${bench}.before`] ?? null, bench, b);
      leaves(round.results[`${bench}.after`] ?? null, bench, a);
      return { b, a };
    });
    // A metric only one tree reports (added or dropped by the change) still gets a row.
    const paths = new Set(per.flatMap(({ b, a }) => [...b.keys(), ...a.keys()]));
    for (const path of paths) {
      const perRound = per.map(({ b, a }) => ({ before: b.get(path) ?? Number.NaN, after: a.get(path) ?? Number.NaN }));
      const before = median(perRound.map((x) => x.before));
      const after = median(perRound.map((x) => x.after));
      rows[path] = { before, after, ratio: before === 0 ? Number.NaN : after / before, perRound };
    }
  }
  return rows;
}

function markdown(rows: Record<string, Row>): string {
  const f = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '-');
  const lines = ['| metric | before | after | after/before |', '|---|---:|---:|---:|'];
  for (const [path, row] of Object.entries(rows)) lines.push(`| ${path} | ${f(row.before)} | ${f(row.after)} | ${Number.isFinite(row.ratio) ? row.ratio.toFixed(3) : '-'} |`);
  return lines.join('\n');
}
