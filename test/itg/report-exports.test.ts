// Real reports against the published report schema, and the exports for Bencher and
// github-action-benchmark against those tools' documented shapes: the bundled action (as the
// runner runs it) and the bundled CLI (with the example config file) measure the demo image.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startAction } from '../support/action-runner.ts';
import { buildDemoImage, containersOfRun, removeImage } from '../support/docker.ts';
import { isBenchmarkAction, isBmf } from '../support/interop-shapes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const IMAGE = 'ssla-itg-exports:demo';
const dir = mkdtempSync(join(tmpdir(), 'ssla-exports-'));
const isReport = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schema/report.schema.json'), 'utf8')));
before(() => buildDemoImage(IMAGE));
after(async () => {
  await removeImage(IMAGE);
  rmSync(dir, { recursive: true, force: true });
});

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

test('the action writes a report the schema accepts, and both exports beside it', async () => {
  const report = join(dir, 'action', 'report.json');
  const run = startAction({
    inputs: { image: IMAGE, 'health-check': 'http:8000/health', runs: '3', warmup: '1', baseline: 'none', comment: 'false', report, export: 'bmf,benchmark-action' },
  });
  const r = await run.done;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(isReport(readJson(report)), JSON.stringify(isReport.errors));
  const bmf = readJson(join(dir, 'action', 'report.bmf.json')) as Record<string, { latency: { value: number } }>;
  assert.ok(isBmf(bmf), JSON.stringify(isBmf.errors));
  const id = 'ssla-itg-exports';
  assert.ok(bmf[id]!.latency.value > 0 && Math.abs(bmf[id]!.latency.value / 1e6 - Number(r.outputs['p50-ms'])) < 0.1, JSON.stringify(bmf[id]));
  assert.ok(`${id} phase: model loaded` in bmf, Object.keys(bmf).join(', '));
  const entries = readJson(join(dir, 'action', 'report.benchmark-action.json')) as { name: string; value: number }[];
  assert.ok(isBenchmarkAction(entries), JSON.stringify(isBenchmarkAction.errors));
  assert.equal(entries[0]!.name, `${id} hot start p50`);
  assert.match(r.summary, /startup-sla: PASS/);
  await run.post();
  assert.deepEqual(await containersOfRun(run.state().runId ?? ''), []);
});

test('the CLI with examples/config/sla.yml: two targets, a schema-valid report, both exports', () => {
  // The example measures startup-sla-demo:local; this test measures its own tag of the same image.
  const config = join(dir, 'sla.yml');
  writeFileSync(config, readFileSync(join(ROOT, 'examples/config/sla.yml'), 'utf8').replaceAll('startup-sla-demo:local', IMAGE).replace('runs: 10', 'runs: 2'));
  const report = join(dir, 'cli-report.json');
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), '--config', config, '--report', report, '--export', 'benchmark-action,bmf'], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const parsed = readJson(report) as { targets: { id: string }[] };
  assert.ok(isReport(parsed), JSON.stringify(isReport.errors));
  assert.deepEqual(parsed.targets.map((t) => t.id), ['demo-http', 'demo-log']);
  const bmf = readJson(join(dir, 'cli-report.bmf.json')) as Record<string, unknown>;
  assert.ok(isBmf(bmf), JSON.stringify(isBmf.errors));
  assert.ok('demo-http' in bmf && 'demo-log' in bmf, Object.keys(bmf).join(', '));
  assert.ok(isBenchmarkAction(readJson(join(dir, 'cli-report.benchmark-action.json'))));
  assert.ok(!existsSync(join(dir, 'cli-report.csv.json')));
});
