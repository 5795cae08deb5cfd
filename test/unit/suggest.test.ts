import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, didYouMean } from '../../src/config/suggest.ts';
import { RUN_KEYS, TARGET_KEYS } from '../../src/config/schema.ts';

const KEYS = [...TARGET_KEYS, ...RUN_KEYS] as string[];

test('close misspellings get the setting that was meant', () => {
  const cases: [string, string][] = [
    ['runz', 'runs'],
    ['rusn', 'runs'],
    ['helth-check', 'health-check'],
    ['sla_ms', 'sla-ms'],
    ['timout-ms', 'timeout-ms'],
    ['dockerfle', 'dockerfile'],
    ['check_name', 'check-name'],
    ['Image', 'image'],
  ];
  for (const [typo, meant] of cases) assert.equal(closest(typo, KEYS), meant, typo);
});

test('nothing close, no guess', () => {
  for (const word of ['servers', 'xyz', 'replicas', 'a']) assert.equal(closest(word, KEYS), undefined, word);
  assert.equal(didYouMean('servers', ['version', 'defaults', 'targets']), '');
  assert.equal(didYouMean('target', ['version', 'defaults', 'targets']), '; did you mean "targets"?');
  assert.equal(didYouMean('runz', KEYS, (k) => `--${k}`), '; did you mean --runs?');
});
