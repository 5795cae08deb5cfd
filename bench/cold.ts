// Cold vs hot starts (issue 19), through the real pipeline against the loopback registry
// (scripts/registry-up.sh): for the demo image and for a 1 GB image, hot starts and cold starts
// (image removed, pulled, started), with the pull's own phases; then the phases a Triton-shaped
// log gives (test/fixtures/log-server), line timestamps next to arrival times.
// Run: node bench/cold.ts [hot=10] [cold=5] [big MiB=1024]  (after scripts/docker-up.sh)
// Prints JSON to stdout; docs/benchmarks.md holds the results with the machine and date.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import { PHASE_PRESETS } from '../src/config/phase-presets.ts';
import { connectDocker } from '../src/docker/client.ts';
import { runPipeline } from '../src/pipeline.ts';
import { median } from '../src/analyze/stats.ts';
import { systemClock } from '../src/util/clock.ts';
import type { Logger } from '../src/util/logger.ts';
import type { Stats } from '../src/model.ts';

const hot = Number(process.argv[2] ?? 10);
const coldRuns = Number(process.argv[3] ?? 5);
const bigMiB = Number(process.argv[4] ?? 1024);
const ROOT = resolve(import.meta.dirname, '..');
const REGISTRY = process.env.STARTUP_SLA_REGISTRY ?? '127.0.0.1:5000';
const runId = `bench-cold-${process.pid}`;
const endpoint = connectDocker();
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const quiet: Logger = { info() {}, warning: (l) => console.error(`warning: ${l}`), error: (l) => console.error(`error: ${l}`), debug() {}, group: (_t, fn) => fn(), untrusted() {} };
const r1 = (v: number) => Math.round(v * 10) / 10;
const brief = (s: Stats) => ({ n: s.n, min: r1(s.min), p50: r1(s.p50), p95: r1(s.p95), max: r1(s.max) });

sh('bash', [resolve(ROOT, 'scripts/registry-up.sh'), REGISTRY]);

async function coldVsHot(name: string, mib: number) {
  const image = `${REGISTRY}/ssla-bench/${name}:${process.pid}`;
  sh('bash', [resolve(ROOT, 'scripts/build-demo-image.sh'), image, String(mib), `startup-sla.run=${runId}`]);
  const pushStart = performance.now();
  sh('docker', ['push', '-q', image]);
  const pushMs = performance.now() - pushStart;
  try {
    const config = loadConfig('cli', { image, 'health-check': 'http:8000/health', runs: String(hot), warmup: '1', 'timeout-ms': '120000', baseline: 'none', start: 'cold', 'cold-runs': String(coldRuns) });
    const report = await runPipeline(config, { endpoint, clock: systemClock, logger: quiet, runId, version: 'bench', signal: new AbortController().signal, live: new Set() });
    const t = report.targets[0]!;
    const cold = t.cold!;
    const pullPhases = [...new Set(cold.samples.flatMap((s) => s.pull.phases.map((p) => p.name)))].map((n) => ({
      name: n,
      p50: r1(median(cold.samples.map((s) => s.pull.phases.find((p) => p.name === n)?.ms ?? Number.NaN).filter(Number.isFinite))),
    }));
    return {
      image: name,
      weightsMiB: mib,
      imageBytes: t.image.sizeBytes,
      pushMs: r1(pushMs),
      hot: brief(t.stats),
      cold: { pullPlusStart: brief(cold.stats), pull: brief(cold.pullStats), start: brief(cold.startStats), pullBytes: cold.pullBytes, layers: cold.samples.at(-1)?.pull.layers.map((l) => ({ status: l.status, bytes: l.bytes })) },
      pullPhasesP50: pullPhases,
      restored: cold.restored,
      error: cold.error?.message,
    };
  } finally {
    sh('docker', ['rmi', '-f', image]);
  }
}

async function tritonPhases() {
  const image = `ssla-bench/log-server:${process.pid}`;
  const ctx = mkdtempSync(join(os.tmpdir(), 'ssla-bench-log-'));
  const fixture = resolve(ROOT, 'test/fixtures/log-server');
  for (const f of readdirSync(fixture)) if (f.endsWith('.script') || f === 'Dockerfile') copyFileSync(join(fixture, f), join(ctx, f));
  sh('gcc', ['-O2', '-static', '-o', join(ctx, 'log-server'), join(fixture, 'log-server.c')]);
  sh('docker', ['build', '-q', '--label', `startup-sla.run=${runId}`, '-t', image, ctx]);
  rmSync(ctx, { recursive: true, force: true });
  try {
    // The preset, and the same lines matched without `ts`: what arrival alone would have said.
    const arrival = (PHASE_PRESETS.triton ?? []).map((r) => `${r.label} (arrival)=${r.pattern.replace('(?<ts>', '(?:')}`);
    const config = loadConfig('cli', { image, 'health-check': 'http:8000/v2/health/ready', runs: String(hot), warmup: '1', baseline: 'none', env: 'SCRIPT=/triton.script', phases: ['triton', ...arrival].join('\n') });
    const report = await runPipeline(config, { endpoint, clock: systemClock, logger: quiet, runId, version: 'bench', signal: new AbortController().signal, live: new Set() });
    const t = report.targets[0]!;
    const counted = t.samples.filter((s) => !s.warmup);
    const sources = Object.fromEntries(counted[0]!.phases.filter((p) => p.source).map((p) => [p.name, p.source]));
    const lag = (PHASE_PRESETS.triton ?? []).map((r) => ({
      phase: r.label,
      arrivalMinusLineMsP50: r1(median(counted.map((s) => (s.phases.find((p) => p.name === `${r.label} (arrival)`)?.ms ?? 0) - (s.phases.find((p) => p.name === r.label)?.ms ?? 0)))),
    }));
    return { ready: brief(t.stats), timelineP50: t.timeline.map((p) => ({ name: p.name, ms: r1(p.ms), source: sources[p.name] })), lag };
  } finally {
    sh('docker', ['rmi', '-f', image]);
  }
}

const demo = await coldVsHot('demo', 64);
const big = await coldVsHot('big', bigMiB);
const triton = await tritonPhases();
console.log(JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), note: 'VM shared with other agents at the time' }, hot, coldRuns, demo, big, triton }, null, 2));
