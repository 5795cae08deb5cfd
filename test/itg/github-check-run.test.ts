import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createOctokit, gitHubApi, type GitHubApi } from '../../src/github/client.ts';
import { completeCheckRun, startCheckRun } from '../../src/github/check-run.ts';
import { logExcerpt } from '../../src/report/safe-text.ts';
import { joinParts, joinSections, keep } from '../../src/util/sections.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';

const SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
let server: GitHubServer;

function apiFor(token: string): GitHubApi {
  return gitHubApi(createOctokit({ token, baseUrl: server.url, throttleId: `check-${token}-${Math.random()}`, retryAfterUnitMs: 10 }), {
    owner: server.owner,
    repo: server.repo,
  });
}

describe('check run against the local GitHub API', () => {
  beforeEach(async () => {
    server = await startGitHubServer({ tokens: { rw: {}, ro: { readOnly: true } } });
  });
  afterEach(async () => {
    // Close first: a failed assertion must not leave the server holding the process open.
    await server.close();
    assert.deepEqual(server.violations, []);
    assert.deepEqual(server.responseProblems, []);
  });

  test('created in progress on the head sha, completed with the verdict and summary', async () => {
    const api = apiFor('rw');
    const started = await startCheckRun(api, { name: 'startup-sla / gpu-a', headSha: SHA, detailsUrl: 'https://github.com/o/r/actions/runs/1' });
    assert.ok(started.ok, JSON.stringify(started));
    const stored = server.state.checkRuns.get(started.id);
    assert.equal(stored?.status, 'in_progress');
    assert.equal(stored?.headSha, SHA);
    assert.equal(stored?.conclusion, null);
    const done = await completeCheckRun(api, started.id, { conclusion: 'failure', title: 'p95 3.4 s > SLA 3 s', summary: '## ❌ fail' });
    assert.ok(done.ok);
    assert.equal(stored.status, 'completed');
    assert.equal(stored.conclusion, 'failure');
    assert.equal(stored.output.summary, '## ❌ fail');
    assert.equal(stored.output.title, 'p95 3.4 s > SLA 3 s');
    assert.ok(stored.completedAt);
    // GitHub lists it on the commit, where branch protection looks for it.
    const listed = await createOctokit({ token: 'rw', baseUrl: server.url }).rest.checks.listForRef({ owner: server.owner, repo: server.repo, ref: SHA });
    assert.deepEqual(listed.data.check_runs.map((r) => [r.name, r.conclusion]), [['startup-sla / gpu-a', 'failure']]);
  });

  test('a summary over 65,535 characters is capped, the verdict kept', async () => {
    const api = apiFor('rw');
    const started = await startCheckRun(api, { name: 'sla', headSha: SHA });
    assert.ok(started.ok);
    const summary = joinParts([keep('## ✅ pass'), logExcerpt('log', Array.from({ length: 4000 }, (_, i) => `${i} ${'y'.repeat(40)}`))]);
    assert.ok(joinSections(summary).length > 65_535);
    const done = await completeCheckRun(api, started.id, { conclusion: 'success', title: 'pass', summary });
    assert.ok(done.ok);
    const stored = server.state.checkRuns.get(started.id)?.output.summary ?? '';
    assert.ok(stored.length <= 65_535 && stored.startsWith('## ✅ pass'), `length ${stored.length}`);
  });

  test('a read-only token gives a warning naming checks: write, and no throw', async () => {
    const started = await startCheckRun(apiFor('ro'), { name: 'sla', headSha: SHA });
    assert.equal(started.ok, false);
    assert.ok(!started.ok && /checks: write/.test(started.warning), JSON.stringify(started));
    assert.equal(server.state.checkRuns.size, 0);
  });

  test('completing with a read-only token warns too', async () => {
    const started = await startCheckRun(apiFor('rw'), { name: 'sla', headSha: SHA });
    assert.ok(started.ok);
    const done = await completeCheckRun(apiFor('ro'), started.id, { conclusion: 'neutral', title: 'inconclusive', summary: 's' });
    assert.ok(!done.ok && /checks: write/.test(done.warning));
  });
});
