import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-cfg-'));
  writeFileSync(join(dir, 'sla.yml'), text);
  return join(dir, 'sla.yml');
}

test('targets inherit inputs, then file defaults, then their own keys', () => {
  const path = file(`
defaults:
  runs: 5
targets:
  - id: small
    image: srv:small
    health-check: tcp:8001
  - image: srv:big
    health-check: http:8000/health
    runs: 20
    env: { MODEL_MB: 1024 }
`);
  const c = loadConfig('action', { config: path, 'sla-ms': '2000', runs: '10' });
  assert.equal(c.targets.length, 2);
  assert.deepEqual(c.targets.map((t) => [t.id, t.runs, t['sla-ms']]), [['small', 5, 2000], ['srv', 20, 2000]]);
  assert.deepEqual(c.targets[1]!.env, { MODEL_MB: '1024' });
  // Annotations point at the line each target starts on.
  assert.deepEqual(c.targets.map((t) => t.source?.line), [5, 8]);
});

const badFiles: [string, RegExp][] = [
  ['targets: []', /"targets" must be a non-empty list/],
  ['targets:\n  - image: srv:a\n    health-check: nope', /sla\.yml: targets\[0\]\.health-check has value "nope"/],
  ['targets:\n  - image: srv:a\n    health-check: tcp:1\n    runz: 3', /sla\.yml: targets\[0\]\.runz is not a setting/],
  ['targets:\n  - image: srv:a\n    health-check: tcp:1\n  - image: srv:a\n    health-check: tcp:2', /two targets have id "srv"/],
  ['foo: [', /not valid YAML/],
  ['servers: []', /top-level key "servers" is not known/],
];
for (const [text, want] of badFiles) {
  test(`bad config file: ${text.split('\n')[0]}`, () => {
    assert.throws(() => loadConfig('action', { config: file(text) }), want);
  });
}

test('a missing config file is named with its path', () => {
  assert.throws(() => loadConfig('action', { config: '/nope/sla.yml' }), /Input "config" has value "\/nope\/sla.yml": the file cannot be read \(ENOENT\)$/);
});

test('image input and config together are refused', () => {
  assert.throws(() => loadConfig('action', { config: '/x.yml', image: 'a:b' }), /not allowed together with Input "config"/);
});
