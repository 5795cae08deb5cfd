// The adoption path as written: examples/workflows/baseline.yml and pr-gate.yml (their own
// `with:`), run as the runner runs them against the OpenAPI-checked GitHub server and the real
// engine. A push records the baseline on the data branch; a PR 500 ms slower fails as a
// regression naming the base commit; an unchanged PR passes; the fork-safe pair compares too.
// One change to what the examples say: `gpus` is emptied, since this machine has no GPU.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { examplePayload, startAction, type RunOptions } from '../support/action-runner.ts';
import { removeImage, removeKeptImages } from '../support/docker.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';
import { actionStepInputs } from '../support/workflow-step.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'ghs_rw_token_for_adoption';
const READ_ONLY = 'ghs_ro_token_for_adoption';
const BASE_SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
const PR = 7;
let gh: GitHubServer;
let server: string;
const made: string[] = [];

before(async () => {
  gh = await startGitHubServer({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'main', tokens: { [TOKEN]: {}, [READ_ONLY]: { readOnly: true } } });
  server = join(mkdtempSync(join(tmpdir(), 'ssla-adopt-bin-')), 'server');
  execFileSync('gcc', ['-O2', '-static', '-o', server, join(ROOT, 'examples/demo-server/server.c')]);
});
after(async () => {
  await gh.close();
  for (const tag of new Set(made)) await removeImage(tag);
  await removeKeptImages('my-server');
});

/** A checkout: the demo server's Dockerfile, plus `extra` lines (what the PR changed). */
function checkout(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-adopt-ws-'));
  copyFileSync(server, join(dir, 'server'));
  writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(1024 * 1024, 7));
  writeFileSync(join(dir, 'Dockerfile'), `${readFileSync(join(ROOT, 'examples/demo-server/Dockerfile'), 'utf8')}${extra}`);
  return dir;
}

function inputsOf(file: string, index = 0): Record<string, string> {
  const inputs = actionStepInputs(file, { 'github.event.pull_request.number': String(PR), 'runner.temp': '${RUNNER_TEMP}', 'steps.pr.outputs.number': String(PR) }, index);
  if (inputs.image) made.push(inputs.image);
  return { ...inputs, ...(inputs.gpus !== undefined ? { gpus: '' } : {}) };
}

function repoOf(payload: Record<string, unknown>): void {
  const repo = payload.repository as { default_branch: string; full_name: string };
  repo.default_branch = 'main';
}

function pushEvent(): RunOptions['event'] {
  const payload = { ...examplePayload('push'), ref: 'refs/heads/main', after: BASE_SHA };
  repoOf(payload);
  return { name: 'push', payload };
}

function prEvent(headSha: string, fork = false): RunOptions['event'] {
  const payload = examplePayload('pull_request', 'opened') as Record<string, unknown> & { number: number; pull_request: Record<string, any> };
  payload.number = PR;
  payload.pull_request.number = PR;
  payload.pull_request.base.sha = BASE_SHA;
  payload.pull_request.base.ref = 'main';
  payload.pull_request.head.sha = headSha;
  if (fork) {
    payload.pull_request.head.repo.full_name = 'mallory/Hello-World';
    payload.pull_request.head.repo.fork = true;
  }
  repoOf(payload);
  return { name: 'pull_request', payload };
}

async function run(opts: RunOptions & { workspace: string }) {
  const r = await startAction({ token: TOKEN, ...opts, env: { GITHUB_API_URL: gh.url, ...opts.env } }).done;
  return r;
}
const comments = () => gh.state.issueComments(PR).filter((c) => c.body.startsWith('<!-- startup-sla:target='));

test('the examples as written: push records, a slower PR fails naming the base commit, an unchanged PR passes', async () => {
  const push = await run({ workspace: checkout(), inputs: inputsOf('examples/workflows/baseline.yml'), event: pushEvent(), env: { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: BASE_SHA } });
  assert.equal(push.code, 0, push.stdout);
  const data = gh.state.resolve('refs/heads/startup-sla-data');
  assert.ok(data, 'the push created the data branch');
  assert.deepEqual([...gh.state.files(data).keys()].filter((p) => p.endsWith('.json')).map((p) => p.split('/').at(-2)), ['my-server']);

  const slow = await run({ workspace: checkout('ENV READY_DELAY_MS=500\n'), inputs: inputsOf('examples/workflows/pr-gate.yml'), event: prEvent('1'.repeat(40)) });
  assert.equal(slow.code, 1, slow.stdout);
  assert.equal(slow.outputs.verdict, 'fail');
  assert.match(slow.stdout, /::error.*regression vs base commit 6113728/);
  assert.equal(comments().length, 1);
  assert.match(comments()[0]!.body, /regression vs base commit 6113728/);
  assert.ok(Number(slow.outputs['delta-pct']) > 40, slow.outputs['delta-pct']);
  const check = [...gh.state.checkRuns.values()].find((c) => c.name === 'startup-sla');
  assert.equal(check?.conclusion, 'failure');

  const same = await run({ workspace: checkout(), inputs: inputsOf('examples/workflows/pr-gate.yml'), event: prEvent('2'.repeat(40)) });
  // Passes the gate. Against one stored run a slower-looking but unproven result may read
  // "inconclusive" (a warning, not a failure): two runs minutes apart on a shared machine differ.
  assert.equal(same.code, 0, same.stdout);
  assert.notEqual(same.outputs.verdict, 'fail', same.stdout.split('\n').filter((l) => /::(warning|error|notice)/.test(l)).join('\n'));
  assert.equal(comments().length, 1, 'one comment, updated in place');
  assert.match(comments()[0]!.body, /startup-sla: (PASS|INCONCLUSIVE)/);
  assert.match(comments()[0]!.body, /base commit 6113728/);
  assert.deepEqual(gh.violations, []);
});

test('the fork-safe pair compares too: a read-only token reads the data branch', async () => {
  if (!gh.state.resolve('refs/heads/startup-sla-data')) {
    const push = await run({ workspace: checkout(), inputs: inputsOf('examples/workflows/baseline.yml'), event: pushEvent(), env: { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: BASE_SHA } });
    assert.equal(push.code, 0, push.stdout);
  }
  const headSha = '3'.repeat(40);
  const temp = mkdtempSync(join(tmpdir(), 'ssla-adopt-temp-'));
  mkdirSync(join(temp, 'startup-sla'));
  const env = { RUNNER_TEMP: temp };
  const measureInputs = Object.fromEntries(Object.entries(inputsOf('examples/workflows/fork-safe-measure.yml')).map(([k, v]) => [k, v.replace('${RUNNER_TEMP}', temp)]));
  const measure = await run({ workspace: checkout('ENV READY_DELAY_MS=500\n'), token: READ_ONLY, inputs: measureInputs, event: prEvent(headSha, true), env });
  assert.equal(measure.code, 1, measure.stdout);
  assert.match(measure.stdout, /regression vs base commit 6113728/);

  const before = comments().length;
  const commentInputs = Object.fromEntries(Object.entries(inputsOf('examples/workflows/fork-safe-comment.yml')).map(([k, v]) => [k, v.replace('${RUNNER_TEMP}', temp)]));
  const wr = examplePayload('workflow_run', 'completed') as { workflow_run: { head_sha: string } };
  wr.workflow_run.head_sha = headSha;
  const post = await run({ workspace: checkout(), inputs: commentInputs, event: { name: 'workflow_run', payload: wr }, env });
  assert.ok(post.code === 0 || post.code === 1, post.stdout);
  assert.ok(comments().length >= Math.max(1, before));
  assert.ok(comments().some((c) => /regression vs base commit 6113728/.test(c.body)), 'the posted comment carries the comparison');
  assert.deepEqual(gh.violations, []);
});
