// Podman's Docker-compatible API as the engine (scripts/podman-up.sh, with the config this
// machine needs; the script says why): the bundled CLI measures the demo image through it,
// passes, and leaves nothing behind. The action talks to it only as a Docker API (DOCKER_HOST).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const IMAGE = 'ssla-itg-podman:demo';
const work = mkdtempSync(join(tmpdir(), 'ssla-podman-'));
const SOCK = join(process.env.SSLA_PODMAN_DIR ?? '/var/lib/startup-sla-podman', 'podman.sock');
let host = '';
let startedHere = false;
const viaPodman = { ...process.env, DOCKER_HOST: '' };

before(() => {
  startedHere = spawnSync('curl', ['-sf', '--max-time', '2', '--unix-socket', SOCK, 'http://d/_ping']).status !== 0;
  const up = execFileSync('bash', [join(ROOT, 'scripts/podman-up.sh'), 'up'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
  host = /DOCKER_HOST=(\S+)/.exec(up)?.[1] ?? '';
  assert.ok(host, up);
  viaPodman.DOCKER_HOST = host;
  // The docker CLI's build goes through the same compatible API.
  execFileSync('bash', [join(ROOT, 'scripts/build-demo-image.sh'), IMAGE, '4', 'startup-sla.test=itg'], { env: viaPodman, stdio: ['ignore', 'ignore', 'inherit'] });
});

after(() => {
  spawnSync('docker', ['image', 'rm', '-f', IMAGE], { env: viaPodman });
  rmSync(work, { recursive: true, force: true });
  if (startedHere) execFileSync('bash', [join(ROOT, 'scripts/podman-up.sh'), 'down']);
});

test('the CLI measures the demo image through Podman and leaves no container', () => {
  const report = join(work, 'report.json');
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), '--image', IMAGE, '--health-check', 'http:8000/health', '--runs', '3', '--warmup', '1', '--baseline', 'none', '--report', report], {
    env: viaPodman,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as { verdict: string; stats: { n: number; p50: number }; samples: { phases: { name: string }[] }[] };
  assert.equal(parsed.verdict, 'pass');
  assert.equal(parsed.stats.n, 3);
  assert.ok(parsed.stats.p50 > 0);
  // The server's own stamped lines arrive through the compatible attach stream.
  for (const s of parsed.samples) assert.ok(s.phases.some((p) => p.name === 'listening'), JSON.stringify(s.phases));
  const left = execFileSync('docker', ['ps', '-aq', '--filter', 'label=startup-sla.run'], { env: viaPodman, encoding: 'utf8' });
  assert.equal(left.trim(), '');
});

test('a container that exits before it is ready fails the start at once, not at the timeout', () => {
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), '--image', IMAGE, '--health-check', 'tcp:8000', '--env', 'EXIT_BEFORE_READY=4', '--runs', '1', '--warmup', '0', '--timeout-ms', '30000', '--baseline', 'none', '--report', join(work, 'r2.json')], {
    env: viaPodman,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout + r.stderr, /exited with code 4 before it was ready/);
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
});
