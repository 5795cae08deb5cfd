// `phases` presets against the real Docker Engine, on logs printed in Triton's and vLLM's exact
// shapes by a stand-in server (test/fixtures/log-server) with real timestamps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.ts';
import { connectDocker } from '../../src/docker/client.ts';
import { EventFeed } from '../../src/docker/events.ts';
import { measureTarget } from '../../src/measure/run.ts';
import type { StartContext } from '../../src/measure/start.ts';
import type { Phase, Sample } from '../../src/model.ts';
import { systemClock } from '../../src/util/clock.ts';
import { containersOfRun, removeImage } from '../support/docker.ts';
import { buildLogServerImage } from '../support/log-server.ts';

const IMAGE = 'ssla-itg-phases:logs';
const endpoint = connectDocker();
let feed: EventFeed;
const runId = `itg-phases-${process.pid}`;

before(async () => {
  buildLogServerImage(IMAGE);
  feed = await EventFeed.open(endpoint.docker, runId);
});
after(async () => {
  feed.close();
  assert.deepEqual(await containersOfRun(runId), [], 'every container of the run was removed');
  await removeImage(IMAGE);
});

async function measure(script: string, phases: string, opts: { env?: string; hostConfig?: object; runs?: number } = {}): Promise<Sample[]> {
  // The script to play is chosen by the environment: one image stands in for every server.
  const env = [`SCRIPT=${script}`, ...(opts.env ? [opts.env] : [])].join('\n');
  const target = loadConfig('cli', { image: IMAGE, runs: String(opts.runs ?? 2), warmup: '0', 'timeout-ms': '15000', 'health-check': 'http:8000/v2/health/ready', phases, env }).targets[0]!;
  const ctx: StartContext = { endpoint, feed, clock: systemClock, runId, live: new Set(), signal: new AbortController().signal };
  const plan = {
    targetId: target.id,
    image: target.image,
    healthCheck: target['health-check'],
    phases: target.phases,
    timeoutMs: target['timeout-ms'],
    pollMs: target['poll-ms'],
    network: target.network,
    env: target.env,
    hostConfig: { ...(opts.hostConfig ?? {}) },
    extraEnv: [],
  };
  return measureTarget(ctx, { runs: target.runs, warmup: target.warmup, head: plan }, () => undefined);
}

function phase(s: Sample, name: string): Phase {
  const p = s.phases.find((x) => x.name === name);
  assert.ok(p, `phase ${name} in ${s.phases.map((x) => x.name)}`);
  return p;
}

/** A mark from the line's own time lies after the create call and no later than readiness. */
function sane(s: Sample, p: Phase): void {
  assert.ok(p.ms > phase(s, 'create').ms - 5 && p.ms <= s.totalMs + 5, `${p.name} at ${p.ms} ms, create ${phase(s, 'create').ms}, ready ${s.totalMs}`);
}

const TRITON = ['model loading', 'model loaded', 'grpc started', 'http started', 'metrics started'];

test('triton preset: every documented line marks its phase at the line\'s own microsecond time', async () => {
  for (const s of await measure('/triton.script', 'triton')) {
    const marks = TRITON.map((n) => phase(s, n));
    for (const m of marks) {
      assert.equal(m.source, 'line-timestamp', `${m.name} source`);
      sane(s, m);
    }
    assert.deepEqual([...marks].sort((a, b) => a.ms - b.ms).map((m) => m.name), TRITON, 'in the order printed');
    const load = phase(s, 'model loaded').ms - phase(s, 'model loading').ms;
    assert.ok(load >= 400 && load < 3000, `the 420 ms the script sleeps between the two lines shows: ${load} ms`);
  }
});

test('triton preset: a server in another zone (UTC+2) still lands on our clock, zone from the daemon log', async () => {
  const [s] = await measure('/triton.script', 'triton', { env: 'TZ_SHIFT_MIN=120', runs: 1 });
  for (const n of TRITON) {
    assert.equal(phase(s!, n).source, 'line-timestamp');
    sane(s!, phase(s!, n));
  }
});

test('triton preset without the daemon log (log driver none): zone from the arrival time, and said so', async () => {
  const [s] = await measure('/triton.script', 'triton', { env: 'TZ_SHIFT_MIN=-330', runs: 1, hostConfig: { LogConfig: { Type: 'none', Config: {} } } });
  for (const n of TRITON) {
    assert.equal(phase(s!, n).source, 'line-timestamp-arrival-zone');
    sane(s!, phase(s!, n));
  }
});

test('triton preset, --log-format ISO8601 (whole seconds): arrival times, and said so', async () => {
  const [s] = await measure('/triton-iso.script', 'triton', { runs: 1 });
  for (const n of TRITON) {
    assert.equal(phase(s!, n).source, 'arrival');
    sane(s!, phase(s!, n));
  }
  assert.ok(phase(s!, 'model loaded').ms - phase(s!, 'model loading').ms >= 290);
});

test('vllm preset: V1-engine and older release shapes, arrival times', async () => {
  const [v1] = await measure('/vllm.script', 'vllm', { runs: 1 });
  const v1Names = ['api server version', 'weights loaded', 'model loaded', 'engine initialized', 'api server starting', 'app startup complete'];
  for (const n of v1Names) assert.equal(phase(v1!, n).source, 'arrival');
  assert.deepEqual(v1Names.map((n) => phase(v1!, n)).sort((a, b) => a.ms - b.ms).map((p) => p.name), v1Names);
  assert.ok(phase(v1!, 'engine initialized').ms - phase(v1!, 'weights loaded').ms >= 190);
  assert.ok(!v1!.phases.some((p) => p.name === 'uvicorn listening'), 'a line never printed marks nothing');
  const [v0] = await measure('/vllm-v0.script', 'vllm', { runs: 1 });
  for (const n of ['api server version', 'weights loaded', 'api server starting', 'app startup complete', 'uvicorn listening']) sane(v0!, phase(v0!, n));
});

test('own rules next to a preset, a ts group of unix seconds, and stamp lines, in one start', async () => {
  const rules = 'triton\nbanner=^== Triton Inference Server ==$\nbuild=NVIDIA Release (?<ts>\\d+)\\.\nengine=^t=(?<ts>\\d+\\.\\d+) engine ready';
  const [s] = await measure('/mixed.script', rules, { runs: 1 });
  assert.equal(phase(s!, 'banner').source, 'arrival');
  // "24" is no timestamp form: the rule falls back to the arrival time instead of inventing one.
  assert.equal(phase(s!, 'build').source, 'arrival');
  assert.equal(phase(s!, 'engine').source, 'line-timestamp');
  const stamp = phase(s!, 'weights read');
  assert.equal(stamp.source, undefined, 'a stamp line is a stamp, as before');
  for (const p of [phase(s!, 'build'), phase(s!, 'engine'), stamp, phase(s!, 'http started')]) sane(s!, p);
  assert.ok(phase(s!, 'engine').ms - stamp.ms >= 190, 'the 200 ms between the stamp and the engine line shows');
});
