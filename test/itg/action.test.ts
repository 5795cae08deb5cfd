// The bundled action, run as the runner runs it, against the real Docker Engine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startAction as startActionWithGitHub } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, docker, removeImage } from '../support/docker.ts';

// These runs have no GitHub API to talk to (action-github.test.ts covers that side).
const startAction = (opts: Parameters<typeof startActionWithGitHub>[0] = {}) =>
  startActionWithGitHub({ ...opts, inputs: { baseline: 'none', comment: 'false', ...opts.inputs } });

const IMAGE = 'ssla-itg-action:demo';
before(() => buildDemoImage(IMAGE));
after(() => removeImage(IMAGE));

test('a passing run writes outputs, summary, report and leaves nothing behind', async () => {
  const run = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '3', warmup: '1' } });
  const r = await run.done;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.outputs.verdict, 'pass');
  const p50 = Number(r.outputs['p50-ms']);
  const p95 = Number(r.outputs['p95-ms']);
  assert.ok(p50 > 0 && p50 <= p95 && p95 < 30_000, `p50 ${p50} p95 ${p95}`);
  const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8'));
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.verdict, 'pass');
  assert.equal(report.stats.n, 3);
  assert.equal(report.samples.length, 4);
  assert.equal(report.samples.filter((s: { warmup: boolean }) => s.warmup).length, 1);
  for (const s of report.samples) {
    const names = s.phases.map((p: { name: string }) => p.name);
    for (const want of ['create', 'start', 'first-output', 'process started', 'model loaded', 'listening', 'ready']) assert.ok(names.includes(want), `${want} in ${names}`);
    const ms = Object.fromEntries(s.phases.map((p: { name: string; ms: number }) => [p.name, p.ms]));
    // Ordering the physics imposes: the API call returns before the process runs, the server
    // listens before it can answer, and ready is the end of the start.
    assert.ok(ms.create < ms['process started'] && ms['process started'] <= ms.listening && ms.listening <= ms.ready, JSON.stringify(ms));
    assert.equal(s.totalMs, ms.ready);
  }
  assert.equal(report.image.reference, IMAGE);
  assert.ok(report.image.size > 4 * 1024 * 1024);
  assert.match(report.image.id, /^sha256:[0-9a-f]{64}$/);
  assert.ok(report.environment.dockerVersion);
  assert.match(r.summary, /startup-sla: PASS/);
  assert.match(r.summary, /\| n \| min \| p50/);
  assert.match(r.summary, /```mermaid\ngantt/);
  assert.match(r.stdout, /::group::startup-sla: /);
  assert.match(r.stdout, /start 4\/4: ready in/);
  assert.match(r.stdout, /::warning title=startup-sla.*no baseline: baseline is none/);
  assert.deepEqual(await containersOfRun(r.state.runId ?? ''), []);
  const post = await run.post();
  assert.equal(post.code, 0);
  assert.match(post.stdout, /removed 0 container/);
});

test('an SLA breach fails the step with an error annotation; fail-on never does not', async () => {
  const inputs = { image: IMAGE, 'health-check': 'http:8000/health', runs: '2', warmup: '0', 'sla-ms': '1', env: 'READY_DELAY_MS=50' };
  const r = await startAction({ inputs }).done;
  assert.equal(r.code, 1);
  assert.equal(r.outputs.verdict, 'fail');
  assert.match(r.stdout, /::error title=startup-sla%3A ssla-itg-action fail::.*> SLA 1 ms/);
  assert.match(r.stdout, /::error::startup-sla: ssla-itg-action \(sla-breached\)/);
  assert.match(r.summary, /FAIL/);
  const lenient = await startAction({ inputs: { ...inputs, 'fail-on': 'never' } }).done;
  assert.equal(lenient.code, 0);
  assert.equal(lenient.outputs.verdict, 'fail');
});

test('bad input: one clear line naming the input, exit 1, no container created', async () => {
  const r = await startAction({ inputs: { image: IMAGE, 'health-check': 'grpc:8001' } }).done;
  assert.equal(r.code, 1);
  const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
  assert.equal(errors.length, 1, r.stdout);
  assert.match(errors[0] ?? '', /Input "health-check" has value "grpc:8001": expected http:<port><path>/);
  assert.equal(r.state.runId, undefined);
});

test('a container that exits before ready fails with its exit code and last log lines', async () => {
  const r = await startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '2', env: 'EXIT_BEFORE_READY=7' } }).done;
  assert.equal(r.code, 1);
  assert.match(r.stdout, /exited with code 7 before it was ready/);
  assert.match(r.stdout, /fatal: giving up before ready/);
  assert.deepEqual(await containersOfRun(r.state.runId ?? ''), []);
});

test('a start that never becomes ready times out with the last log lines', async () => {
  const r = await startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '1', warmup: '0', 'timeout-ms': '1500', env: 'READY_DELAY_MS=600000' } }).done;
  assert.equal(r.code, 1);
  assert.match(r.stdout, /not ready within 1500 ms \(last answer on port 8000\/health: /);
  assert.match(r.stdout, /model loaded/);
  assert.deepEqual(await containersOfRun(r.state.runId ?? ''), []);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} mid-run removes every container of the run and exits`, async () => {
    const run = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '50', env: 'READY_DELAY_MS=300' } });
    await run.waitFor(/start +2\/51/);
    const runId = run.state().runId ?? '';
    assert.notEqual(runId, '');
    run.child.kill(signal);
    const r = await run.done;
    assert.equal(r.code, signal === 'SIGINT' ? 130 : 143);
    assert.deepEqual(await containersOfRun(runId), []);
  });
}

test('a killed main step leaves a container that the post step removes', async () => {
  const run = startAction({ inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '5', env: 'READY_DELAY_MS=5000' } });
  await run.waitFor(/measuring 5 starts/);
  const runId = run.state().runId ?? '';
  // Wait until the first container exists, then kill without giving the action a chance.
  for (let i = 0; i < 200 && (await containersOfRun(runId)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal((await containersOfRun(runId)).length, 1);
  run.child.kill('SIGKILL');
  await run.done;
  assert.equal((await containersOfRun(runId)).length, 1);
  const post = await run.post();
  assert.equal(post.code, 0);
  assert.match(post.stdout, /removed 1 container/);
  assert.deepEqual(await containersOfRun(runId), []);
});

test('other containers on the daemon are never touched', async () => {
  const bystander = await docker.createContainer({ Image: IMAGE, Labels: { 'startup-sla.test': 'bystander' } });
  try {
    const r = await startAction({ inputs: { image: IMAGE, 'health-check': 'tcp:8000', runs: '1' } }).done;
    assert.equal(r.code, 0, r.stdout);
    const info = await bystander.inspect();
    assert.equal(info.Id, bystander.id);
  } finally {
    await bystander.remove({ force: true });
  }
});

test('interleaved A/B against a baseline image: both arms alternate, compared directly, sampling bounded by max-runs', async () => {
  const r = await startAction({
    inputs: { image: IMAGE, 'baseline-image': IMAGE, 'health-check': 'http:8000/health', runs: '4', warmup: '1', 'max-runs': '8' },
  }).done;
  assert.equal(r.code, 0, r.stdout);
  const report = JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8'));
  const t = report.targets[0];
  const arms = t.samples.filter((s: { warmup: boolean }) => !s.warmup).map((s: { arm: string }) => s.arm);
  // ABBA order: head, base, base, head, ...
  assert.deepEqual(arms.slice(0, 4), ['head', 'base', 'base', 'head']);
  assert.ok(t.stats.n >= 4 && t.stats.n <= 8, `n=${t.stats.n}`);
  assert.equal(t.baseStats.n, t.stats.n);
  // The same image on both sides is never a regression.
  assert.notEqual(t.comparison.classification, 'regression');
  assert.ok(['no-change', 'inconclusive', 'improvement'].includes(t.comparison.classification));
  assert.match(r.summary, /interleaved, same job/);
  assert.notEqual(r.outputs['delta-pct'], '');
});

test('GitHub unreachable (an outage): the measurement decides, GitHub steps are warnings, no long retries', async () => {
  const t0 = performance.now();
  // Every GitHub input at its default: baseline branch, comment, a check run.
  const r = await startActionWithGitHub({
    inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '2', 'check-name': 'hot-start' },
    env: { GITHUB_API_URL: 'http://127.0.0.1:9' },
  }).done;
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(r.code, 0, r.stdout);
  assert.doesNotMatch(r.stdout, /crashed/);
  assert.match(r.stdout, /::warning::.*history .* is unreadable/);
  assert.match(r.stdout, /::warning::startup-sla: PR comment for .* not posted/);
  assert.match(r.stdout, /::warning::startup-sla: check run "hot-start" not created/);
  assert.match(r.summary, /startup-sla: PASS/);
  // A sanity bound, not a timing claim: the retry plugin's defaults took over a minute here.
  assert.ok(seconds < 40, `took ${seconds.toFixed(1)} s`);
});
