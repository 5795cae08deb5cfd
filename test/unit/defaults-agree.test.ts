// The runner passes action.yml's defaults as inputs; the CLI and the YAML file get the zod
// schema's. Where the two disagree the action and the CLI measure differently: this fails then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';

const action = parse(readFileSync(resolve(import.meta.dirname, '../../action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };

test('action.yml defaults and the schema defaults give the same configuration', () => {
  const given = { image: 'srv:1', 'health-check': 'tcp:80' };
  const withActionDefaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    // The token's default is an expression the runner fills in; it has no schema counterpart.
    if (spec.default !== undefined && !spec.default.includes('${{')) withActionDefaults[name] = spec.default;
  }
  const fromAction = loadConfig('action', { ...withActionDefaults, ...given });
  const fromSchema = loadConfig('cli', given);
  assert.deepEqual(fromAction.targets, fromSchema.targets);
  assert.deepEqual(fromAction.run, fromSchema.run);
});
