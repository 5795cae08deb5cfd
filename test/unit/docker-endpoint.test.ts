// Where the probe goes, from DOCKER_HOST, the way the docker CLI reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveEndpoint } from '../../src/docker/client.ts';

const cases: [string, { probeHost: string; local: boolean }][] = [
  ['', { probeHost: '127.0.0.1', local: true }],
  ['unix:///var/run/docker.sock', { probeHost: '127.0.0.1', local: true }],
  ['tcp://127.0.0.1:2375', { probeHost: '127.0.0.1', local: true }],
  ['tcp://localhost:2376', { probeHost: '127.0.0.1', local: true }],
  ['tcp://[::1]:2375', { probeHost: '127.0.0.1', local: true }],
  // Docker-in-Docker sidecar (Actions Runner Controller): published ports live on the sidecar.
  ['tcp://docker:2376', { probeHost: 'docker', local: false }],
  ['tcp://10.1.2.3:2375', { probeHost: '10.1.2.3', local: false }],
  ['ssh://ci@build-host', { probeHost: 'build-host', local: false }],
];
for (const [host, want] of cases) {
  test(`DOCKER_HOST=${host || '(unset)'} -> probe ${want.probeHost}`, () => {
    const e = resolveEndpoint(host);
    assert.equal(e.probeHost, want.probeHost);
    assert.equal(e.local, want.local);
  });
}

test('a DOCKER_HOST that is no URL is one clear line naming it', () => {
  assert.throws(() => resolveEndpoint('tcp//oops'), /^ConfigError: DOCKER_HOST has value "tcp\/\/oops": not a URL \(expected unix:\/\/\/path, tcp:\/\/host:port or ssh:\/\/user@host\)$/);
});
