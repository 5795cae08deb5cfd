// Fault injection: the Docker daemon unreachable at start, gone mid-start, restarted mid-start.
// The bundled action must end with one clear line naming the daemon, never hang past its
// timeout and never report a crash; what it left goes once the daemon is back (post step).
// A daemon that vanishes without stopping its containers (dockerd crashed or OOM-killed) is a
// unix-socket proxy in front of the real daemon that drops every connection and its socket.
// The last test stops and restarts the real local dockerd: it runs LAST and always restores it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startAction as startActionWithGitHub, type ActionRun, type StepResult } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, docker, removeImage } from '../support/docker.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const startAction = (opts: Parameters<typeof startActionWithGitHub>[0] = {}) =>
  startActionWithGitHub({ ...opts, inputs: { baseline: 'none', comment: 'false', ...opts.inputs } });

const IMAGE = 'ssla-itg-faults-daemon:demo';
before(() => buildDemoImage(IMAGE));
after(async () => {
  daemonUp();
  // A failed assertion skips a test's post step: sweep what this file's target left (by its own label).
  const left = await docker.listContainers({ all: true, filters: { label: ['startup-sla.target=ssla-itg-faults-daemon'] } });
  for (const c of left) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  await removeImage(IMAGE);
});

function daemonUp(): void {
  execFileSync('bash', [resolve(ROOT, 'scripts/docker-up.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 90_000 });
}

/** Stops the local dockerd (by its pid) and waits, bounded, until it is gone. */
async function daemonDown(): Promise<void> {
  // By the pidfile: a second engine (scripts/docker26.sh) may run beside it, also named dockerd.
  const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
  assert.ok(pid > 0, 'a local dockerd runs');
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    assert.ok(Date.now() < deadline, 'dockerd stopped within 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A unix socket that forwards to the real daemon until vanish(): then every connection drops and the socket file goes. */
async function daemonProxy(): Promise<{ host: string; vanish(): void; back(): Promise<void>; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-daemon-proxy-'));
  const path = join(dir, 'docker.sock');
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const listen = () =>
    new Promise<void>((ok, fail) => {
      const s = net.createServer((client) => {
        const upstream = net.connect('/var/run/docker.sock');
        for (const x of [client, upstream]) {
          sockets.add(x);
          x.on('close', () => sockets.delete(x));
          x.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      s.on('error', fail);
      s.listen(path, () => ok());
      server = s;
    });
  await listen();
  const vanish = () => {
    server?.close();
    rmSync(path, { force: true });
    for (const x of sockets) x.destroy();
  };
  return { host: `unix://${path}`, vanish, back: listen, close: () => (vanish(), rmSync(dir, { recursive: true, force: true })) };
}

const errorLines = (r: StepResult) => r.stdout.split('\n').filter((l) => l.startsWith('::error'));

function assertClearDaemonFailure(r: StepResult, allowed: RegExp): void {
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const all = r.stdout + r.stderr;
  assert.doesNotMatch(all, /crashed|a bug|\n\s+at /, 'no crash report, no stack');
  const errors = errorLines(r);
  assert.ok(errors.some((e) => allowed.test(e)), `an ::error line says what happened to the daemon:\n${errors.join('\n')}`);
  // Beside it only the verdict annotation (same message) and the step's closing line.
  for (const e of errors) assert.ok(allowed.test(e) || /^::error::startup-sla: [\w.-]+ \([\w, -]+\); see the job summary$/.test(e), e);
  // Each line stands alone: no multi-line %0A-encoded message.
  for (const e of errors) assert.doesNotMatch(e, /%0A/);
}

/** Starts a run whose container never gets ready, and waits until that container exists. */
async function runWaitingOnAStart(timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<{ run: ActionRun; runId: string }> {
  const run = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '3', warmup: '0', 'timeout-ms': String(timeoutMs), env: 'READY_DELAY_MS=600000' }, env });
  await run.waitFor(/measuring 3 starts/);
  const runId = run.state().runId ?? '';
  assert.notEqual(runId, '');
  // Bounded wait until the first container runs: the start is past create/start, in its wait.
  const running = async () => (await docker.listContainers({ filters: { label: [`startup-sla.run=${runId}`], status: ['running'] } })).length;
  for (let i = 0; i < 500 && (await running()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(await running(), 1, 'the first start is waiting on a running container');
  return { run, runId };
}

test('daemon unreachable at start (action): one ::error line naming DOCKER_HOST, nothing saved', async () => {
  const r = await startAction({ inputs: { image: IMAGE, 'health-check': 'tcp:8000' }, env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }).done;
  assert.equal(r.code, 1);
  const errors = errorLines(r);
  assert.equal(errors.length, 1, r.stdout);
  assert.match(errors[0] ?? '', /^::error::Docker daemon at unix:\/\/\/nonexistent\/docker.sock is not reachable \(.*ENOENT.*\); start Docker or set DOCKER_HOST/);
  assert.equal(r.state.runId, undefined);
});

test('daemon gone mid-start (crashed, containers left running): a clear line long before the timeout, post step cleans once it is back', async () => {
  const TIMEOUT = 30_000;
  const proxy = await daemonProxy();
  try {
    const { run, runId } = await runWaitingOnAStart(TIMEOUT, { DOCKER_HOST: proxy.host });
    const began = Date.now();
    proxy.vanish();
    const r = await run.done;
    const tookMs = Date.now() - began;
    assert.ok(tookMs < 10_000, `ended ${tookMs} ms after the daemon went, not at the ${TIMEOUT} ms timeout`);
    assertClearDaemonFailure(r, /the Docker daemon stopped answering mid-run \((connect (ENOENT|ECONNREFUSED) [^)]*|socket hang up)\); restart Docker and run again/);
    assert.match(r.stdout, /::error::ssla-itg-faults-daemon: start 1: the Docker daemon stopped answering mid-run/);
    assert.match(r.stdout, /::warning::startup-sla: could not remove this run's containers now .*the post step tries again/);
    assert.match(r.summary, /ERROR/, 'the job summary still tells what happened: nothing could be measured');
    // The container kept running on the vanished daemon; the post step removes it once it is back.
    assert.equal((await containersOfRun(runId)).length, 1);
    await proxy.back();
    const post = await run.post();
    assert.equal(post.code, 0, post.stdout);
    assert.match(post.stdout, /removed 1 container/);
    assert.deepEqual(await containersOfRun(runId), []);
  } finally {
    proxy.close();
  }
});

test('daemon gone between two starts: the next create fails with one clear line, no crash', async () => {
  const proxy = await daemonProxy();
  try {
    const run = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '200', warmup: '0', env: 'READY_DELAY_MS=20' }, env: { DOCKER_HOST: proxy.host } });
    await run.waitFor(/start +2\/200/);
    proxy.vanish();
    const r = await run.done;
    assertClearDaemonFailure(r, /Docker daemon stopped answering mid-run|daemon stopped or restarted/);
    // The failed start is the target's result: the summary and the report still tell it.
    assert.match(r.stdout, /::error::ssla-itg-faults-daemon: start \d+: the Docker daemon stopped answering mid-run/);
    assert.match(r.summary, /(FAIL|ERROR)/);
    await proxy.back();
    await run.post();
    assert.deepEqual(await containersOfRun(r.state.runId ?? ''), []);
  } finally {
    proxy.close();
  }
});

test('CLI: daemon gone mid-run is one error line and a cleanup hint, never a crash', async () => {
  const proxy = await daemonProxy();
  try {
    const cli = spawn(process.execPath, [resolve(ROOT, 'dist/cli.js'), '--image', IMAGE, '--health-check', 'http:8000/health', '--runs', '200', '--warmup', '0', '--env', 'READY_DELAY_MS=20', '--report', join(tmpdir(), `ssla-faults-cli-${process.pid}.json`)], {
      env: { ...process.env, DOCKER_HOST: proxy.host },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const seen = new Promise<void>((ok) => cli.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), /start +2\/200/.test(stderr) && ok())));
    const code = new Promise<number | null>((ok) => cli.on('close', ok));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([seen, new Promise((_, no) => (timer = setTimeout(() => no(new Error(`no progress: ${stderr}`)), 60_000)))]);
    clearTimeout(timer);
    proxy.vanish();
    assert.equal(await code, 1);
    assert.doesNotMatch(stderr, /crashed|\n\s+at /);
    assert.match(stderr, /^error: ssla-itg-faults-daemon: start \d+: the Docker daemon stopped answering mid-run \(.*\); restart Docker and run again$/m);
    assert.match(stderr, /^warning: could not remove this run's containers \(.*\); remove them with: docker rm -f \$\(docker ps -aq --filter label=startup-sla\.run=[\w-]+\)$/m);
    const runId = /label=startup-sla\.run=([\w-]+)/.exec(stderr)?.[1] ?? '';
    await proxy.back();
    for (const id of await containersOfRun(runId)) await docker.getContainer(id).remove({ force: true });
  } finally {
    proxy.close();
  }
});

test('daemon restarted mid-start (back at once): a clear line inside the timeout, no crash, nothing left (runs LAST)', async (t) => {
  // dockerd gives a container 10 s to stop on shutdown (the demo server, as PID 1, ignores SIGTERM).
  const TIMEOUT = 40_000;
  // Stopping dockerd stops every container on it: never do that under someone else's work.
  const others = await docker.listContainers({ filters: { status: ['running'] } });
  if (others.length > 0) return t.skip(`${others.length} other running container(s) on this daemon; not restarting it under them`);
  const { run, runId } = await runWaitingOnAStart(TIMEOUT);
  const began = Date.now();
  try {
    await daemonDown();
  } finally {
    daemonUp();
  }
  const r = await run.done;
  const tookMs = Date.now() - began;
  assert.ok(tookMs < TIMEOUT + 5_000, `ended in ${tookMs} ms: no hang beyond the ${TIMEOUT} ms timeout`);
  // Depending on when the daemon answered again the run sees it gone or sees its container
  // stopped under it; either is one clear line that names the daemon.
  assertClearDaemonFailure(r, /Docker daemon stopped answering mid-run|the Docker daemon stopped or restarted|the Docker daemon stopping or restarting/);
  t.diagnostic(errorLines(r)[0] ?? '');
  await run.post();
  assert.deepEqual(await containersOfRun(runId), []);
});
