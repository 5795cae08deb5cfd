// The measurement core against the real Docker Engine: each readiness form, and the faults a
// start can meet. Timing bounds here are sanity bounds only; precision lives in bench/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../src/config/load.ts';
import { connectDocker } from '../../src/docker/client.ts';
import { EventFeed } from '../../src/docker/events.ts';
import { measureTarget } from '../../src/measure/run.ts';
import { runPipeline } from '../../src/pipeline.ts';
import type { StartContext, StartPlan } from '../../src/measure/start.ts';
import { systemClock } from '../../src/util/clock.ts';
import { ConfigError, StartError } from '../../src/util/errors.ts';
import type { Logger } from '../../src/util/logger.ts';
import type { Sample } from '../../src/model.ts';
import { buildDemoImage, containersOfRun, removeImage } from '../support/docker.ts';

const IMAGE = 'ssla-itg-measure:demo';
const NO_HEALTH = 'ssla-itg-measure:nohealth';
const endpoint = connectDocker();
let feed: EventFeed;
const runId = `itg-measure-${process.pid}`;

before(async () => {
  buildDemoImage(IMAGE);
  feed = await EventFeed.open(endpoint.docker, runId);
});
after(async () => {
  feed.close();
  assert.deepEqual(await containersOfRun(runId), [], 'every container of the run was removed');
  await removeImage(IMAGE);
});

const quiet: Logger = { info() {}, warning() {}, error() {}, debug() {}, group: (_t, fn) => fn(), untrusted() {} };

async function measure(inputs: Record<string, string>, signal = new AbortController().signal, afterReady?: StartPlan['afterReady']): Promise<Sample[]> {
  const target = loadConfig('cli', { image: IMAGE, runs: '2', warmup: '0', 'timeout-ms': '10000', ...inputs }).targets[0]!;
  const ctx: StartContext = { endpoint, feed, clock: systemClock, runId, live: new Set(), signal };
  const plan = {
    targetId: target.id,
    image: target.image,
    healthCheck: target['health-check'],
    timeoutMs: target['timeout-ms'],
    pollMs: target['poll-ms'],
    network: target.network,
    env: target.env,
    hostConfig: {},
    extraEnv: [],
    afterReady,
  };
  return measureTarget(ctx, { runs: target.runs, warmup: target.warmup, head: plan }, () => undefined);
}

function mark(s: Sample, name: string): number {
  const p = s.phases.find((x) => x.name === name);
  assert.ok(p, `phase ${name} in ${s.phases.map((x) => x.name)}`);
  return p.ms;
}

for (const hc of ['http:8000/health', 'tcp:8000', 'log:listening', 'docker']) {
  test(`readiness by ${hc}: ready after the server listens, phases ordered`, async () => {
    const samples = await measure({ 'health-check': hc, env: 'READY_DELAY_MS=200' });
    assert.equal(samples.length, 2);
    for (const s of samples) {
      const listening = mark(s, 'listening');
      assert.ok(mark(s, 'create') < mark(s, 'model loaded'));
      assert.ok(mark(s, 'model loaded') + 150 < listening, 'the 200 ms delay shows between model loaded and listening');
      // Ready can never precede the server's own "listening" stamp (1 ms clock slack).
      assert.ok(s.totalMs >= listening - 1, `ready ${s.totalMs} >= listening ${listening}`);
      // Docker's own HEALTHCHECK ticks once a second; the others are near-immediate.
      assert.ok(s.totalMs - listening < (hc === 'docker' ? 3000 : 500), `ready ${s.totalMs} vs listening ${listening}`);
    }
  });
}

test('afterReady: called once per start with the running container, off the timed path, its result merged', async () => {
  const seen: string[] = [];
  const samples = await measure({ 'health-check': 'tcp:8000' }, undefined, async (id) => {
    const state = JSON.parse(execFileSync('docker', ['inspect', '--format', '{{json .State}}', id], { encoding: 'utf8' })) as { Running: boolean };
    assert.equal(state.Running, true, 'the container still runs when afterReady is called');
    seen.push(id);
    // Slow on purpose: none of it may show in the measured start.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { probe: { attempts: -seen.length, cpuMs: 0 } };
  });
  assert.equal(seen.length, 2);
  assert.equal(new Set(seen).size, 2, 'one container per start');
  assert.deepEqual(samples.map((s) => s.probe?.attempts), [-1, -2], 'what afterReady returned is in the sample');
  for (const s of samples) assert.ok(s.totalMs < 3000 && mark(s, 'ready') === s.totalMs, `ready ${s.totalMs}`);
  assert.deepEqual(await containersOfRun(runId), [], 'each container was removed after afterReady');
});

test('HTTP: ready at the first 2xx, not at the first answer (503 for a while)', async () => {
  const [s] = await measure({ 'health-check': 'http:8000/health', runs: '1', env: 'UNHEALTHY_MS=400' });
  assert.ok(s!.totalMs - mark(s!, 'listening') >= 390, `ready ${s!.totalMs} listening ${mark(s!, 'listening')}`);
});

test('HTTP: a server that closes connections without answering is never ready', async () => {
  await assert.rejects(measure({ 'health-check': 'http:8000/health', runs: '1', 'timeout-ms': '1500', env: 'CLOSE_WITHOUT_ANSWER=1' }), (e: unknown) => {
    assert.ok(e instanceof StartError);
    assert.match(e.message, /not ready within 1500 ms \(last answer on port 8000\/health: (ECONNRESET|connection closed without an answer|no answer within [0-9.]+ ms)/);
    return true;
  });
});

test('log: the readiness line printed twice counts once, at its first arrival', async () => {
  const [s] = await measure({ 'health-check': 'log:listening', runs: '1', env: 'READY_TWICE=1' });
  assert.ok(s!.phases.some((p) => p.name === 'listening #2'));
  assert.ok(s!.totalMs <= mark(s!, 'listening #2') + 50);
});

test('exit before ready: exit code and log tail', async () => {
  await assert.rejects(measure({ 'health-check': 'tcp:8000', env: 'EXIT_BEFORE_READY=3' }), (e: unknown) => {
    assert.ok(e instanceof StartError);
    assert.match(e.message, /start 1: the container exited with code 3 before it was ready/);
    assert.ok(e.logTail.some((l) => l.includes('giving up before ready')), e.logTail.join('\n'));
    return true;
  });
});

test('a crash after ready (during teardown) does not fail the start', async () => {
  const samples = await measure({ 'health-check': 'http:8000/health', env: 'CRASH_AFTER_READY_MS=20' });
  assert.equal(samples.length, 2);
});

test('hundreds of MB of logs before ready: bounded memory, ready still after the log', async () => {
  const before = process.memoryUsage().rss;
  const [s] = await measure({ 'health-check': 'log:listening', runs: '1', 'timeout-ms': '60000', env: 'LOG_FLOOD_MB=200' });
  const grown = process.memoryUsage().rss - before;
  assert.ok(grown < 150 * 1024 * 1024, `rss grew ${(grown / 1e6).toFixed(0)} MB while the container logged 200 MB`);
  assert.ok(s!.totalMs >= mark(s!, 'listening') - 1);
});

test('a 10 MB log line is cut, not kept whole', async () => {
  const [s] = await measure({ 'health-check': 'http:8000/health', runs: '1', env: 'LONG_LINE_BYTES=10000000' });
  assert.ok(s!.totalMs > 0);
});

test('cancellation stops a start that is waiting and removes its container', async () => {
  const controller = new AbortController();
  const pending = measure({ 'health-check': 'http:8000/health', runs: '1', env: 'READY_DELAY_MS=60000' }, controller.signal);
  setTimeout(() => controller.abort(), 500);
  await assert.rejects(pending, /cancelled/);
});

test('preflight: a missing image, a port the image does not expose, docker health without HEALTHCHECK', async () => {
  const run = (inputs: Record<string, string>) =>
    runPipeline(loadConfig('cli', { runs: '1', ...inputs }), { endpoint, clock: systemClock, logger: quiet, runId, version: 't', signal: new AbortController().signal, live: new Set() });
  await assert.rejects(run({ image: 'ssla-itg-measure:absent', 'health-check': 'tcp:8000' }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /Input "image" has value "ssla-itg-measure:absent": no such image .* never pulls/);
    return true;
  });
  await assert.rejects(run({ image: IMAGE, 'health-check': 'http:9000/health' }), /does not expose port 9000\/tcp \(it exposes 8000\/tcp\)/);
  execFileSync('docker', ['build', '-q', '--label', 'startup-sla.test=itg', '-t', NO_HEALTH, '-'], { input: `FROM ${IMAGE}\nHEALTHCHECK NONE\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  try {
    await assert.rejects(run({ image: NO_HEALTH, 'health-check': 'docker' }), /Input "health-check" has value "docker": image ssla-itg-measure:nohealth has no HEALTHCHECK/);
  } finally {
    await removeImage(NO_HEALTH);
  }
});
