import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { eventInfo, isTrustedForBaseline, pullRequestInfo, safetyDecision } from '../../src/github/event.ts';

// Real payloads GitHub sent, from @octokit/webhooks-examples.
type Payload = Record<string, unknown>;
const all = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: Payload[] }[];
function example(name: string, pick: (p: Payload) => boolean = () => true): Payload {
  const p = all.find((e) => e.name === name)?.examples.find(pick);
  assert.ok(p, `no ${name} example`);
  return structuredClone(p);
}

const opened = example('pull_request', (p) => p.action === 'opened');
const fork = (() => {
  const p = structuredClone(opened);
  const pr = p.pull_request as { head: { repo: { full_name: string } } };
  pr.head.repo.full_name = 'mallory/Hello-World';
  return p;
})();
const deletedFork = (() => {
  const p = structuredClone(opened);
  (p.pull_request as { head: { repo: unknown } }).head.repo = null;
  return p;
})();
const pushDefault = example('push', (p) => p.ref === 'refs/heads/master');
const pushTag = example('push', (p) => p.ref === 'refs/tags/simple-tag');
const dispatchMain = example('workflow_dispatch', (p) => p.ref === 'refs/heads/main');
const workflowRun = example('workflow_run');
const workflowRunFromPr = (() => {
  const p = structuredClone(workflowRun);
  (p.workflow_run as { event: string }).event = 'pull_request';
  return p;
})();

test('pullRequestInfo from a real pull_request payload', () => {
  const pr = pullRequestInfo('pull_request', opened);
  assert.deepEqual(pr, {
    number: 2,
    headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
    headRef: 'changes',
    baseSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
    baseRef: 'master',
    headRepo: 'Codertocat/Hello-World',
    baseRepo: 'Codertocat/Hello-World',
    isFork: false,
  });
  assert.equal(pullRequestInfo('pull_request', fork)?.isFork, true);
  assert.equal(pullRequestInfo('pull_request', deletedFork)?.isFork, true);
  assert.equal(pullRequestInfo('push', pushDefault), undefined);
  assert.equal(pullRequestInfo('pull_request', {}), undefined);
  assert.equal(pullRequestInfo('pull_request_target', opened)?.number, 2);
});

test('eventInfo: repository and default branch', () => {
  assert.deepEqual(
    { ...eventInfo('push', pushDefault), pullRequest: undefined },
    { eventName: 'push', repository: 'Codertocat/Hello-World', defaultBranch: 'master', pullRequest: undefined },
  );
  assert.equal(eventInfo('pull_request', opened).pullRequest?.number, 2);
});

test('safetyDecision table', () => {
  const cases: [string, string, Payload, string | undefined, boolean, boolean, RegExp | true][] = [
    // what, event, payload, runner, allowForkPrs, runsCode, expected
    ['same-repo PR on self-hosted', 'pull_request', opened, 'self-hosted', false, true, true],
    ['fork PR on self-hosted', 'pull_request', fork, 'self-hosted', false, true, /fork mallory\/Hello-World on a self-hosted runner.*allow-fork-prs/],
    ['fork PR on an old runner (no RUNNER_ENVIRONMENT)', 'pull_request', fork, undefined, false, true, /self-hosted/],
    ['deleted fork on self-hosted', 'pull_request', deletedFork, 'self-hosted', false, true, /fork/],
    ['fork PR on self-hosted, allowed', 'pull_request', fork, 'self-hosted', true, true, true],
    ['fork PR on GitHub-hosted', 'pull_request', fork, 'github-hosted', false, true, true],
    ['pull_request_target measuring', 'pull_request_target', opened, 'github-hosted', true, true, /pull_request_target.*pwn request/],
    ['pull_request_target only reporting', 'pull_request_target', opened, 'self-hosted', false, false, true],
    ['workflow_run from a PR measuring', 'workflow_run', workflowRunFromPr, 'self-hosted', true, true, /workflow_run.*pull_request/],
    ['workflow_run from a PR only commenting', 'workflow_run', workflowRunFromPr, 'self-hosted', false, false, true],
    ['workflow_run from a dispatch measuring', 'workflow_run', workflowRun, 'self-hosted', false, true, true],
    ['push', 'push', pushDefault, 'self-hosted', false, true, true],
  ];
  for (const [what, eventName, payload, runnerEnvironment, allowForkPrs, runsCode, want] of cases) {
    const d = safetyDecision({ eventName, payload, allowForkPrs, runsCode, ...(runnerEnvironment ? { runnerEnvironment } : {}) });
    if (want === true) assert.deepEqual(d, { allowed: true }, what);
    else assert.ok(!d.allowed && want.test(d.reason), `${what}: ${JSON.stringify(d)}`);
  }
});

test('isTrustedForBaseline table', () => {
  const cases: [string, string, Payload, string | undefined, boolean][] = [
    ['push to the default branch', 'push', pushDefault, undefined, true],
    ['push of a tag', 'push', pushTag, undefined, false],
    ['dispatch on the default branch', 'workflow_dispatch', dispatchMain, undefined, true],
    ['dispatch on a feature branch', 'workflow_dispatch', { ...dispatchMain, ref: 'refs/heads/feature' }, undefined, false],
    ['schedule', 'schedule', { schedule: '0 3 * * *' }, 'refs/heads/main', true],
    ['same-repo pull request', 'pull_request', opened, 'refs/pull/2/merge', false],
    ['fork pull request', 'pull_request', fork, 'refs/pull/2/merge', false],
    ['pull_request_target', 'pull_request_target', opened, 'refs/heads/master', false],
    ['workflow_run', 'workflow_run', workflowRun, 'refs/heads/master', false],
  ];
  for (const [what, eventName, payload, ref, want] of cases) {
    assert.equal(isTrustedForBaseline({ eventName, payload, ...(ref ? { ref } : {}) }), want, what);
  }
});
