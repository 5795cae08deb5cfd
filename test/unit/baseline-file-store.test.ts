import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStore } from '../../src/baseline/file-store.ts';
import { fingerprintKey, fingerprintOf } from '../../src/baseline/fingerprint.ts';
import { emptyHistory, parseHistory, serializeHistory } from '../../src/baseline/history.ts';
import type { HistoryKey } from '../../src/baseline/store.ts';
import { entry, env, samples } from './baseline-fixtures.ts';
import { describe as stats } from '../../src/analyze/stats.ts';

const fp = fingerprintOf(env);
const key: HistoryKey = { targetId: 'api', fingerprint: fingerprintKey(fp), environment: fp };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'startup-sla-test-baseline-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The shape src/report/report.ts writes, reduced to what a baseline reads. */
function report(targets: { id: string; totals: number[] }[]) {
  return {
    schemaVersion: 1,
    tool: { name: 'startup-sla', version: '0.1.0' },
    runId: '4242-1',
    createdAt: '2026-11-20T10:00:00.000Z',
    verdict: 'pass',
    environment: env,
    targets: targets.map((t) => ({
      id: t.id,
      image: { reference: 'x:1', id: 'sha256:' + 'a'.repeat(64), sizeBytes: 1000, layers: 1 },
      samples: [{ ...samples([5000])[0], warmup: true }, ...samples(t.totals)],
      stats: stats(t.totals),
    })),
    git: { sha: 'f'.repeat(40), ref: 'refs/heads/main' },
  };
}

test('baseline-file: a previous JSON report becomes a one-entry history', async () => {
  const path = join(dir, 'report.json');
  await writeFile(path, JSON.stringify(report([{ id: 'other', totals: [1] }, { id: 'api', totals: [1000, 1100, 1200] }])));
  const r = await fileStore({ baselineFile: path, trusted: false }).read(key);
  assert.equal(r.status, 'found', JSON.stringify(r));
  if (r.status !== 'found') return;
  assert.equal(r.doc.fingerprint, key.fingerprint);
  const e = r.doc.entries[0];
  assert.equal(r.doc.entries.length, 1);
  assert.deepEqual(e?.totals, [1000, 1100, 1200]); // the warm-up is not a sample
  assert.equal(e?.commit, 'f'.repeat(40));
  assert.equal(e?.date, '2026-11-20T10:00:00.000Z');
  assert.equal(e?.artefact?.imageSizeBytes, 1000);
});

test('baseline-file: a history document, or an array of them', async () => {
  const doc = { ...emptyHistory('api', key.fingerprint, fp), entries: [entry('1', 'a'.repeat(40), '2026-11-01T00:00:00Z')] };
  const one = join(dir, 'one.json');
  await writeFile(one, serializeHistory(doc));
  assert.equal((await fileStore({ baselineFile: one, trusted: false }).read(key)).status, 'found');
  const many = join(dir, 'many.json');
  await writeFile(many, JSON.stringify([{ ...doc, targetId: 'web' }, doc]));
  const r = await fileStore({ baselineFile: many, trusted: false }).read(key);
  assert.ok(r.status === 'found' && r.doc.targetId === 'api');
});

const bad: { name: string; content?: string; status: string; message: RegExp }[] = [
  { name: 'missing file', status: 'missing', message: /does not exist/ },
  { name: 'corrupt JSON', content: '{"tool": {"name": "startup-sla"', status: 'unreadable', message: /is not valid JSON/ },
  { name: 'future schema', content: JSON.stringify({ ...emptyHistory('api', 'x', fp), schemaVersion: 7 }), status: 'unreadable', message: /schemaVersion 7, newer/ },
  { name: 'foreign JSON', content: '{"benchmarks": []}', status: 'unreadable', message: /not a startup-sla history document/ },
  { name: 'a report without samples', content: JSON.stringify({ tool: { name: 'startup-sla' }, runId: '1' }), status: 'unreadable', message: /report without what a baseline needs/ },
  { name: 'another target only', content: JSON.stringify(report([{ id: 'web', totals: [1] }])), status: 'missing', message: /no result for target "api" \(it has: web\)/ },
];
for (const b of bad) {
  test(`baseline-file: ${b.name} is a clear message`, async () => {
    const path = join(dir, 'b.json');
    if (b.content !== undefined) await writeFile(path, b.content);
    const r = await fileStore({ baselineFile: path, trusted: false }).read(key);
    assert.equal(r.status, b.status);
    const message = r.status === 'missing' ? r.reason : r.status === 'unreadable' ? r.problem.message : '';
    assert.match(message, b.message);
  });
}

test('history directory: trusted runs append and prune; untrusted ones do not write', async () => {
  const s = fileStore({ historyDir: dir, trusted: true });
  for (let i = 0; i < 4; i++) {
    const w = await s.append(key, entry(`${i}`, 'a'.repeat(40), `2026-11-0${i + 1}T00:00:00Z`), 3);
    assert.equal(w.status, 'written');
  }
  const r = await s.read(key);
  assert.ok(r.status === 'found');
  if (r.status === 'found') assert.deepEqual(r.doc.entries.map((e) => e.runId), ['1', '2', '3']);
  const ro = await fileStore({ historyDir: dir, trusted: false }).append(key, entry('9', 'b', '2026-11-09T00:00:00Z'), 3);
  assert.equal(ro.status, 'skipped');
});

test('history directory: a corrupt document is never overwritten', async () => {
  const s = fileStore({ historyDir: dir, trusted: true });
  await s.append(key, entry('1', 'a'.repeat(40), '2026-11-01T00:00:00Z'), 3);
  const path = join(dir, 'api', `${key.fingerprint}.json`);
  await writeFile(path, '{oops');
  const w = await s.append(key, entry('2', 'a'.repeat(40), '2026-11-02T00:00:00Z'), 3);
  assert.equal(w.status, 'refused');
  assert.equal(await readFile(path, 'utf8'), '{oops');
  assert.equal(parseHistory('{oops', path).ok, false);
});
