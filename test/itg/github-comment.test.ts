import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createOctokit, gitHubApi, type GitHubApi } from '../../src/github/client.ts';
import { commentMarker, upsertComment } from '../../src/github/comment.ts';
import { logExcerpt } from '../../src/report/safe-text.ts';
import { joinParts, keep } from '../../src/util/sections.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';

const PR = 7;
let server: GitHubServer;
let clients = 0;

// Each client gets its own throttle queue, as separate runs of the action would.
function apiFor(token = 'rw', unitMs = 20): GitHubApi {
  const octokit = createOctokit({ token, baseUrl: server.url, throttleId: `t${clients++}`, retryAfterUnitMs: unitMs });
  return gitHubApi(octokit, { owner: server.owner, repo: server.repo });
}

function ours(target = 'gpu-a') {
  return server.state.issueComments(PR).filter((c) => c.body.startsWith(commentMarker(target)));
}

describe('PR comment upsert against the local GitHub API', () => {
  beforeEach(async () => {
    server = await startGitHubServer({
      tokens: { rw: {}, ro: { readOnly: true }, pat: { login: 'octocat', type: 'User' } },
    });
  });
  afterEach(async () => {
    // Close first: a failed assertion must not leave the server holding the process open.
    await server.close();
    assert.deepEqual(server.violations, []);
    assert.deepEqual(server.responseProblems, []);
  });

  test('the first call creates, the second updates the same comment, the third changes nothing', async () => {
    const api = apiFor();
    const first = await upsertComment(api, { issueNumber: PR, targetId: 'gpu-a', body: 'verdict: pass' });
    assert.equal(first.posted && first.action, 'created');
    const second = await upsertComment(api, { issueNumber: PR, targetId: 'gpu-a', body: 'verdict: fail' });
    assert.ok(first.posted && second.posted);
    assert.equal(second.action, 'updated');
    assert.equal(second.commentId, first.commentId);
    const third = await upsertComment(api, { issueNumber: PR, targetId: 'gpu-a', body: 'verdict: fail' });
    assert.equal(third.posted && third.action, 'unchanged');
    const all = server.state.issueComments(PR);
    assert.equal(all.length, 1);
    assert.equal(all[0]?.body, `${commentMarker('gpu-a')}\nverdict: fail`);
    assert.equal(all[0]?.user.login, 'github-actions[bot]');
  });

  test('each target gets its own comment', async () => {
    const api = apiFor();
    await upsertComment(api, { issueNumber: PR, targetId: 'gpu-a', body: 'a' });
    await upsertComment(api, { issueNumber: PR, targetId: 'gpu-b', body: 'b' });
    assert.equal(ours('gpu-a').length, 1);
    assert.equal(ours('gpu-b').length, 1);
  });

  test('finds ours on page 2 of 150 comments and updates it in place', async () => {
    const items = Array.from({ length: 150 }, (_, i) => ({
      body: i === 120 ? `${commentMarker('gpu-a')}\nold report` : `comment ${i}`,
      user: i === 120 ? {} : { login: `user${i % 7}`, type: 'User' as const, id: 100 + (i % 7) },
    }));
    const seeded = server.state.seedComments(PR, items);
    const r = await upsertComment(apiFor(), { issueNumber: PR, targetId: 'gpu-a', body: 'new report' });
    assert.ok(r.posted);
    assert.equal(r.action, 'updated');
    assert.equal(r.commentId, seeded[120]?.id);
    assert.equal(server.state.issueComments(PR).length, 150);
    assert.ok(server.requests.some((q) => q.method === 'GET' && /[?&]page=2\b/.test(q.path)), 'page 2 was read');
  });

  test('a human comment quoting our marker is not ours', async () => {
    const [human] = server.state.seedComments(PR, [
      { body: `${commentMarker('gpu-a')}\nI copied your comment`, user: { login: 'octocat', type: 'User', id: 583231 } },
    ]);
    const r = await upsertComment(apiFor(), { issueNumber: PR, targetId: 'gpu-a', body: 'report' });
    assert.equal(r.posted && r.action, 'created');
    assert.equal(server.state.comments.get(human?.id ?? -1)?.body, `${commentMarker('gpu-a')}\nI copied your comment`);
    assert.equal(ours().length, 2);
  });

  test('our marker quoted inside a comment body (not at its start) is not ours either', async () => {
    server.state.seedComments(PR, [{ body: `see above\n${commentMarker('gpu-a')}` }]);
    const r = await upsertComment(apiFor(), { issueNumber: PR, targetId: 'gpu-a', body: 'report' });
    assert.equal(r.posted && r.action, 'created');
  });

  test('five concurrent runs leave exactly one comment, the oldest', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => upsertComment(apiFor(), { issueNumber: PR, targetId: 'gpu-a', body: `run ${i}` })),
    );
    const left = ours();
    assert.equal(left.length, 1, `left: ${left.map((c) => c.id).join(',')}`);
    for (const r of results) assert.ok(r.posted && r.commentId === left[0]?.id, JSON.stringify(r));
    assert.equal(server.state.issueComments(PR).length, 1);
  });

  test('duplicates from an earlier race are removed, the oldest kept', async () => {
    const seeded = server.state.seedComments(PR, [
      { body: `${commentMarker('gpu-a')}\nfirst` },
      { body: 'human', user: { login: 'octocat', type: 'User', id: 1 } },
      { body: `${commentMarker('gpu-a')}\nsecond` },
    ]);
    const r = await upsertComment(apiFor(), { issueNumber: PR, targetId: 'gpu-a', body: 'now' });
    assert.ok(r.posted);
    assert.equal(r.commentId, seeded[0]?.id);
    assert.deepEqual(r.deletedDuplicates, [seeded[2]?.id]);
    assert.equal(server.state.issueComments(PR).length, 2);
  });

  test('a read-only token is "not posted", naming the permission, and does not throw', async () => {
    const r = await upsertComment(apiFor('ro'), { issueNumber: PR, targetId: 'gpu-a', body: 'report' });
    assert.equal(r.posted, false);
    assert.ok(!r.posted && /pull-requests: write/.test(r.reason) && /Resource not accessible by integration/.test(r.reason), JSON.stringify(r));
    assert.equal(server.state.issueComments(PR).length, 0);
  });

  test('a personal token is its own identity: the bot comment with our marker is not ours', async () => {
    server.state.seedComments(PR, [{ body: `${commentMarker('gpu-a')}\nby the bot` }]);
    const r = await upsertComment(apiFor('pat'), { issueNumber: PR, targetId: 'gpu-a', body: 'by octocat' });
    assert.equal(r.posted && r.action, 'created');
    const mine = ours().filter((c) => c.user.login === 'octocat');
    assert.equal(mine.length, 1);
    const again = await upsertComment(apiFor('pat'), { issueNumber: PR, targetId: 'gpu-a', body: 'by octocat 2' });
    assert.equal(again.posted && again.action, 'updated');
  });

  // Reads are not spaced by the throttling plugin's write queues, so the wait measured between
  // tries is the retry-after alone.
  for (const [status, kind] of [[403, 'secondary'], [429, 'secondary'], [403, 'primary']] as const) {
    test(`a ${kind} rate limit (${status}) on a read is retried after retry-after`, async () => {
      server.state.injectFailures(2, { status, kind, retryAfterS: 3, method: 'GET', pathIncludes: '/comments' });
      const r = await upsertComment(apiFor('rw', 30), { issueNumber: PR, targetId: 'gpu-a', body: 'report' });
      assert.equal(r.posted && r.action, 'created');
      const reads = server.requests.filter((q) => q.method === 'GET' && q.path.includes('/comments'));
      assert.deepEqual(reads.map((q) => q.status), [status, status, 200, 200]);
      // retry-after 3 s at 30 ms a second: at least 90 ms between tries (primary: reset + 1 s).
      for (let i = 1; i < 3; i++) assert.ok((reads[i]?.at ?? 0) - (reads[i - 1]?.at ?? 0) >= 85, `waited before try ${i + 1}`);
      assert.equal(ours().length, 1);
    });
  }

  test('a secondary rate limit (429) on creating the comment is retried', async () => {
    server.state.injectFailures(1, { status: 429, kind: 'secondary', retryAfterS: 1, method: 'POST', pathIncludes: '/comments' });
    const r = await upsertComment(apiFor('rw', 10), { issueNumber: PR, targetId: 'gpu-a', body: 'report' });
    assert.equal(r.posted && r.action, 'created');
    assert.deepEqual(server.requests.filter((q) => q.method === 'POST').map((q) => q.status), [429, 201]);
    assert.equal(ours().length, 1);
  });

  test('a rate limit that never lifts ends as "not posted", not a crash', async () => {
    server.state.injectFailures(10, { status: 403, kind: 'secondary', retryAfterS: 1, method: 'GET' });
    const r = await upsertComment(apiFor('rw', 5), { issueNumber: PR, targetId: 'gpu-a', body: 'report' });
    assert.ok(!r.posted && /rate limit/.test(r.reason), JSON.stringify(r));
  });

  test('a 500 is retried by the retry plugin', async () => {
    server.state.injectFailures(1, { status: 500, kind: 'server', method: 'GET', pathIncludes: '/comments' });
    const r = await upsertComment(apiFor('rw', 5), { issueNumber: PR, targetId: 'gpu-a', body: 'report' });
    assert.ok(r.posted);
  });

  test('a huge report is capped under the limit: logs cut, verdict kept', async () => {
    const verdict = '## ✅ pass: p95 2.1 s ≤ 3 s\n';
    const logs = logExcerpt('container log', Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(30)}`));
    const r = await upsertComment(apiFor(), { issueNumber: PR, targetId: 'gpu-a', body: joinParts([keep(verdict), logs, '\n## environment\nH100']) });
    assert.ok(r.posted);
    const body = ours()[0]?.body ?? '';
    assert.ok(body.length <= 65_536, `length ${body.length}`);
    assert.ok(body.includes('## ✅ pass: p95 2.1 s ≤ 3 s'));
    assert.ok(body.includes('line 4999 '), 'the end of the log is kept');
    assert.ok(!body.includes('line 0 '), 'the start of the log is cut');
    assert.ok(body.includes('<details><summary>container log') && body.includes('## environment'));
  });
});

describe('an unauthenticated or unknown client', () => {
  before(async () => {
    server = await startGitHubServer();
  });
  after(async () => {
    await server.close();
  });
  test('a bad token is "not posted" with the HTTP status, not a crash', async () => {
    const r = await upsertComment(apiFor('nope'), { issueNumber: PR, targetId: 'x', body: 'b' });
    assert.ok(!r.posted && /HTTP 401: Bad credentials/.test(r.reason), JSON.stringify(r));
    assert.deepEqual(server.violations, []);
  });
});
