// Benchmark for the main job (issue 2) and precision (issue 8), on the same image, interleaved:
//  1. the action's create -> ready time vs a bare `docker run -d` + tight curl loop;
//  2. ready-detection error: the action's ready mark minus the server's own "listening" stamp,
//     for http, tcp and log readiness;
//  3. the prober's CPU use while it waits.
// Run: node bench/overhead.ts [pairs=20] [weights MiB=64]  (after scripts/docker-up.sh)
// Prints JSON to stdout; docs/benchmarks.md holds the results with the machine and date.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import { connectDocker } from '../src/docker/client.ts';
import { EventFeed } from '../src/docker/events.ts';
import { removeRunResources } from '../src/docker/cleanup.ts';
import { freeLoopbackPort } from '../src/docker/ports.ts';
import { describe } from '../src/analyze/stats.ts';
import { measureStart, type StartContext, type StartPlan } from '../src/measure/start.ts';
import { systemClock } from '../src/util/clock.ts';
import type { Sample } from '../src/model.ts';

const pairs = Number(process.argv[2] ?? 20);
const mib = Number(process.argv[3] ?? 64);
const ROOT = resolve(import.meta.dirname, '..');
const IMAGE = 'ssla-bench:overhead';
const runId = `bench-${process.pid}`;

execFileSync('bash', [resolve(ROOT, 'scripts/build-demo-image.sh'), IMAGE, String(mib), `startup-sla.run=${runId}`], { stdio: ['ignore', 'ignore', 'inherit'] });
const endpoint = connectDocker();
const feed = await EventFeed.open(endpoint.docker, runId);
const ctx: StartContext = { endpoint, feed, clock: systemClock, runId, live: new Set(), signal: new AbortController().signal };

function plan(hc: string, index: number): StartPlan {
  const t = loadConfig('cli', { image: IMAGE, 'health-check': hc }).targets[0]!;
  return { targetId: 'bench', image: IMAGE, healthCheck: t['health-check'], timeoutMs: 30_000, pollMs: t['poll-ms'], network: 'bridge', env: {}, hostConfig: {}, extraEnv: [], index, warmup: false, arm: 'head' };
}

/** What a person would write by hand: docker run -d, then curl until it answers. */
async function bare(): Promise<number> {
  const port = await freeLoopbackPort();
  const script = `
    s=$(date +%s%N)
    id=$(docker run -d --label startup-sla.run=${runId} -p 127.0.0.1:${port}:8000 ${IMAGE})
    until curl -sf -o /dev/null http://127.0.0.1:${port}/health; do :; done
    e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
    docker rm -f "$id" >/dev/null`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  return Number(r.stdout.trim().split('\n')[0]) / 1000;
}

const listening = (s: Sample) => s.phases.find((p) => p.name === 'listening')?.ms ?? Number.NaN;
const round = (st: ReturnType<typeof describe>) => Object.fromEntries(Object.entries(st).map(([k, v]) => [k, Math.round(v * 100) / 100]));

// Warm-up both paths once (page cache, first-use costs in the daemon).
await measureStart(ctx, plan('http:8000/health', 0));
await bare();

const action: number[] = [];
const bareMs: number[] = [];
const detection: Record<string, number[]> = { http: [], tcp: [], log: [] };
const cpuBefore = process.cpuUsage();
let waitedMs = 0;
for (let i = 0; i < pairs; i++) {
  // ABBA order so neither side always runs first.
  const first = i % 2 === 0;
  if (!first) bareMs.push(await bare());
  const s = await measureStart(ctx, plan('http:8000/health', i));
  action.push(s.totalMs);
  waitedMs += s.totalMs;
  detection.http!.push(s.totalMs - listening(s));
  if (first) bareMs.push(await bare());
  for (const form of ['tcp', 'log'] as const) {
    const x = await measureStart(ctx, plan(form === 'tcp' ? 'tcp:8000' : 'log:listening', i));
    detection[form]!.push(x.totalMs - listening(x));
  }
}
const cpu = process.cpuUsage(cpuBefore);
feed.close();
await removeRunResources(endpoint.docker, runId);

const a = describe(action);
const b = describe(bareMs);
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), kernel: os.release(), node: process.version },
      image: { weightsMiB: mib },
      pairs,
      actionMs: round(a),
      bareDockerRunCurlMs: round(b),
      ratioP50: Math.round((a.p50 / b.p50) * 1000) / 1000,
      detectionErrorMs: Object.fromEntries(Object.entries(detection).map(([k, v]) => [k, round(describe(v))])),
      proberCpuMsPerSecondWaited: Math.round(((cpu.user + cpu.system) / 1000 / (waitedMs * 3)) * 1000 * 10) / 10,
    },
    null,
    2,
  ),
);
process.exit(0);
