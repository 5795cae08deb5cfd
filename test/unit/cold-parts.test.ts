// The parts of a cold start that need no engine: registry names, credentials as the docker CLI
// finds them, and the folding of a pull's progress stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PullTracker, registryOf } from '../../src/image/pull.ts';
import { registryAuth } from '../../src/image/registry-auth.ts';
import { describe } from '../../src/analyze/stats.ts';
import type { Reason } from '../../src/report/comparison.ts';

test('registryOf: a host needs a dot, a port or localhost; ids and bare names name none', () => {
  assert.deepEqual(registryOf('127.0.0.1:5000/team/srv:1.2'), { reference: '127.0.0.1:5000/team/srv:1.2', host: '127.0.0.1:5000', repository: '127.0.0.1:5000/team/srv', tag: '1.2', digest: undefined });
  assert.equal(registryOf('localhost/srv')?.tag, undefined);
  const d = `reg.example/srv@sha256:${'a'.repeat(64)}`;
  assert.equal(registryOf(d)?.digest, `sha256:${'a'.repeat(64)}`);
  assert.equal(registryOf('my-server:pr-42'), undefined);
  assert.equal(registryOf('team/my-server:pr-42'), undefined);
  assert.equal(registryOf('0123456789ab'), undefined);
});

function config(json: object): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-auth-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(json));
  return { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH}` };
}

test('registryAuth: auths entries (auth, identitytoken), Docker Hub under its v1 key, none when absent', () => {
  const env = config({ auths: { 'reg.example:5000': { auth: Buffer.from('ci:s3cr:et').toString('base64') }, 'https://index.docker.io/v1/': { identitytoken: 'tok' } } });
  assert.deepEqual(registryAuth('reg.example:5000', env), { username: 'ci', password: 's3cr:et', serveraddress: 'reg.example:5000' });
  assert.deepEqual(registryAuth('docker.io', env), { identitytoken: 'tok', serveraddress: 'https://index.docker.io/v1/' });
  assert.equal(registryAuth('other.example', env), undefined);
  assert.equal(registryAuth('reg.example:5000', { DOCKER_CONFIG: '/nonexistent' }), undefined);
});

test('registryAuth: a credential helper is asked the way the docker CLI asks it', () => {
  const env = config({ credHelpers: { 'helped.example': 'ssla-test' } });
  const helper = join(String(env.DOCKER_CONFIG), 'docker-credential-ssla-test');
  // The protocol: server address on stdin, JSON with Username and Secret on stdout.
  writeFileSync(helper, '#!/bin/sh\nread server\n[ "$1" = get ] && printf \'{"ServerURL":"%s","Username":"bot","Secret":"pw"}\' "$server"\n');
  chmodSync(helper, 0o755);
  assert.deepEqual(registryAuth('helped.example', env), { username: 'bot', password: 'pw', serveraddress: 'helped.example' });
});

test('PullTracker: layers, bytes and the pull phases from the engine\'s progress items', () => {
  const t = new PullTracker(1000);
  const feed: [object, number][] = [
    [{ status: 'Pulling from team/srv', id: '1' }, 1010],
    [{ status: 'Already exists', id: 'aaa' }, 1011],
    [{ status: 'Pulling fs layer', id: 'bbb' }, 1011],
    [{ status: 'Downloading', id: 'bbb', progressDetail: { current: 10, total: 5000 } }, 1020],
    [{ status: 'Download complete', id: 'bbb' }, 1200],
    [{ status: 'Extracting', id: 'bbb', progressDetail: { current: 5000, total: 5000 } }, 1210],
    [{ status: 'Pull complete', id: 'bbb' }, 1300],
    [{ status: `Digest: sha256:${'b'.repeat(64)}` }, 1301],
  ];
  for (const [item, at] of feed) t.add(item, at);
  const r = t.result(305);
  assert.deepEqual(r.phases.map((p) => [p.name, p.ms]), [['manifest', 10], ['first-layer', 11], ['downloaded', 200], ['extracted', 300], ['pulled', 305]]);
  assert.deepEqual(r.layers, [
    { id: 'aaa', bytes: 0, status: 'already-exists' },
    { id: 'bbb', bytes: 5000, status: 'pulled', downloadStartMs: 20, downloadedMs: 200, extractedMs: 300 },
  ]);
  assert.equal(r.bytes, 5000);
  assert.equal(r.digest, `sha256:${'b'.repeat(64)}`);
  const bad = new PullTracker(0);
  bad.add({ errorDetail: { message: 'unknown blob' }, error: 'unknown blob' }, 1);
  assert.equal(bad.error, 'unknown blob');
});

