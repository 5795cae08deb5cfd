// Which dockerode failures mean "the daemon went away" (a clear user error) and which stay bugs
// or ordinary API answers. Pure: the errors are built the way Node and docker-modem build them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonGoneMessage, isDaemonGone } from '../../src/docker/client.ts';
import { StartError } from '../../src/util/errors.ts';

const sysError = (code: string, message: string) => Object.assign(new Error(message), { code, syscall: 'connect' });
const apiError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode, reason: 'server error' });

const cases: [string, unknown, boolean][] = [
  ['socket file removed', sysError('ENOENT', 'connect ENOENT /var/run/docker.sock'), true],
  ['nothing listening', sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:2375'), true],
  ['connection cut mid-request', sysError('ECONNRESET', 'read ECONNRESET'), true],
  ['write to a closed socket', sysError('EPIPE', 'write EPIPE'), true],
  ['socket hang up (no code)', new Error('socket hang up'), true],
  ['an API answer: no such container', apiError(404, '(HTTP code 404) no such container'), false],
  ['an API answer: daemon error 500', apiError(500, '(HTTP code 500) server error'), false],
  ['our own start error quoting a probe answer', new StartError('start 1: not ready within 1500 ms (last answer: socket hang up)'), false],
  ['a bug of ours', new TypeError("Cannot read properties of undefined (reading 'Id')"), false],
  ['a file we could not read', Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT', syscall: 'open' }), false],
  ['not an error at all', 'ENOENT', false],
];
for (const [name, error, gone] of cases) test(`isDaemonGone: ${name} -> ${gone}`, () => assert.equal(isDaemonGone(error), gone));

test('the message is one line and says what to do', () => {
  const m = daemonGoneMessage(Object.assign(new Error('connect ENOENT /var/run/docker.sock\n    at x'), { code: 'ENOENT' }));
  assert.equal(m, 'the Docker daemon stopped answering mid-run (connect ENOENT /var/run/docker.sock); restart Docker and run again');
});
