import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyHistory, entrySamples, historyPath, mergeHistory, parseHistory, serializeHistory, HISTORY_SCHEMA_VERSION } from '../../src/baseline/history.ts';
import { fingerprintKey, fingerprintOf } from '../../src/baseline/fingerprint.ts';
import { entry, env, samples } from './baseline-fixtures.ts';
import { toHistoryEntry } from '../../src/baseline/history.ts';
import { describe } from '../../src/analyze/stats.ts';

const fp = fingerprintOf(env);
const doc = { ...emptyHistory('api', fingerprintKey(fp), fp), entries: [entry('1', 'a'.repeat(40), '2026-11-01T00:00:00Z')] };

test('a document survives serialize -> parse unchanged', () => {
  const back = parseHistory(serializeHistory(doc), 'x.json');
  assert.ok(back.ok);
  assert.deepEqual(back.doc, doc);
});

const bad: { name: string; text: string; kind: string; message: RegExp }[] = [
  { name: 'corrupt JSON', text: '{"schemaVersion": 1, "entries": [', kind: 'corrupt', message: /x\.json is not valid JSON .*left untouched/ },
  { name: 'empty file', text: '', kind: 'corrupt', message: /not valid JSON/ },
  { name: 'a schema from the future', text: JSON.stringify({ ...doc, schemaVersion: HISTORY_SCHEMA_VERSION + 1 }), kind: 'future', message: /schemaVersion 2, newer .*upgrade the action/ },
  { name: 'foreign JSON (an array)', text: '[1,2,3]', kind: 'foreign', message: /not a startup-sla history document/ },
  { name: 'foreign JSON (another tool)', text: '{"lastUpdate": 1, "entries": {}}', kind: 'foreign', message: /not a startup-sla history document at schemaVersion/ },
  { name: 'an entry without samples', text: JSON.stringify({ ...doc, entries: [{ runId: '1', commit: 'a', ref: 'main', date: '2026-11-01' }] }), kind: 'foreign', message: /at entries\.0\.totals/ },
  { name: 'a bad date', text: JSON.stringify({ ...doc, entries: [{ ...doc.entries[0], date: 'yesterday' }] }), kind: 'foreign', message: /ISO 8601/ },
];
for (const b of bad) {
  test(`parse refuses ${b.name} with a clear message`, () => {
    const r = parseHistory(b.text, 'x.json');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.problem.kind, b.kind);
      assert.match(r.problem.message, b.message);
    }
  });
}

test('unknown fields from a newer minor writer are kept', () => {
  const text = JSON.stringify({ ...doc, note: 'kept', entries: [{ ...doc.entries[0], gpuClocks: [1410] }] });
  const r = parseHistory(text, 'x.json');
  assert.ok(r.ok);
  assert.match(serializeHistory(r.doc), /"note": "kept"/);
  assert.match(serializeHistory(r.doc), /"gpuClocks"/);
});

test('merge is a union by runId, oldest first; the stored entry wins a tie', () => {
  const stored = { ...doc, entries: [entry('1', 'a', '2026-11-01T00:00:00Z'), entry('3', 'c', '2026-11-03T00:00:00Z')] };
  const again = { ...entry('1', 'a', '2026-11-01T00:00:00Z'), commit: 'rewritten' };
  const merged = mergeHistory(stored, [entry('2', 'b', '2026-11-02T00:00:00Z'), again], 100);
  assert.deepEqual(merged.entries.map((e) => e.runId), ['1', '2', '3']);
  assert.equal(merged.entries[0]?.commit, 'a');
});

test('merge prunes oldest-first to history-size', () => {
  const many = Array.from({ length: 7 }, (_, i) => entry(String(i), `c${i}`, `2026-11-0${i + 1}T00:00:00Z`));
  const merged = mergeHistory({ ...doc, entries: many.slice(0, 5) }, many.slice(5), 4);
  assert.deepEqual(merged.entries.map((e) => e.runId), ['3', '4', '5', '6']);
});

test('entries are compact and read back as base samples with their phases', () => {
  const e = toHistoryEntry({ runId: 'r', commit: 'c', ref: 'main', date: '2026-11-01T00:00:00Z', samples: samples([1000.04, 1234.56]), stats: describe([1000, 1234]) });
  assert.deepEqual(e.totals, [1000, 1234.6]);
  assert.deepEqual(e.phases?.names, ['create', 'start', 'engine deserialized', 'ready']);
  const back = entrySamples(e);
  assert.equal(back[1]?.arm, 'base');
  assert.deepEqual(back[1]?.phases.map((p) => p.name), ['create', 'start', 'engine deserialized', 'ready']);
  assert.equal(back[1]?.phases[3]?.ms, 1234.6);
});

test('a start missing a phase keeps a null, not a shifted row', () => {
  const s = samples([1000, 1000]);
  const first = s[0];
  assert.ok(first);
  first.phases = first.phases.filter((p) => p.name !== 'start');
  const e = toHistoryEntry({ runId: 'r', commit: 'c', ref: 'main', date: '2026-11-01T00:00:00Z', samples: s, stats: describe([1000, 1000]) });
  assert.equal(e.phases?.marks[0]?.[1], null);
  assert.equal(entrySamples(e)[0]?.phases.length, 3);
});

test('history paths are safe file names', () => {
  assert.equal(historyPath('api', 'abc'), 'api/abc.json');
  assert.equal(historyPath('../../etc/passwd', 'abc'), 'etc-passwd/abc.json');
  assert.equal(historyPath('triton server', 'abc'), 'triton-server/abc.json');
});
