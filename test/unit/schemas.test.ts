// The JSON Schemas under schema/: generated from the zod schemas and committed, so they must be
// fresh; they agree with zod on what they can express; and a file the schema refuses still gets
// zod's words from the action (the schema helps editors, zod decides).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';
import { render, SCHEMA_FILES } from '../../scripts/build-schemas.ts';

const root = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
const configSchema = ajv.compile(JSON.parse(read('schema/config.schema.json')));
const reportSchema = ajv.compile(JSON.parse(read('schema/report.schema.json')));
const dir = mkdtempSync(join(tmpdir(), 'ssla-schemas-'));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const [file, build] of Object.entries(SCHEMA_FILES)) {
  test(`${file} is what the zod schema generates (run \`npm run schemas\` when this fails)`, () => {
    assert.equal(read(file), render(build()));
  });
}

test('the example config file names the schema for editors, passes it, and loads', () => {
  const text = read('examples/config/sla.yml');
  const ref = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
  assert.ok(ref, 'a yaml-language-server comment');
  assert.equal(resolve(root, 'examples/config', ref), join(root, 'schema/config.schema.json'));
  assert.ok(configSchema(parse(text)), JSON.stringify(configSchema.errors));
  const config = loadConfig('cli', { config: 'examples/config/sla.yml' }, root);
  assert.deepEqual(config.targets.map((t) => [t.id, t.runs, t['sla-stat']]), [['demo-http', 10, 'p95'], ['demo-log', 10, 'p95']]);
});

// One target's key and value: does the JSON Schema accept it, does zod?
const TABLE: [string, unknown, boolean][] = [
  ['runs', 20, true],
  ['runs', '20', true],
  ['runs', 0, false],
  ['runs', 1001, false],
  ['sla-ms', 2500.5, true],
  ['poll-ms', 0.1, false],
  ['sla-stat', 'p99', true],
  ['sla-stat', 'p42', false],
  ['network', 'host', true],
  ['network', 'my net', false],
  ['gpu-mode', 'cdi', true],
  ['gpu-mode', 'vfio', false],
  ['engine-builder', 'trtexec', true],
  ['fail-on', ['sla', 'inconclusive'], true],
  ['fail-on', ['sla', 'slow'], false],
  ['fail-on', 'sla,regression', true],
  ['env', { A: '1', B: 2 }, true],
  ['env', 'A=1\nB=2', true],
  ['env', ['A=1'], false],
  ['build-args', { X: { nested: 1 } }, false],
  ['trtexec-args', ['--fp16'], true],
  ['volumes', ['/models:/models:ro'], true],
  ['max-runs', 40, true],
  ['runz', 3, false],
];

for (const [key, value, ok] of TABLE) {
  test(`targets[0].${key} = ${JSON.stringify(value)}: the schema and zod both ${ok ? 'accept' : 'refuse'} it`, () => {
    const doc = { targets: [{ image: 'srv:1', 'health-check': 'http:8000/health', [key]: value }] };
    assert.equal(configSchema(doc), ok, JSON.stringify(configSchema.errors));
    const file = join(dir, `${key}.yml`);
    writeFileSync(file, JSON.stringify(doc));
    if (ok) loadConfig('action', { config: file });
    else assert.throws(() => loadConfig('action', { config: file }), { name: 'ConfigError' });
  });
}

test("a file the schema refuses gets zod's words from the action, naming the key and the value", () => {
  const file = join(dir, 'sla.yml');
  writeFileSync(file, 'targets:\n  - image: srv:1\n    health-check: http:8000/health\n    sla-stat: p42\n');
  assert.equal(configSchema(parse(readFileSync(file, 'utf8'))), false);
  assert.throws(() => loadConfig('action', { config: file }), {
    name: 'ConfigError',
    message: 'sla.yml: targets[0].sla-stat has value "p42": expected one of min, p50, p90, p95, p99, max, mean',
  });
  writeFileSync(file, 'targets:\n  - image: srv:1\n    health-check: http:8000/health\n    runz: 3\n');
  assert.equal(configSchema(parse(readFileSync(file, 'utf8'))), false);
  assert.throws(() => loadConfig('action', { config: file }), { message: 'sla.yml: targets[0].runz is not a setting startup-sla knows; did you mean "runs"?' });
});

test('the report schema accepts a real report (the H100 run in bench/results) and refuses a broken one', () => {
  const report = JSON.parse(read('bench/results/gpu/gpu-report.json')) as Record<string, unknown> & { targets: Record<string, unknown>[] };
  assert.ok(reportSchema(report), JSON.stringify(reportSchema.errors));
  assert.equal(reportSchema({ ...report, verdict: 'maybe' }), false);
  assert.equal(reportSchema({ ...report, targets: [] }), false);
  assert.equal(reportSchema({ ...report, targets: [{ ...report.targets[0], stats: { n: 3 } }] }), false);
});
