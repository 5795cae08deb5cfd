// The data branch under a fleet's writers (docs/scaling.md): a 20-target x 4-kind matrix is 80
// history files. Measured against the local OpenAPI-checked server with the store's own default
// backoff and attempts, so the numbers are the shipped behaviour's: (a) 80 measure jobs each
// appending its own file at once, (b) the combining job appending all 80 one after another,
// (c) 20 writers on ONE file (reruns of one target), the worst case for the compare-and-swap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGitHubServer, type GitHubServer } from '../support/github-server.ts';
import { connectGitHub } from '../../src/github/client.ts';
import { branchStore } from '../../src/baseline/branch-store.ts';
import { fingerprintKey, fingerprintOf } from '../../src/baseline/fingerprint.ts';
import type { HistoryKey } from '../../src/baseline/store.ts';
import { entry, env } from '../unit/baseline-fixtures.ts';

let server: GitHubServer;
let clients = 0;
before(async () => {
  server = await startGitHubServer({ tokens: { rw: {} } });
});
after(async () => {
  assert.deepEqual(server.violations, []);
  await server.close();
});

const store = () => branchStore({ api: connectGitHub({ token: 'rw', baseUrl: server.url, throttleId: `fanout-writers-${++clients}`, retryAfterUnitMs: 1, repository: `${server.owner}/${server.repo}` }), trusted: true });
const keyOf = (i: number): HistoryKey => {
  const fp = fingerprintOf({ ...env, runnerLabels: ['self-hosted', `kind-${i % 4}`] });
  return { targetId: `model-${Math.floor(i / 4)}`, fingerprint: fingerprintKey(fp), environment: fp };
};
const day = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();

function counts(from: number) {
  const reqs = server.requests.slice(from);
  return { requests: reqs.length, puts: reqs.filter((r) => r.method === 'PUT').length, conflicts: reqs.filter((r) => r.status === 409 || r.status === 422).length };
}

test('80 measure jobs, 80 files, all at once: every entry kept', async (t) => {
  const from = server.requests.length;
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: 80 }, (_, i) => store().append(keyOf(i), entry(`run-a-${i}`, 'a'.repeat(40), day(i)), 100)));
  const ms = performance.now() - t0;
  assert.ok(results.every((r) => r.status === 'written'), JSON.stringify(results.filter((r) => r.status !== 'written')));
  const attempts = results.map((r) => (r.status === 'written' ? r.attempts : 0));
  t.diagnostic(`80 writers, 80 files: ${ms.toFixed(0)} ms, attempts max ${Math.max(...attempts)} mean ${(attempts.reduce((a, b) => a + b, 0) / 80).toFixed(2)}, ${JSON.stringify(counts(from))}`);
});

test('the combining job: 80 files one after another', async (t) => {
  const from = server.requests.length;
  const s = store();
  const t0 = performance.now();
  for (let i = 0; i < 80; i++) assert.equal((await s.append(keyOf(i), entry(`run-b-${i}`, 'b'.repeat(40), day(100 + i)), 100)).status, 'written');
  t.diagnostic(`1 writer, 80 files in sequence: ${(performance.now() - t0).toFixed(0)} ms, ${JSON.stringify(counts(from))}`);
});

test('20 writers on one file: every entry kept or a clear failure, never a lost entry', async (t) => {
  const from = server.requests.length;
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store().append(keyOf(0), entry(`run-c-${i}`, 'c'.repeat(40), day(200 + i)), 100)));
  const ms = performance.now() - t0;
  const written = results.filter((r) => r.status === 'written');
  const attempts = written.map((r) => r.attempts);
  t.diagnostic(`20 writers, 1 file: ${ms.toFixed(0)} ms, ${written.length}/20 written, attempts max ${Math.max(...attempts)} mean ${(attempts.reduce((a, b) => a + b, 0) / attempts.length).toFixed(2)}, ${JSON.stringify(counts(from))}; not written: ${results.filter((r) => r.status !== 'written').map((r) => ('reason' in r ? r.reason : '')).join(' | ')}`);
  for (const r of results) assert.ok(r.status === 'written' || r.status === 'failed', JSON.stringify(r));
  assert.ok(written.length >= 1);
  // Every writer told "written" is in the file: a lost race merged, it never overwrote.
  const doc = JSON.parse(server.state.readFile('startup-sla-data', `startup-sla/${keyOf(0).targetId}/${keyOf(0).fingerprint}.json`) ?? '{}') as { entries: { runId: string }[] };
  const stored = new Set(doc.entries.map((e) => e.runId));
  results.forEach((r, i) => r.status === 'written' && assert.ok(stored.has(`run-c-${i}`), `run-c-${i}`));
});
