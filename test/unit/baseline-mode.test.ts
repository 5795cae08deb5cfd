// What `baseline` means with the other inputs, and where the run is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineSession, resolveBaselineMode } from '../../src/baseline/from-config.ts';
import { loadRunConfig } from '../../src/config/load.ts';
import { readRunContext } from '../../src/github/run-context.ts';
import { ConfigError } from '../../src/util/errors.ts';

const run = (inputs: Record<string, string>) => loadRunConfig('action', inputs);
const log = { log: { warning: () => undefined, debug: () => undefined } };

const table: { inputs: Record<string, string>; actions: boolean; mode?: string; error?: RegExp }[] = [
  { inputs: {}, actions: true, mode: 'branch' },
  { inputs: {}, actions: false, mode: 'local' },
  { inputs: { 'baseline-file': 'prev.json' }, actions: true, mode: 'file' },
  { inputs: { 'baseline-file': 'prev.json' }, actions: false, mode: 'file' },
  { inputs: { 'history-dir': 'h' }, actions: true, mode: 'local' },
  { inputs: { baseline: 'file', 'baseline-file': 'prev.json' }, actions: true, mode: 'file' },
  { inputs: { baseline: 'branch' }, actions: false, mode: 'branch' },
  { inputs: { baseline: 'none' }, actions: true, mode: 'none' },
  { inputs: { baseline: 'none', 'baseline-file': 'prev.json' }, actions: true, error: /Input "baseline-file" has value "prev.json": it cannot be used with baseline "none"/ },
  { inputs: { baseline: 'branch', 'baseline-file': 'prev.json' }, actions: true, error: /cannot be used with baseline "branch"/ },
  { inputs: { baseline: 'none', 'history-dir': 'h' }, actions: true, error: /Input "history-dir" has value "h"/ },
  { inputs: { baseline: 'file' }, actions: true, error: /Input "baseline" has value "file": it needs "baseline-file"/ },
];

for (const c of table) {
  test(`baseline mode: ${JSON.stringify(c.inputs)} ${c.actions ? 'in Actions' : 'locally'}`, () => {
    if (c.error) assert.throws(() => resolveBaselineMode(run(c.inputs), c.actions), (e: unknown) => e instanceof ConfigError && c.error!.test(e.message));
    else assert.equal(resolveBaselineMode(run(c.inputs), c.actions), c.mode);
  });
}

test('a baseline-file that is missing or not a report is one clear error naming input and path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-mode-'));
  writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
  writeFileSync(join(dir, 'text.json'), 'not json');
  const ctx = readRunContext({});
  for (const [file, why] of [['nope.json', /cannot be read \(ENOENT\)/], ['junk.json', /not a startup-sla history document/], ['text.json', /not JSON/]] as const) {
    assert.throws(
      () => baselineSession(run({ 'baseline-file': file }), ctx, log, {}, dir),
      (e: unknown) => e instanceof ConfigError && e.message.includes(`Input "baseline-file" has value "${join(dir, file)}"`) && why.test(e.message),
      file,
    );
  }
});

test('locally the history folder is the store, and any commit of it counts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-mode-'));
  const s = baselineSession(run({}), readRunContext({}), log, {}, dir);
  assert.equal(s.mode, 'local');
  assert.match(s.store?.description ?? '', /\.startup-sla\/history/);
  assert.equal(s.context.sameCommitOk, true);
  assert.equal(s.context.anyBranch, true);
});
