// The branch store against the local OpenAPI-checking GitHub server: real HTTP, real Octokit
// (with the retry and throttling plugins main uses), GitHub's conflict rules (409 on a stale
// blob sha, 422 on a missing one).
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';
import { createOctokit, gitHubApi, type GitHubApi, type Octokit } from '../../src/github/client.ts';
import { branchStore, type BranchStoreOptions } from '../../src/baseline/branch-store.ts';
import { fingerprintKey, fingerprintOf } from '../../src/baseline/fingerprint.ts';
import { emptyHistory, mergeHistory, parseHistory, serializeHistory, type HistoryDoc } from '../../src/baseline/history.ts';
import type { HistoryKey } from '../../src/baseline/store.ts';
import { entry, env } from '../unit/baseline-fixtures.ts';

const fp = fingerprintOf(env);
const key: HistoryKey = { targetId: 'api', fingerprint: fingerprintKey(fp), environment: fp };
const PATH = `startup-sla/api/${key.fingerprint}.json`;
const BRANCH = 'startup-sla-data';
let server: GitHubServer;
let clients = 0;

function octokit(token = 'rw'): Octokit {
  // Each simulated run gets its own throttle id, as separate jobs would.
  return createOctokit({ token, baseUrl: server.url, throttleId: `baseline-test-${++clients}`, retryAfterUnitMs: 1 });
}

function api(o: Octokit = octokit()): GitHubApi {
  return gitHubApi(o, { owner: server.owner, repo: server.repo });
}

function store(extra: Partial<BranchStoreOptions> = {}) {
  return branchStore({
    api: api(),
    trusted: true,
    backoff: { baseMs: 5, capMs: 50 },
    ...extra,
  });
}

function stored(): HistoryDoc {
  const text = server.state.readFile(BRANCH, PATH);
  assert.ok(text, `${PATH} exists on ${BRANCH}`);
  const r = parseHistory(text, PATH);
  assert.ok(r.ok, JSON.stringify(r));
  return r.doc;
}

const day = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 3600_000).toISOString();

describe('branch store against the local GitHub API', () => {
  beforeEach(async () => {
    server = await startGitHubServer({ tokens: { rw: {}, ro: { readOnly: true } } });
  });
  afterEach(async () => {
    assert.deepEqual(server.violations, []);
    assert.deepEqual(server.responseProblems, []);
    await server.close();
  });

  test('missing branch: read says so; a trusted write creates it from the default branch', async () => {
    const s = store();
    const before = await s.read(key);
    assert.equal(before.status, 'missing');
    if (before.status === 'missing') assert.match(before.reason, /branch startup-sla-data does not exist yet/);
    const w = await s.append(key, entry('1', 'a'.repeat(40), day(0)), 100);
    assert.equal(w.status, 'written', JSON.stringify(w));
    const mainHead = server.state.refs.get('refs/heads/main');
    assert.ok(mainHead && server.state.isAncestor(mainHead, server.state.refs.get(`refs/heads/${BRANCH}`) ?? ''));
    assert.deepEqual(stored().entries.map((e) => e.runId), ['1']);
    const after = await s.read(key);
    assert.equal(after.status, 'found');
  });

  test('read-only: an untrusted event never writes, even with a writable token', async () => {
    const w = await store({ trusted: false }).append(key, entry('1', 'a'.repeat(40), day(0)), 100);
    assert.equal(w.status, 'skipped');
    assert.equal(server.state.refs.has(`refs/heads/${BRANCH}`), false);
    assert.ok(server.requests.every((r) => r.method === 'GET'));
  });

  test('a read-only token (fork PR) fails the write with a hint, history intact', async () => {
    await store().append(key, entry('1', 'a'.repeat(40), day(0)), 100);
    const ro = branchStore({ api: api(octokit('ro')), trusted: true });
    const w = await ro.append(key, entry('2', 'b'.repeat(40), day(1)), 100);
    assert.equal(w.status, 'failed');
    if (w.status === 'failed') assert.match(w.reason, /contents: write/);
    assert.deepEqual(stored().entries.map((e) => e.runId), ['1']);
  });

  for (const writers of [2, 10]) {
    test(`${writers} concurrent writers: every entry is kept`, async () => {
      const results = await Promise.all(
        Array.from({ length: writers }, (_, i) => store().append(key, entry(`run-${i}`, `${i}`.padStart(40, 'c'), day(i)), 100)),
      );
      for (const r of results) assert.equal(r.status, 'written', JSON.stringify(r));
      const runIds = stored().entries.map((e) => e.runId).sort();
      assert.deepEqual(runIds, Array.from({ length: writers }, (_, i) => `run-${i}`).sort());
      // Some writers must have lost a race and merged: the CAS loop really ran.
      assert.ok(results.some((r) => r.status === 'written' && r.attempts > 1));
    });
  }

  test('history-size prunes the oldest', async () => {
    const s = store();
    for (let i = 0; i < 5; i++) await s.append(key, entry(`${i}`, `${i}`.padStart(40, 'd'), day(i)), 3);
    assert.deepEqual(stored().entries.map((e) => e.runId), ['2', '3', '4']);
  });

  const broken: { name: string; text: string; kind: string; message: RegExp }[] = [
    { name: 'corrupt JSON', text: '{"schemaVersion":1,"entries":[', kind: 'corrupt', message: /not valid JSON/ },
    { name: 'a schema from the future', text: JSON.stringify({ ...emptyHistory('api', key.fingerprint, fp), schemaVersion: 9 }), kind: 'future', message: /schemaVersion 9, newer .*upgrade the action/ },
    { name: 'foreign JSON', text: '{"benchmarks":[]}', kind: 'foreign', message: /not a startup-sla history document/ },
  ];
  for (const b of broken) {
    test(`${b.name} on the branch: clear message, refused write, file untouched`, async () => {
      server.state.seedFile(BRANCH, PATH, b.text);
      const s = store();
      const r = await s.read(key);
      assert.equal(r.status, 'unreadable');
      if (r.status === 'unreadable') {
        assert.equal(r.problem.kind, b.kind);
        assert.match(r.problem.message, b.message);
        assert.match(r.problem.message, new RegExp(`${BRANCH}:${PATH}`));
      }
      const w = await s.append(key, entry('1', 'a'.repeat(40), day(0)), 100);
      assert.equal(w.status, 'refused');
      if (w.status === 'refused') assert.match(w.reason, /not stored/);
      assert.equal(server.state.readFile(BRANCH, PATH), b.text);
    });
  }

  /** After each read of the history file, another "run" commits its entry first. */
  function meddle(o: Octokit, times: number): { count: number } {
    const state = { count: 0 };
    o.hook.after('request', async (_response, options) => {
      if (options.method !== 'GET' || !String(options.url).includes('/contents/') || state.count >= times) return;
      state.count++;
      const text = server.state.readFile(BRANCH, PATH);
      const current = text ? parseHistory(text, PATH) : undefined;
      const base = current?.ok ? current.doc : emptyHistory('api', key.fingerprint, fp);
      const doc = mergeHistory(base, [entry(`other-${state.count}`, 'e'.repeat(40), day(100 + state.count))], 100);
      server.state.commitFile(BRANCH, PATH, Buffer.from(serializeHistory(doc)), `other writer ${state.count}`);
    });
    return state;
  }

  test('a 409 storm: re-read, merge, retry until it lands; nothing lost', async () => {
    await store().append(key, entry('first', 'a'.repeat(40), day(0)), 100);
    const o = octokit();
    const others = meddle(o, 6);
    const sleeps: number[] = [];
    const s = branchStore({ api: api(o), trusted: true, sleep: async (ms) => void sleeps.push(ms), backoff: { baseMs: 100, capMs: 400 } });
    const w = await s.append(key, entry('mine', 'b'.repeat(40), day(1)), 100);
    assert.equal(w.status, 'written', JSON.stringify(w));
    if (w.status === 'written') assert.equal(w.attempts, 7);
    assert.equal(others.count, 6);
    const ids = stored().entries.map((e) => e.runId);
    assert.deepEqual(ids.sort(), ['first', 'mine', 'other-1', 'other-2', 'other-3', 'other-4', 'other-5', 'other-6'].sort());
    assert.equal(server.requests.filter((r) => r.status === 409).length, 6);
    // Jittered exponential backoff, capped.
    assert.equal(sleeps.length, 6);
    assert.ok(sleeps.every((ms, i) => ms >= 0 && ms < Math.min(400, 100 * 2 ** i)));
  });

  test('a storm longer than max attempts gives up cleanly, history intact', async () => {
    await store().append(key, entry('first', 'a'.repeat(40), day(0)), 100);
    const o = octokit();
    meddle(o, 100);
    const s = branchStore({ api: api(o), trusted: true, maxAttempts: 4, sleep: async () => {} });
    const w = await s.append(key, entry('mine', 'b'.repeat(40), day(1)), 100);
    assert.equal(w.status, 'failed');
    if (w.status === 'failed') assert.match(w.reason, /kept changing .*4 conflicting writes/);
    const ids = stored().entries.map((e) => e.runId);
    assert.ok(ids.includes('first') && ids.includes('other-4') && !ids.includes('mine'));
  });

  test('a server error on read is a message, not a crash', async () => {
    server.state.injectFailures(10, { status: 500, kind: 'server', pathIncludes: '/contents/' });
    const r = await branchStore({ api: api(createOctokit({ token: 'rw', baseUrl: server.url, throttleId: 'x-500', retryAfterUnitMs: 1 })), trusted: false }).read(key);
    assert.equal(r.status, 'unreadable');
    if (r.status === 'unreadable') assert.match(r.problem.message, /cannot read startup-sla-data:/);
  });
});
