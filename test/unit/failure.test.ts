// Whose a failure is decides the words: a table of real error shapes (dockerode's, Octokit's,
// node's) against owner, message and hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, failureLine } from '../../src/failure.ts';
import { ConfigError, HostError, StartError } from '../../src/util/errors.ts';
import { ImageBuildError } from '../../src/image/errors.ts';
import { hostHint } from '../../src/docker/host-errors.ts';

/** What dockerode rejects with for a daemon refusal (docker-modem's buildError). */
function daemonRefusal(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, reason: 'unexpected', json: { message } });
}
function octokitError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status, request: { method: 'GET', url: 'https://api/x' }, response: { status } });
}
function nodeError(code: string, syscall: string, message: string): Error {
  return Object.assign(new Error(message), { code, syscall });
}

const CASES: [string, unknown, string, RegExp, RegExp][] = [
  ['bad input', new ConfigError('Input "runs" has value "ten": expected a whole number'), 'user', /^Input "runs"/, /correct the input/],
  ['failed build', new ImageBuildError('image build of x failed: COPY failed'), 'user', /COPY failed/, /build output/],
  ['start that never got ready', new StartError('start 1: timed out'), 'user', /timed out/, /log lines/],
  ['missing network (create)', daemonRefusal(404, 'network nosuchnet not found'), 'host', /refused a request \(HTTP 404\): network nosuchnet not found$/, /network does not exist/],
  ['missing docker0 (start)', daemonRefusal(500, 'failed to create endpoint x on network bridge: could not find bridge docker0: route ip+net: no such network interface'), 'host', /could not find bridge docker0/, /default bridge network is broken/],
  ['port in use', daemonRefusal(500, 'driver failed programming external connectivity: Bind for 0.0.0.0:8000 failed: port is already allocated'), 'host', /port is already allocated/, /holds that port/],
  ['disk full', daemonRefusal(500, 'write /var/lib/docker/tmp/x: no space left on device'), 'host', /no space left/, /disk is full/],
  ['image missing', daemonRefusal(404, 'No such image: srv:pr-1'), 'host', /No such image/, /never pulls/],
  ['OCI runtime', daemonRefusal(500, 'OCI runtime create failed: runc create failed: unable to start container process'), 'host', /OCI runtime create failed/, /container runtime refused/],
  ['no GPU runtime', daemonRefusal(500, 'could not select device driver "nvidia" with capabilities: [[gpu]]'), 'host', /could not select device driver/, /nvidia-container-toolkit/],
  ['socket permission', nodeError('EACCES', 'connect', 'connect EACCES /var/run/docker.sock'), 'host', /refused this user/, /docker group|rootless/],
  ['daemon gone', nodeError('ECONNREFUSED', 'connect', 'connect ECONNREFUSED /var/run/docker.sock'), 'host', /stopped answering mid-run/, /restart Docker/],
  ['GitHub outage', octokitError(502, 'Bad Gateway'), 'github', /HTTP 502: Bad Gateway/, /outage/],
  ['GitHub permission', octokitError(403, 'Resource not accessible by integration'), 'github', /HTTP 403/, /permission/],
  ['a bug', new TypeError("Cannot read properties of undefined (reading 'p50')"), 'ours', /Cannot read properties/, /report it/],
];

for (const [name, error, owner, message, hint] of CASES) {
  test(`${name}: ${owner}`, () => {
    const f = describeFailure(error);
    assert.equal(f.owner, owner);
    assert.match(f.message, message);
    assert.match(f.hint, hint);
    assert.equal(f.stack !== undefined, owner === 'ours', 'a stack only for our bugs');
  });
}

test('the one line: the user\'s message alone; the host\'s with its hint; ours with the stack', () => {
  assert.equal(failureLine(describeFailure(new ConfigError('Input "x" has value "y": no'))), 'Input "x" has value "y": no');
  assert.match(failureLine(describeFailure(daemonRefusal(404, 'network n not found'))), /^startup-sla: the Docker daemon refused a request \(HTTP 404\): network n not found\. Hint: /);
  // A message that already ends with its advice is not repeated.
  const ping = new HostError('Docker daemon at unix:///x is not reachable (ENOENT); start Docker or set DOCKER_HOST to a running daemon', 'start Docker or set DOCKER_HOST to a running daemon');
  assert.equal(failureLine(describeFailure(ping)), ping.message);
  assert.match(failureLine(describeFailure(new Error('boom'))), /^startup-sla crashed \(a bug, please report it\): Error: boom\n\s+at /);
});

test('an unknown daemon message gets the general hint, not a wrong one', () => {
  assert.match(hostHint('something new went wrong'), /refused the request; its message says why/);
});
