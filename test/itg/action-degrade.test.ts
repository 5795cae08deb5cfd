// Runners without one file command or another (older GHES, act, Gitea/Forgejo, local harnesses):
// each surface degrades alone, the measurement is always reported (issue 18). The bundle is run
// as the runner runs it, with one piece removed at a time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examplePayload, startAction, type RunOptions, type StepResult } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, removeImage } from '../support/docker.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';

const IMAGE = 'ssla-itg-degrade:demo';
const TOKEN = 'ghs_degrade_token_91c2';
let gh: GitHubServer;
before(async () => {
  buildDemoImage(IMAGE);
  gh = await startGitHubServer({ owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'master', tokens: { [TOKEN]: {} } });
});
after(async () => {
  await gh.close();
  await removeImage(IMAGE);
});

const inputs = { image: IMAGE, 'health-check': 'http:8000/health', runs: '2', warmup: '0', baseline: 'none', 'sla-ms': '60000' };
const run = (opts: RunOptions) => startAction({ token: TOKEN, ...opts, inputs: { ...inputs, ...opts.inputs }, env: { GITHUB_API_URL: gh.url, ...opts.env } });
const warnings = (r: StepResult) => r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
const measured = (r: StepResult) => assert.match(r.stdout, /start 2\/2/, 'the measurement ran');
const scratch = mkdtempSync(join(tmpdir(), 'ssla-degrade-'));

describe('one file command missing at a time', () => {
  test('no GITHUB_STEP_SUMMARY: no summary, one warning, outputs and report as usual', async () => {
    const r = await run({ inputs: { comment: 'false' }, env: { GITHUB_STEP_SUMMARY: undefined } }).done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    measured(r);
    assert.doesNotMatch(r.stdout + r.stderr, /crashed|Unable to find environment variable/);
    const about = warnings(r).filter((w) => /GITHUB_STEP_SUMMARY/.test(w));
    assert.equal(about.length, 1, r.stdout);
    assert.equal(r.summary, '');
    assert.equal(r.outputs.verdict, 'pass');
    assert.ok(existsSync(r.outputs.report ?? ''), 'the report file');
  });

  test('no GITHUB_OUTPUT: said once; outputs through the ::set-output command', async () => {
    const r = await run({ inputs: { comment: 'false' }, env: { GITHUB_OUTPUT: undefined } }).done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    measured(r);
    assert.equal(r.stdout.match(/GITHUB_OUTPUT is not set/g)?.length, 1);
    assert.match(r.stdout, /^::set-output name=verdict::pass$/m);
    assert.match(r.stdout, /^::set-output name=results::\[\{/m);
    assert.match(r.summary, /startup-sla: PASS/);
  });

  test('no GITHUB_STATE: the post step knows it is the post step (its own entry), measures nothing, removes only this workflow run\'s leftovers', async () => {
    const action = run({ inputs: { comment: 'false' }, env: { GITHUB_STATE: undefined } });
    const r = await action.done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    measured(r);
    const runId = /^::save-state name=runId::(.+)$/m.exec(r.stdout)?.[1];
    assert.ok(runId, 'state falls back to the ::save-state command');
    const post = await action.post();
    assert.equal(post.code, 0, post.stdout + post.stderr);
    assert.doesNotMatch(post.stdout, /measuring|start 1\//, 'the post step does not measure again');
    assert.match(post.stdout, /no saved run id .*from workflow run \d+-1-\* whose main step has ended/);
    assert.match(post.stdout, /no leftovers of earlier runs|removed \d+ container/);
    assert.deepEqual(await containersOfRun(runId), []);
  });
});

describe('the event', () => {
  test('none at all: measured and reported to the log, summary and report; no PR comment, with the reason', async () => {
    const before = gh.state.issueComments(2).length;
    const r = await run({ env: { GITHUB_EVENT_PATH: undefined, GITHUB_EVENT_NAME: undefined } }).done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    measured(r);
    assert.match(r.stdout, /no PR comment: no event was given/);
    assert.equal(gh.state.issueComments(2).length, before);
    assert.equal(r.outputs.verdict, 'pass');
  });

  test('an event file that is not JSON: a warning naming the file, the measurement still reported', async () => {
    const path = join(scratch, 'event.json');
    writeFileSync(path, '{"pull_request": {');
    const r = await run({ env: { GITHUB_EVENT_PATH: path } }).done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    measured(r);
    assert.ok(warnings(r).some((w) => w.includes(`GITHUB_EVENT_PATH=${path} is not JSON`)), r.stdout);
    assert.match(r.summary, /startup-sla: PASS/);
  });

  test('a pull_request payload without head.sha: a warning naming the field, measured, no comment', async () => {
    const payload = examplePayload('pull_request', 'opened') as { pull_request: { head: Record<string, unknown> } };
    delete payload.pull_request.head.sha;
    const before = gh.state.issueComments(2).length;
    const r = await run({ event: { name: 'pull_request', payload } }).done;
    assert.equal(r.code, 0, r.stdout + r.stderr);
    measured(r);
    assert.ok(warnings(r).some((w) => w.includes('the pull_request event payload has no pull_request.head.sha')), r.stdout);
    assert.equal(gh.state.issueComments(2).length, before);
    assert.ok(JSON.parse(readFileSync(r.outputs.report ?? '', 'utf8')).targets.length === 1);
  });
});
