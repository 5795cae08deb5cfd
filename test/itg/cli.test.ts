// The bundled CLI: same config, same core, same report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

test('--help and --version are the output asked for: stdout, exit 0, nothing on stderr', () => {
  const help = cli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^startup-sla \S+: measure a container's hot start/);
  assert.match(help.stdout, /usage: startup-sla --image REF --health-check FORM/);
  assert.equal(help.stderr, '');
  const version = cli(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\S*\n$/);
  assert.equal(version.stderr, '');
});

test('a misspelt flag gets "did you mean"; one with nothing close gets no guess', () => {
  const typo = cli(['--image', IMAGE, '--health-check', 'tcp:8000', '--rusn', '3']);
  assert.equal(typo.status, 1);
  assert.equal(typo.stderr.trim(), "error: Unknown option '--rusn'; did you mean --runs? (see --help)");
  const far = cli(['--image', IMAGE, '--replicas', '3']);
  assert.equal(far.stderr.trim(), "error: Unknown option '--replicas' (see --help)");
});

test('a user outside the docker group is told about the group, not to start Docker', { skip: process.getuid?.() !== 0 && 'needs root to run as another user' }, () => {
  // Root may open any socket; nobody (uid 65534) is refused by the socket's 660 root:docker mode.
  const cwd = mkdtempSync(join(tmpdir(), 'ssla-cli-nobody-'));
  chmodSync(cwd, 0o777);
  const r = spawnSync(process.execPath, [CLI, '--image', IMAGE, '--health-check', 'tcp:8000'], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd },
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 1, r.stderr);
  const line = r.stderr.trim();
  assert.equal(line.split('\n').length, 1, line);
  assert.match(line, /^error: Docker daemon at unix:\/\/\/var\/run\/docker.sock refused this user \(connect EACCES [^)]*\); Docker runs, but this runner's user may not use its socket: add the user to the docker group .* or run rootless Docker/);
  assert.doesNotMatch(line, /start Docker/);
});
