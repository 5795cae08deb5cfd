import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/util/errors.ts';

const ok = { image: 'srv:pr-1', 'health-check': 'http:8000/v2/health/ready' };

test('defaults fill a minimal action config', () => {
  const c = loadConfig('action', ok);
  const t = c.targets[0]!;
  assert.equal(t.runs, 10);
  assert.equal(t.warmup, 1);
  assert.equal(t['timeout-ms'], 60000);
  assert.equal(t['sla-ms'], 3000);
  assert.equal(t['sla-stat'], 'p95');
  assert.deepEqual(t['health-check'], { kind: 'http', port: 8000, path: '/v2/health/ready' });
  assert.equal(t.id, 'srv');
  assert.equal(c.run.comment, true);
});

const healthForms: [string, unknown][] = [
  ['http:8000', { kind: 'http', port: 8000, path: '/' }],
  ['http:80/healthz?full=1', { kind: 'http', port: 80, path: '/healthz?full=1' }],
  ['tcp:8001', { kind: 'tcp', port: 8001 }],
  ['log:listening on \\d+', { kind: 'log', pattern: 'listening on \\d+' }],
  ['docker', { kind: 'docker' }],
];
for (const [text, want] of healthForms) {
  test(`health-check ${text}`, () => {
    assert.deepEqual(loadConfig('action', { ...ok, 'health-check': text }).targets[0]!['health-check'], want);
  });
}

// Each bad input: one line naming the input, the value, and what is accepted.
const bad: [Record<string, string>, RegExp][] = [
  [{ runs: 'abc' }, /^Input "runs" has value "abc": expected a whole number from 1 to 1000$/],
  [{ runs: '0' }, /^Input "runs" has value "0": expected a whole number/],
  [{ runs: '2.5' }, /^Input "runs" has value "2.5"/],
  [{ warmup: '-1' }, /^Input "warmup" has value "-1"/],
  [{ 'timeout-ms': '10s' }, /^Input "timeout-ms" has value "10s": expected a whole number/],
  [{ 'sla-ms': 'fast' }, /^Input "sla-ms" has value "fast": expected a number/],
  [{ 'sla-stat': 'p97' }, /^Input "sla-stat" has value "p97": expected one of min, p50, p90, p95, p99, max, mean$/],
  [{ 'health-check': 'grpc:8001' }, /^Input "health-check" has value "grpc:8001": expected http:<port><path>/],
  [{ 'health-check': 'http:99999/x' }, /^Input "health-check" has value "http:99999\/x": http: needs a container port/],
  [{ 'health-check': 'tcp:' }, /^Input "health-check" has value "tcp:": tcp: needs a container port/],
  [{ 'health-check': 'log:([' }, /^Input "health-check" has value "log:\(\[": log: regular expression does not compile/],
  [{ image: 'My Image!' }, /^Input "image" has value "My Image!": expected a Docker image reference/],
  [{ image: 'srv:bad tag' }, /^Input "image" has value "srv:bad tag"/],
  [{ 'fail-on': 'sla,oops' }, /^Input "fail-on" has value "sla,oops": .*"oops" is none of them$/],
  [{ gpus: 'lots' }, /^Input "gpus" has value "lots": expected all, a count/],
  [{ 'gpu-mode': 'magic' }, /^Input "gpu-mode" has value "magic": expected one of toolkit, cdi, manual$/],
  [{ comment: 'yes' }, /^Input "comment" has value "yes": expected true or false$/],
  [{ env: 'NOEQUALS' }, /^Input "env" has value "NOEQUALS": expected env as KEY=VALUE lines/],
  [{ 'poll-ms': '0' }, /^Input "poll-ms" has value "0": expected a number from 0.5/],
  [{ volumes: 'models' }, /Input "volumes" has value "models": expected host-path:\/container-path\[:ro\] per line/],
  [{ network: 'my net;' }, /^Input "network" has value "my net;": expected bridge, host, or the name of an existing Docker network/],
];
for (const [override, want] of bad) {
  test(`bad input ${JSON.stringify(override)}`, () => {
    assert.throws(() => loadConfig('action', { ...ok, ...override }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, want);
      assert.equal(e.message.split('\n').length, 1);
      return true;
    });
  });
}

test('missing image is named', () => {
  assert.throws(() => loadConfig('action', { 'health-check': 'tcp:1' }), /Input "image" is required/);
});

test('CLI flags are named as flags, unknown flags refused', () => {
  assert.throws(() => loadConfig('cli', { ...ok, runs: 'x' }), /Flag --runs has value "x"/);
  assert.throws(() => loadConfig('cli', { ...ok, rusn: '3' }), /Flag --rusn is not a setting startup-sla knows; did you mean "runs"\?$/);
});

test('the token is never echoed in an error', () => {
  assert.throws(() => loadConfig('action', { ...ok, comment: 'maybe', 'github-token': 'ghs_secret' }), (e: unknown) => !String(e).includes('ghs_secret'));
});

test('the default id is the image name alone: a PR build and a main build are one target', async () => {
  const { defaultId } = await import('../../src/config/load.ts');
  const table: [string, string][] = [
    ['my-server:pr-42', 'my-server'],
    ['my-server:main', 'my-server'],
    ['ghcr.io/acme/my-server:pr-42', 'my-server'],
    ['localhost:5000/acme/my-server', 'my-server'],
    [`my-server@sha256:${'a'.repeat(64)}`, 'my-server'],
    [`registry.example:443/x/my-server:1.2@sha256:${'b'.repeat(64)}`, 'my-server'],
    [`sha256:${'c'.repeat(64)}`, `image-${'c'.repeat(12)}`],
  ];
  for (const [image, id] of table) assert.equal(defaultId(image), id, image);
});

test('an id input names the target', () => {
  const c = loadConfig('action', { image: 'srv:pr-1', 'health-check': 'tcp:80', id: 'resnet' });
  assert.equal(c.targets[0]?.id, 'resnet');
});
