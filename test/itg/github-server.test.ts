// The test API server itself: it must refuse what GitHub refuses, or the other tests prove nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOctokit, httpStatus, type Octokit } from '../../src/github/client.ts';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';

let server: GitHubServer;
let octokit: Octokit;

async function raw(method: string, path: string, body?: unknown, token = 'test-token'): Promise<{ status: number; json: unknown; link: string | null }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, link: res.headers.get('link') };
}

async function status(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return 200;
  } catch (e: unknown) {
    return httpStatus(e);
  }
}

describe('the local GitHub API server', () => {
  before(async () => {
    server = await startGitHubServer();
    octokit = createOctokit({ token: 'test-token', baseUrl: server.url, throttleId: 'server-test', retryAfterUnitMs: 1 });
  });
  after(async () => {
    await server.close();
    assert.deepEqual(server.responseProblems, []);
  });

  const refusals: [string, string, string, unknown, number, RegExp][] = [
    ['an unknown route', 'GET', '/repos/octo-org/octo-repo/no-such-thing', undefined, 404, /no operation matches/],
    ['a method the route lacks', 'PUT', '/repos/octo-org/octo-repo/issues/1/comments', { body: 'x' }, 404, /PUT is not an operation/],
    ['a body missing a required field', 'POST', '/repos/octo-org/octo-repo/issues/1/comments', { text: 'x' }, 422, /must have required property 'body'/],
    ['a body field of the wrong type', 'POST', '/repos/octo-org/octo-repo/issues/1/comments', { body: 5 }, 422, /must be string/],
    ['a non-numeric path parameter', 'GET', '/repos/octo-org/octo-repo/issues/abc/comments', undefined, 422, /issue_number must be integer/],
    ['a since that is not a date-time', 'GET', '/repos/octo-org/octo-repo/issues/1/comments?since=yesterday', undefined, 422, /since must match format "date-time"/],
    ['an unknown query parameter', 'GET', '/repos/octo-org/octo-repo/issues/1/comments?perPage=5', undefined, 422, /additional properties/],
    ['a check-run conclusion GitHub does not know', 'POST', '/repos/octo-org/octo-repo/check-runs', { name: 'x', head_sha: 'a'.repeat(40), conclusion: 'passed' }, 422, /allowed values/],
    ['a comment over 65,536 characters', 'POST', '/repos/octo-org/octo-repo/issues/1/comments', { body: 'x'.repeat(65_537) }, 422, /GitHub refuses more than 65536/],
  ];
  for (const [what, method, path, body, want, problem] of refusals) {
    test(`refuses and records ${what}`, async () => {
      const before = server.violations.length;
      const r = await raw(method, path, body);
      assert.equal(r.status, want);
      assert.equal(server.violations.length, before + 1);
      assert.match(server.violations.at(-1) ?? '', problem);
    });
  }

  test('per_page over 100 is clamped to 100, as GitHub does', async () => {
    server.state.seedComments(43, Array.from({ length: 120 }, (_, i) => ({ body: `c${i}` })));
    const r = await raw('GET', '/repos/octo-org/octo-repo/issues/43/comments?per_page=500');
    assert.equal((r.json as unknown[]).length, 100);
    assert.match(r.link ?? '', /per_page=100&page=2>; rel="next"/);
  });

  test('paginates issue comments with a Link header octokit follows', async () => {
    server.state.seedComments(42, Array.from({ length: 75 }, (_, i) => ({ body: `c${i}` })));
    const first = await raw('GET', '/repos/octo-org/octo-repo/issues/42/comments?per_page=30&page=2');
    assert.equal((first.json as unknown[]).length, 30);
    assert.match(first.link ?? '', /[?&]page=3>; rel="next"/);
    assert.match(first.link ?? '', /[?&]page=1>; rel="prev"/);
    assert.match(first.link ?? '', /[?&]page=3>; rel="last"/);
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: 'octo-org', repo: 'octo-repo', issue_number: 42, per_page: 30 });
    assert.deepEqual(all.map((c) => c.body), Array.from({ length: 75 }, (_, i) => `c${i}`));
  });

  test('contents: create, compare-and-swap on sha, missing branch', async () => {
    const repo = { owner: 'octo-org', repo: 'octo-repo' };
    server.state.seedFile('startup-sla-baseline', 'README.md', 'baseline branch\n');
    const put = (sha: string | undefined, text: string, branch = 'startup-sla-baseline') =>
      octokit.rest.repos.createOrUpdateFileContents({ ...repo, path: 'gpu-a/history.json', branch, message: 'baseline', content: Buffer.from(text).toString('base64'), ...(sha ? { sha } : {}) });
    const created = await put(undefined, '[1]');
    assert.equal(created.status, 201);
    const sha1 = created.data.content?.sha;
    assert.ok(sha1);
    assert.equal(await status(put(undefined, '[2]')), 422, 'an existing file needs its sha');
    const updated = await put(sha1, '[1,2]');
    assert.equal(updated.status, 200);
    assert.equal(await status(put(sha1, '[1,3]')), 409, 'a stale sha is a conflict');
    assert.equal(await status(put(undefined, '[]', 'no-such-branch')), 404);
    assert.equal(server.state.readFile('startup-sla-baseline', 'gpu-a/history.json'), '[1,2]');
    const got = await octokit.rest.repos.getContent({ ...repo, path: 'gpu-a/history.json', ref: 'startup-sla-baseline' });
    assert.ok(!Array.isArray(got.data) && got.data.type === 'file');
    assert.equal(Buffer.from(got.data.content, 'base64').toString(), '[1,2]');
    assert.equal(got.data.sha, updated.data.content?.sha);
    assert.equal(await status(octokit.rest.repos.getContent({ ...repo, path: 'gpu-a/history.json', ref: 'nope' })), 404);
    assert.equal(await status(octokit.rest.repos.getContent({ ...repo, path: 'gpu-a/missing.json', ref: 'startup-sla-baseline' })), 404);
    const dir = await octokit.rest.repos.getContent({ ...repo, path: 'gpu-a', ref: 'startup-sla-baseline' });
    assert.ok(Array.isArray(dir.data) && dir.data.map((e) => e.path).join() === 'gpu-a/history.json');
  });

  test('refs: read, create an orphan branch from git data, fast-forward only', async () => {
    const repo = { owner: 'octo-org', repo: 'octo-repo' };
    const repoInfo = await octokit.rest.repos.get(repo);
    assert.equal(repoInfo.data.default_branch, 'main');
    const main = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    assert.equal(await status(octokit.rest.git.getRef({ ...repo, ref: 'heads/orphan' })), 404);
    const tree = await octokit.rest.git.createTree({ ...repo, tree: [{ path: 'data.json', mode: '100644', type: 'blob', content: '{}' }] });
    const commit = await octokit.rest.git.createCommit({ ...repo, message: 'orphan', tree: tree.data.sha, parents: [] });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/orphan', sha: commit.data.sha });
    assert.equal(server.state.readFile('orphan', 'data.json'), '{}');
    assert.equal(await status(octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/orphan', sha: commit.data.sha })), 422);
    // main's commit does not descend from the orphan: not a fast-forward.
    assert.equal(await status(octokit.rest.git.updateRef({ ...repo, ref: 'heads/orphan', sha: main.data.object.sha })), 422);
    const next = await octokit.rest.git.createCommit({ ...repo, message: 'next', tree: tree.data.sha, parents: [commit.data.sha] });
    const moved = await octokit.rest.git.updateRef({ ...repo, ref: 'heads/orphan', sha: next.data.sha });
    assert.equal(moved.data.object.sha, next.data.sha);
  });

  test('a read-only token cannot write but can read', async () => {
    const ro = await startGitHubServer({ tokens: { ro: { readOnly: true } } });
    try {
      const c = createOctokit({ token: 'ro', baseUrl: ro.url, throttleId: 'ro' });
      await c.rest.issues.listComments({ owner: ro.owner, repo: ro.repo, issue_number: 1 });
      await assert.rejects(c.rest.issues.createComment({ owner: ro.owner, repo: ro.repo, issue_number: 1, body: 'x' }), /Resource not accessible by integration/);
      assert.deepEqual(ro.violations, []);
    } finally {
      await ro.close();
    }
  });
});
