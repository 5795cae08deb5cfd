// Docker 26.1 (Debian 13's packages) as a second engine beside the machine's own, started by
// scripts/docker26.sh on its own socket, with CDI on: `gpu-mode: cdi` for real on a machine
// without a GPU. A CDI spec for the kind the action requests (nvidia.com/gpu) maps a harmless
// device (/dev/zero) plus an environment variable; the container starts only when it sees both.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const D26_DIR = process.env.SSLA_D26_DIR ?? '/var/lib/startup-sla-docker26';
const SPEC = join(D26_DIR, 'cdi', 'startup-sla-test-gpu.yaml');
const IMAGE = 'ssla-itg-cdi:probe';
const work = mkdtempSync(join(tmpdir(), 'ssla-cdi-'));
let host = '';
let startedHere = false;

const ping = () => spawnSync('curl', ['-sf', '--max-time', '2', '--unix-socket', join(D26_DIR, 'run/docker.sock'), 'http://d/_ping']).status === 0;
const docker26 = (args: string[]) => execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

before(() => {
  startedHere = !ping();
  const up = execFileSync('bash', [join(ROOT, 'scripts/docker26.sh'), 'up'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
  host = /DOCKER_HOST=(\S+)/.exec(up)?.[1] ?? '';
  assert.ok(host, up);
  // What `nvidia-ctk cdi generate` would write for a GPU, with /dev/zero in its place.
  writeFileSync(
    SPEC,
    [
      'cdiVersion: "0.5.0"',
      'kind: nvidia.com/gpu',
      'devices:',
      '  - name: all',
      '    containerEdits:',
      '      deviceNodes:',
      '        - path: /dev/ssla-gpu0',
      '          hostPath: /dev/zero',
      'containerEdits:',
      '  env:',
      '    - SSLA_CDI=injected',
      '',
    ].join('\n'),
  );
  // Ready only when the device node and the variable are both there; otherwise say what is missing and exit.
  const script = 'if [ -c /dev/ssla-gpu0 ] && [ "$SSLA_CDI" = injected ]; then echo "cdi device and env present"; exec sleep 600; fi; echo "cdi missing: env=$SSLA_CDI"; ls -l /dev; exit 3';
  copyFileSync('/bin/busybox', join(work, 'busybox'));
  writeFileSync(join(work, 'Dockerfile'), `FROM scratch\nLABEL startup-sla.test=itg\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nENV PATH=/bin\nCMD ["sh", "-c", ${JSON.stringify(script)}]\n`);
  docker26(['build', '-q', '-t', IMAGE, work]);
});

after(() => {
  rmSync(SPEC, { force: true });
  spawnSync('docker', ['image', 'rm', '-f', IMAGE], { env: { ...process.env, DOCKER_HOST: host } });
  rmSync(work, { recursive: true, force: true });
  if (startedHere) execFileSync('bash', [join(ROOT, 'scripts/docker26.sh'), 'down']);
});

function cli(args: string[]) {
  const report = join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), '--image', IMAGE, '--health-check', 'log:cdi device and env present', '--runs', '2', '--warmup', '0', '--timeout-ms', '20000', '--baseline', 'none', '--report', report, ...args], {
    env: { ...process.env, DOCKER_HOST: host },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ...r, report: existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as { verdict: string; environment: { dockerVersion: string }; targets: { stats: { n: number } }[] }) : undefined };
}

const leftovers = () => docker26(['ps', '-aq', '--filter', 'label=startup-sla.run']).trim();

test('the second engine is Docker 26 with CDI on, and the machine\'s own engine is still the one it was', () => {
  assert.match(docker26(['version', '--format', '{{.Server.Version}}']), /^26\.1\./);
  assert.match(docker26(['info', '--format', '{{json .CDISpecDirs}}']), /startup-sla-docker26\/cdi/);
  const own = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { env: { ...process.env, DOCKER_HOST: '' }, encoding: 'utf8' });
  assert.equal(own.status, 0, own.stderr);
  assert.notEqual(own.stdout.trim(), '', 'the default engine answers');
});

test('gpus: all with gpu-mode cdi: the container sees the CDI device and variable, every start is ready', () => {
  const r = cli(['--gpus', 'all', '--gpu-mode', 'cdi']);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal(r.report?.verdict, 'pass');
  assert.equal(r.report?.targets[0]?.stats.n, 2);
  assert.match(r.report?.environment.dockerVersion ?? '', /^26\.1\./);
  assert.equal(leftovers(), '');
});

test('without the CDI request the same image does not become ready (the check above can fail)', () => {
  const r = cli([]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr + r.stdout, /cdi missing: env=/);
  assert.equal(leftovers(), '');
});

test('a GPU the spec does not name is refused by the daemon with a message naming it', () => {
  const r = cli(['--gpus', '1', '--gpu-mode', 'cdi']);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr + r.stdout, /nvidia\.com\/gpu=0/);
  assert.equal(leftovers(), '');
});
