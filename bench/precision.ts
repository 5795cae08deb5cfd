// Precision and speed (issue 8), each figure measured, none asserted:
//  1. ready-detection error (ready mark - the server's "listening" stamp) for http, tcp and log
//     readiness, and for http at several poll intervals, with the server becoming ready 100 ms
//     after it starts so the prober is really polling when it happens;
//  2. the prober's CPU while waiting (a server that takes 1 s to listen);
//  3. bundle load time (`node dist/cli.js --version`), and the action's own time beyond the
//     starts for a 5-start run of a built image;
//  4. peak RSS of the CLI over 100 starts of a container that logs 10 MB each (1 GB in all).
// Run: node bench/precision.ts [starts per variant = 20]   (after scripts/docker-up.sh)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import { connectDocker } from '../src/docker/client.ts';
import { EventFeed } from '../src/docker/events.ts';
import { removeRunResources } from '../src/docker/cleanup.ts';
import { describe } from '../src/analyze/stats.ts';
import { measureStart, type StartContext, type StartPlan } from '../src/measure/start.ts';
import { systemClock } from '../src/util/clock.ts';
import type { Sample } from '../src/model.ts';

const n = Number(process.argv[2] ?? 20);
const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli.js');
const IMAGE = 'ssla-bench:precision';
const runId = `bench-precision-${process.pid}`;
const tmp = mkdtempSync(join(os.tmpdir(), 'ssla-precision-'));
const r2 = (v: number) => Math.round(v * 100) / 100;
const brief = (xs: number[]) => {
  const s = describe(xs);
  return { n: s.n, p50: r2(s.p50), p95: r2(s.p95), max: r2(s.max) };
};

execFileSync('bash', [join(ROOT, 'scripts/build-demo-image.sh'), IMAGE, '16', `startup-sla.run=${runId}`], { stdio: ['ignore', 'ignore', 'inherit'] });
const endpoint = connectDocker();
const feed = await EventFeed.open(endpoint.docker, runId);
const ctx: StartContext = { endpoint, feed, clock: systemClock, runId, live: new Set(), signal: new AbortController().signal };

function plan(hc: string, pollMs: number, env: Record<string, string>): StartPlan {
  const t = loadConfig('cli', { image: IMAGE, 'health-check': hc }).targets[0]!;
  return { targetId: 'bench', image: IMAGE, healthCheck: t['health-check'], timeoutMs: 30_000, pollMs, network: 'bridge', env, hostConfig: {}, extraEnv: [], index: 0, warmup: false, arm: 'head' };
}
const listening = (s: Sample) => s.phases.find((p) => p.name === 'listening')?.ms ?? Number.NaN;
async function series(hc: string, pollMs: number, env: Record<string, string>, count: number): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < count; i++) out.push(await measureStart(ctx, plan(hc, pollMs, env)));
  return out;
}

await series('http:8000/health', 2, {}, 2); // warm the daemon and the page cache
const detection: Record<string, ReturnType<typeof brief>> = {};
for (const [name, hc, poll] of [
  ['http, poll 1 ms', 'http:8000/health', 1],
  ['http, poll 2 ms (default)', 'http:8000/health', 2],
  ['http, poll 5 ms', 'http:8000/health', 5],
  ['http, poll 10 ms', 'http:8000/health', 10],
  ['http, poll 50 ms', 'http:8000/health', 50],
  ['tcp, poll 2 ms', 'tcp:8000', 2],
  ['log', 'log:listening', 2],
] as const) {
  const samples = await series(hc, poll, { READY_DELAY_MS: '100' }, n);
  detection[name] = brief(samples.map((s) => s.totalMs - listening(s)));
}

const waiting = await series('http:8000/health', 2, { READY_DELAY_MS: '1000' }, 5);
const cpuPerSecondWaited = brief(waiting.map((s) => (s.probe?.cpuMs ?? Number.NaN) / (s.totalMs / 1000)));
const attemptsPerSecond = brief(waiting.map((s) => (s.probe?.attempts ?? Number.NaN) / (s.totalMs / 1000)));
feed.close();

const loads: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
  loads.push(performance.now() - t);
}
const bareNode: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  bareNode.push(performance.now() - t);
}

const own: number[] = [];
for (let i = 0; i < 5; i++) {
  const report = join(tmp, `own-${i}.json`);
  const t = performance.now();
  spawnSync(process.execPath, [CLI, '--image', IMAGE, '--health-check', 'http:8000/health', '--runs', '5', '--warmup', '0', '--baseline', 'none', '--report', report], { encoding: 'utf8' });
  const wall = performance.now() - t;
  const r = JSON.parse(readFileSync(report, 'utf8')) as { samples: Sample[] };
  own.push(wall - r.samples.reduce((a, s) => a + s.totalMs, 0));
}

const mem = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, '--image', IMAGE, '--health-check', 'log:listening', '--runs', '100', '--warmup', '0', '--env', 'LOG_FLOOD_MB=10', '--baseline', 'none', '--report', join(tmp, 'mem.json')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const peakKiB = Number(mem.stderr.trim().split('\n').at(-1));
const memReport = JSON.parse(readFileSync(join(tmp, 'mem.json'), 'utf8')) as { stats: { n: number; p50: number } };

await removeRunResources(endpoint.docker, runId);
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), kernel: os.release(), node: process.version },
      detectionErrorMs: detection,
      prober: { cpuMsPerSecondWaited: cpuPerSecondWaited, attemptsPerSecond },
      bundleLoadMs: { cliVersion: brief(loads), bareNodeStart: brief(bareNode) },
      ownTimeBeyondStartsMs: brief(own),
      memory: { starts: memReport.stats.n, loggedMB: memReport.stats.n * 10, peakRssMB: Math.round(peakKiB / 1024), p50Ms: r2(memReport.stats.p50) },
    },
    null,
    2,
  ),
);
process.exit(0);
