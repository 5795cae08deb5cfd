// Every path reports (issue 13): a run that cannot measure still writes the job summary, sets
// verdict=error, completes the required check run as failed and corrects an older PR comment,
// run as the runner runs the bundle, against the real engine and the OpenAPI-checked GitHub.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAction, type RunOptions, type StepResult } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, removeImage } from '../support/docker.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';

const IMAGE = 'ssla-itg-errors:demo';
const TOKEN = 'ghs_errors_token_5d0e3b';
let gh: GitHubServer;

before(async () => {
  buildDemoImage(IMAGE);
  gh = await startGitHubServer({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master', tokens: { [TOKEN]: {} } });
});
after(async () => {
  await gh.close();
  await removeImage(IMAGE);
});

const base = { image: IMAGE, 'health-check': 'http:8000/health', runs: '1', warmup: '0', baseline: 'none' };
function run(opts: RunOptions) {
  return startAction({ token: TOKEN, ...opts, inputs: { ...base, ...opts.inputs }, env: { GITHUB_API_URL: gh.url, ...opts.env } });
}
const errorLines = (r: StepResult) => r.stdout.split('\n').filter((l) => l.startsWith('::error'));
const checksNamed = (name: string) => [...gh.state.checkRuns.values()].filter((c) => c.name === name);

describe('a bad input with check-name on a PR', () => {
  test('completes a failed check run, writes a summary naming the input, verdict=error, empty figures', async () => {
    const r = await run({ inputs: { 'health-check': 'htp:8080/healthz', 'check-name': 'startup-sla-bad-input' } }).done;
    assert.equal(r.code, 1, r.stdout);
    const errors = errorLines(r);
    assert.equal(errors.length, 1, r.stdout);
    assert.match(errors[0] ?? '', /^::error::Input "health-check" has value "htp:8080\/healthz"/);
    assert.equal(r.outputs.verdict, 'error');
    for (const k of ['p50-ms', 'p95-ms', 'stat-ms', 'delta-pct']) assert.equal(r.outputs[k], '', k);
    assert.equal(r.outputs.results, '[]');
    assert.doesNotMatch(JSON.stringify(r.outputs), /NaN/);
    assert.match(r.summary, /startup-sla: ERROR/);
    assert.match(r.summary, /Input "health-check" has value "htp:8080\/healthz"/);
    assert.match(r.summary, /\*\*Whose:\*\* the input/);
    assert.match(r.summary, /\*\*What to do:\*\*/);
    const checks = checksNamed('startup-sla-bad-input');
    assert.equal(checks.length, 1, 'the required check exists: it does not wait forever');
    const check = checks[0]!;
    assert.equal(check.status, 'completed');
    assert.equal(check.conclusion, 'failure');
    assert.match(check.output?.title ?? '', /^error \(the input or the code under test\): Input "health-check"/);
    assert.match(check.output?.summary ?? '', /Input "health-check" has value "htp:8080\/healthz"/);
    assert.match(r.outputs['check-run-url'] ?? '', /\/runs\/\d+$/);
    assert.equal(r.state.runId, undefined, 'nothing was started');
    assert.deepEqual(gh.violations, []);
  });

  test('an older "pass" comment of ours is updated to say this run errored; a human quoting the marker is not touched', async () => {
    const marker = '<!-- startup-sla:target=ssla-itg-errors -->';
    const [old, human] = gh.state.seedComments(2, [
      { body: `${marker}\n## ✅ startup-sla: PASS\np95 812 ms ≤ SLA 3000 ms` },
      { body: `${marker}\nquoting the bot`, user: { login: 'octocat', type: 'User', id: 583231 } },
    ]);
    const r = await run({ inputs: { 'health-check': 'htp:8080/healthz' } }).done;
    assert.equal(r.code, 1);
    const updated = gh.state.issueComments(2).find((c) => c.id === old!.id);
    assert.ok(updated);
    assert.ok(updated.body.startsWith(marker), 'still ours, still found by the next run');
    assert.match(updated.body, /startup-sla: ERROR/);
    assert.doesNotMatch(updated.body, /PASS/);
    assert.match(updated.body, /no longer current/);
    assert.equal(gh.state.issueComments(2).find((c) => c.id === human!.id)?.body, `${marker}\nquoting the bot`);
    assert.match(r.outputs['comment-url'] ?? '', /#issuecomment-\d+$/);
    assert.deepEqual(gh.violations, []);
  });
});

describe('a host error from the daemon', () => {
  test('network: nosuchnet is the host\'s problem with the daemon\'s words and one hint, not a crash; the check says so', async () => {
    const action = run({ inputs: { network: 'nosuchnet', 'check-name': 'startup-sla-host' } });
    const r = await action.done;
    assert.equal(r.code, 1, r.stdout);
    const all = r.stdout + r.stderr;
    assert.doesNotMatch(all, /crashed|a bug|\n\s+at /);
    const errors = errorLines(r);
    assert.ok(errors.some((e) => /network nosuchnet not found/.test(e) && /Hint: that network does not exist on this host/.test(e)), errors.join('\n'));
    assert.equal(r.outputs.verdict, 'error');
    assert.match(r.summary, /\*\*Whose:\*\* this runner's Docker host/);
    assert.match(r.summary, /network nosuchnet not found/);
    const check = checksNamed('startup-sla-host')[0];
    assert.equal(check?.conclusion, 'failure');
    assert.match(check?.output?.title ?? '', /Docker host/);
    assert.deepEqual(await containersOfRun(r.state.runId ?? 'none'), [], 'nothing left running');
    const post = await action.post();
    assert.equal(post.code, 0);
    assert.deepEqual(gh.violations, []);
  });
});

describe('the other ways a run ends before a verdict', () => {
  test('an unreachable daemon: summary, verdict=error and a failed check, the daemon named', async () => {
    const r = await run({ inputs: { 'check-name': 'startup-sla-nodaemon' }, env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }).done;
    assert.equal(r.code, 1);
    assert.equal(errorLines(r).length, 1, r.stdout);
    assert.equal(r.outputs.verdict, 'error');
    assert.match(r.summary, /\*\*Whose:\*\* this runner's Docker host/);
    assert.match(r.summary, /unix:\/\/\/nonexistent\/docker.sock is not reachable/);
    assert.equal(checksNamed('startup-sla-nodaemon')[0]?.conclusion, 'failure');
  });

  test('a failing image build: the builder\'s words in the summary, verdict=error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssla-errors-build-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY missing-file /x\n');
    const r = await run({ inputs: { image: `ssla-itg-errors-build:${process.pid}`, dockerfile: join(dir, 'Dockerfile'), 'check-name': 'startup-sla-build' } }).done;
    assert.equal(r.code, 1);
    assert.equal(r.outputs.verdict, 'error');
    assert.match(r.summary, /missing-file/);
    assert.match(r.summary, /\*\*What to do:\*\* the build output above says why/);
    assert.equal(checksNamed('startup-sla-build')[0]?.conclusion, 'failure');
  });

  test('a misspelt input is named with what was meant', async () => {
    const r = await run({ inputs: { 'health-check': 'htp:1' }, env: { 'INPUT_HELTH-CHEK': 'http:8000/health' } }).done;
    assert.match(r.stdout, /^::warning::startup-sla: input "helth-chek" is not one startup-sla knows; it is ignored\. Did you mean "health-check"\?$/m);
  });

  test('a runner older than node24 needs, where it tells its version, is warned about; one that does not tell is not guessed', async () => {
    const old = await run({ inputs: { 'health-check': 'htp:1' }, env: { RUNNER_VERSION: '2.326.0' } }).done;
    assert.match(old.stdout, /^::warning::startup-sla: this runner is version 2\.326\.0 \(RUNNER_VERSION\); startup-sla runs on node24, which needs runner 2\.327\.1 or later/m);
    const fresh = await run({ inputs: { 'health-check': 'htp:1' }, env: { RUNNER_VERSION: '2.330.0' } }).done;
    assert.doesNotMatch(fresh.stdout, /needs runner/);
    const untold = await run({ inputs: { 'health-check': 'htp:1' } }).done;
    assert.match(untold.stdout, /^::debug::startup-sla: runner version unknown \(RUNNER_VERSION is not set\)$/m);
  });
});

describe('cancelled', () => {
  test('SIGINT mid-run completes the check run as cancelled: a required check does not stay in progress', async () => {
    const action = run({ inputs: { runs: '50', env: 'READY_DELAY_MS=300', 'check-name': 'startup-sla-cancel' } });
    await action.waitFor(/start +2\/50/);
    assert.equal(checksNamed('startup-sla-cancel')[0]?.status, 'in_progress');
    action.child.kill('SIGINT');
    const r = await action.done;
    assert.equal(r.code, 130);
    const check = checksNamed('startup-sla-cancel')[0];
    assert.equal(check?.status, 'completed');
    assert.equal(check?.conclusion, 'cancelled');
    assert.deepEqual(await containersOfRun(r.state.runId ?? ''), []);
  });
});

describe('GitHub down while reporting an error', () => {
  test('costs warnings, never a crash: the summary and verdict=error are still there', async () => {
    const r = await startAction({ token: TOKEN, inputs: { ...base, 'health-check': 'htp:1', 'check-name': 'x' }, env: { GITHUB_API_URL: 'http://127.0.0.1:9' } }).done;
    assert.equal(r.code, 1);
    assert.equal(errorLines(r).length, 1, r.stdout);
    assert.match(r.stdout, /::warning::startup-sla: (check run|PR comment)/);
    assert.doesNotMatch(r.stdout + r.stderr, /crashed/);
    assert.equal(r.outputs.verdict, 'error');
    assert.match(r.summary, /startup-sla: ERROR/);
  });
});
