// The action's run() under GitHub's own local harness (@github/local-action, which stubs
// @actions/core and gives the action only what its .env says), against the real engine: with and
// without GITHUB_STEP_SUMMARY, main then post, the measurement always reported (issue 18).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDemoImage, docker, removeImage } from '../support/docker.ts';

const ROOT = resolve(import.meta.dirname, '../..');
// The package exports no package.json; its bin sits at a fixed place under node_modules.
const BIN = join(ROOT, 'node_modules/@github/local-action/bin/local-action.js');
const IMAGE = 'ssla-itg-local-action:demo';
const dir = mkdtempSync(join(tmpdir(), 'ssla-local-action-'));

before(() => buildDemoImage(IMAGE));
after(() => removeImage(IMAGE));

function localAction(envFile: string): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    // Only what a developer's shell would have: the harness supplies the rest from the .env.
    const child = spawn(process.execPath, [BIN, 'run', '.', 'src/main.ts', envFile, '--post', 'src/post.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_HOST: process.env.DOCKER_HOST, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => res({ code, out }));
  });
}

function envFile(name: string, extra: string[]): string {
  const path = join(dir, name);
  const report = join(dir, `${name}.report.json`);
  const lines = ['INPUT_IMAGE=' + IMAGE, 'INPUT_HEALTH-CHECK=http:8000/health', 'INPUT_RUNS=2', 'INPUT_WARMUP=0', 'INPUT_BASELINE=none', 'INPUT_COMMENT=false', 'INPUT_SLA-MS=60000', `INPUT_REPORT=${report}`, ...extra];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const ours = async () => docker.listContainers({ all: true, filters: { label: [`startup-sla.target=ssla-itg-local-action`] } });

test('without GITHUB_STEP_SUMMARY: measured, one warning, outputs set, post cleans, no crash', async () => {
  const r = await localAction(envFile('no-summary', []));
  assert.equal(r.code, 0, r.out);
  assert.doesNotMatch(r.out, /crashed|Unable to find environment variable/);
  assert.match(r.out, /start 2\/2: ready in/);
  assert.equal(r.out.match(/GITHUB_STEP_SUMMARY is not set/g)?.length, 1, r.out);
  assert.match(r.out, /'verdict'\s*│\s*'pass'/);
  assert.ok(existsSync(join(dir, 'no-summary.report.json')), 'the report file');
  assert.match(r.out, /startup-sla: removed 0 container\(s\)/, 'the post step ran with the saved run id');
  assert.deepEqual(await ours(), []);
});

test('with GITHUB_STEP_SUMMARY: the summary is written', async () => {
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  const r = await localAction(envFile('summary', [`GITHUB_STEP_SUMMARY=${summary}`]));
  assert.equal(r.code, 0, r.out);
  assert.doesNotMatch(r.out, /GITHUB_STEP_SUMMARY is not set/);
  assert.match(readFileSync(summary, 'utf8'), /startup-sla: PASS/);
});
