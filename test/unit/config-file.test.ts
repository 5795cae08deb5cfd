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

test('targets picks a subset of the file in its order; empty picks all', () => {
  const path = file('targets:\n  - id: a\n    image: srv:a\n    health-check: tcp:1\n  - id: b\n    image: srv:b\n    health-check: tcp:1\n  - id: c\n    image: srv:c\n    health-check: tcp:1\n');
  const ids = (targets?: string) => loadConfig('action', { config: path, ...(targets === undefined ? {} : { targets }) }).targets.map((t) => t.id);
  for (const [given, want] of [
    [undefined, ['a', 'b', 'c']],
    ['', ['a', 'b', 'c']],
    ['b', ['b']],
    ['c, a', ['a', 'c']],
    [' b ,b,', ['b']],
  ] as const) assert.deepEqual(ids(given), want, `targets=${JSON.stringify(given)}`);
});

test('an unknown id in targets is one error naming the input, the ids, the known ones and the nearest', () => {
  const path = file('targets:\n  - id: llama-70b\n    image: srv:a\n    health-check: tcp:1\n  - id: whisper\n    image: srv:b\n    health-check: tcp:1\n');
  assert.throws(
    () => loadConfig('action', { config: path, targets: 'whisper,llama-7b' }),
    (e: Error) => e.name === 'ConfigError' && e.message === 'Input "targets" has value "whisper,llama-7b": "llama-7b" is not a target of sla.yml; did you mean "llama-70b"? (known: llama-70b, whisper)',
  );
  assert.throws(() => loadConfig('cli', { config: path, targets: 'x,y' }), /^ConfigError: Flag --targets has value "x,y": "x", "y" are not targets of sla\.yml \(known: llama-70b, whisper\)$/);
  // Without a file the one target the inputs describe is all there is to pick from.
  assert.throws(() => loadConfig('action', { image: 'srv:a', 'health-check': 'tcp:1', targets: 'other' }), /Input "targets" has value "other": "other" is not a target of the inputs \(known: srv\)/);
  assert.deepEqual(loadConfig('action', { image: 'srv:a', 'health-check': 'tcp:1', targets: 'srv' }).targets.map((t) => t.id), ['srv']);
});
