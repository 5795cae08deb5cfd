// The bundled CLI: same config, same core, same report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDemoImage, removeImage } from '../support/docker.ts';

const CLI = resolve(import.meta.dirname, '../../dist/cli.js');
const IMAGE = 'ssla-itg-cli:demo';
const dir = mkdtempSync(join(tmpdir(), 'ssla-cli-'));
before(() => buildDemoImage(IMAGE));
after(() => removeImage(IMAGE));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
}

test('measures a YAML file of two targets and writes one report', () => {
  writeFileSync(
    join(dir, 'sla.yml'),
    `defaults:\n  runs: 2\n  warmup: 0\ntargets:\n  - id: by-http\n    image: ${IMAGE}\n    health-check: http:8000/health\n  - id: by-log\n    image: ${IMAGE}\n    health-check: "log:listening"\n`,
  );
  const r = cli(['--config', 'sla.yml', '--report', 'out.json']);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^startup-sla verdict: PASS/);
  assert.match(r.stdout, /by-http {2}PASS/);
  assert.match(r.stdout, /waterfall/);
  const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  assert.deepEqual(report.targets.map((t: { id: string }) => t.id), ['by-http', 'by-log']);
  assert.equal(report.targets[1].stats.n, 2);
});

test('bad flags and bad values: one line, exit 1', () => {
  const unknown = cli(['--imagee', IMAGE]);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^error: Unknown option '--imagee'/);
  const bad = cli(['--image', IMAGE, '--health-check', 'http:8000/health', '--runs', 'ten']);
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr.trim(), 'error: Flag --runs has value "ten": expected a whole number from 1 to 1000');
});

test('an unreachable Docker daemon is one clear line, not a hang', () => {
  const r = cli(['--image', IMAGE, '--health-check', 'tcp:8000'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  assert.equal(r.status, 1);
  assert.match(r.stderr.trim(), /^error: Docker daemon at unix:\/\/\/nonexistent\/docker.sock is not reachable \(.*ENOENT.*\); start Docker or set DOCKER_HOST/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
