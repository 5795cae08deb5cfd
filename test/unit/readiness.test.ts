// Readiness strategies, each fed what a start would feed it: lines and daemon events directly
// for the listening kinds, real local servers for the probing ones (no Docker).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { parseHealthCheck, type HealthCheck } from '../../src/config/health-check.ts';
import type { DockerEvent } from '../../src/docker/events.ts';
import type { LocalImage } from '../../src/image/inspect.ts';
import { checkHealthAgainstImage } from '../../src/measure/preflight.ts';
import { readinessFor, type ImageShape, type ReadinessStrategy, type WaitContext } from '../../src/measure/readiness/index.ts';
import { systemClock } from '../../src/util/clock.ts';

function hc(text: string): HealthCheck {
  const parsed = parseHealthCheck(text);
  assert.ok(typeof parsed !== 'string', parsed as string);
  return parsed;
}

function event(action: string): DockerEvent {
  return { Type: 'container', Action: action, Actor: { ID: 'c1', Attributes: {} }, time: 0, timeNano: 0 };
}

const PENDING = Symbol('pending');
/** The ready time, or PENDING when it has not settled within `ms`. */
async function settled(p: Promise<number>, ms = 50): Promise<number | typeof PENDING> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof PENDING>((resolve) => (timer = setTimeout(() => resolve(PENDING), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

function waitContext(port: number | undefined, stop: AbortController, timeoutMs = 2000, pollMs = 5): WaitContext {
  return { clock: systemClock, target: port === undefined ? undefined : { host: '127.0.0.1', port }, deadline: systemClock.now() + timeoutMs, pollMs, signal: stop.signal };
}

test('the factory: each kind says whether it needs a port and which clock its ready time is on', () => {
  const cases: [string, number | undefined, boolean][] = [
    ['http:8000/health', 8000, false],
    ['tcp:8001', 8001, false],
    ['log:listening', undefined, false],
    ['docker', undefined, true],
  ];
  for (const [text, port, daemonClock] of cases) {
    const r = readinessFor(hc(text));
    assert.equal(r.port, port, text);
    assert.equal(r.daemonClock, daemonClock, text);
  }
});

// [pattern, lines fed as [text, at], expected ready time or PENDING]
const logCases: [string, [string, number][], number | typeof PENDING][] = [
  ['listening', [['booting', 1], ['now listening on 8000', 2], ['listening again', 3]], 2],
  ['^ready$', [['not ready', 1], ['ready', 4]], 4],
  ['Uvicorn running on', [['INFO: started', 1]], PENDING],
  ['ready', [], PENDING],
];

test('log: ready at the arrival of the first matching line; lines are wanted only until then', async () => {
  for (const [pattern, lines, want] of logCases) {
    const r = readinessFor(hc(`log:${pattern}`));
    assert.equal(r.wantsLines(), true, pattern);
    for (const [text, at] of lines) r.onLine(text, at);
    r.onEvent(event('health_status: healthy'), 99);
    assert.equal(await settled(r.ready(waitContext(undefined, new AbortController()))), want, pattern);
    assert.equal(r.wantsLines(), want === PENDING, pattern);
    assert.equal(r.attempts(), 0);
    assert.equal(r.describeWait(), `no log line matched /${pattern}/`);
  }
});

test('log: a line that arrives after the wait began still resolves it', async () => {
  const r = readinessFor(hc('log:up'));
  const ready = r.ready(waitContext(undefined, new AbortController()));
  r.onLine('up', 7);
  assert.equal(await settled(ready), 7);
});

// [events fed as [action, at], expected ready time or PENDING]
const dockerCases: [string, [string, number][], number | typeof PENDING][] = [
  ['healthy after starting', [['create', 1], ['start', 2], ['health_status: starting', 3], ['health_status: healthy', 5]], 5],
  ['first healthy wins', [['health_status: healthy', 5], ['health_status: healthy', 9]], 5],
  ['unhealthy is not ready', [['start', 2], ['health_status: unhealthy', 4]], PENDING],
  ['exec events of the check itself are not ready', [['exec_start: /bin/sh -c curl', 3], ['exec_die', 4]], PENDING],
];

test('docker: ready at the daemon event that reports healthy; lines are ignored', async () => {
  for (const [name, events, want] of dockerCases) {
    const r = readinessFor(hc('docker'));
    assert.equal(r.wantsLines(), false);
    r.onLine('healthy', 1);
    for (const [action, at] of events) r.onEvent(event(action), at);
    assert.equal(await settled(r.ready(waitContext(undefined, new AbortController()))), want, name);
    assert.equal(r.describeWait(), "the image's HEALTHCHECK never reported healthy");
  }
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await new Promise((resolve) => s.close(resolve));
  return port;
}

test('http: not ready on 503, ready once the path answers 2xx, at the answer', async () => {
  let healthy = false;
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/health' && healthy ? 200 : 503;
    res.end();
  });
  const port = await listen(server);
  const stop = new AbortController();
  try {
    const r = readinessFor(hc('http:8000/health'));
    const before = systemClock.now();
    const ready = r.ready(waitContext(port, stop));
    assert.equal(await settled(ready, 60), PENDING);
    assert.match(r.describeWait(), /^last answer on port 8000\/health: HTTP 503$/);
    healthy = true;
    const at = await settled(ready, 2000);
    assert.ok(typeof at === 'number' && at > before && at <= systemClock.now());
    assert.ok(r.attempts() >= 2, `attempts ${r.attempts()}`);
  } finally {
    stop.abort();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('http and tcp: nothing listening is "not yet", named in the wait description; stopping ends the attempts', async () => {
  const port = await freePort();
  const cases: [string, RegExp][] = [
    ['http:9000/v2/health/ready', /^last answer on port 9000\/v2\/health\/ready: ECONNREFUSED$/],
    ['tcp:9001', /^last attempt on port 9001: ECONNREFUSED$/],
  ];
  for (const [text, want] of cases) {
    const r: ReadinessStrategy = readinessFor(hc(text));
    assert.equal(r.describeWait().endsWith('no attempt yet'), true, text);
    const stop = new AbortController();
    try {
      assert.equal(await settled(r.ready(waitContext(port, stop)), 60), PENDING, text);
      assert.match(r.describeWait(), want);
    } finally {
      stop.abort();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    const made = r.attempts();
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(r.attempts(), made, `${text}: no attempts after stop`);
  }
});

test('tcp: ready at the accepted connection of a listening server', async () => {
  const sockets: net.Socket[] = [];
  // A listening process keeps the connection open (Docker's proxy closes it when nothing listens).
  const server = net.createServer((socket) => sockets.push(socket));
  const port = await listen(server);
  const stop = new AbortController();
  try {
    const r = readinessFor(hc('tcp:8001'));
    const before = systemClock.now();
    const at = await settled(r.ready(waitContext(port, stop)), 2000);
    assert.ok(typeof at === 'number' && at >= before, String(at));
    assert.equal(r.attempts(), 1);
  } finally {
    stop.abort();
    await new Promise((resolve) => {
      server.close(resolve);
      for (const s of sockets) s.destroy();
    });
  }
});

test('a probing kind without a target is our bug, not a wait', async () => {
  await assert.rejects(readinessFor(hc('tcp:1')).ready(waitContext(undefined, new AbortController())), /no probe target/);
});

const image = (exposedPorts: string[], hasHealthcheck: boolean): ImageShape => ({ reference: 'app:1', exposedPorts, hasHealthcheck });

// [health check, image, the preflight message or undefined]
const imageCases: [string, ImageShape, string | undefined][] = [
  ['docker', image([], false), 'Input "health-check" has value "docker": image app:1 has no HEALTHCHECK; add one to its Dockerfile or use http:, tcp: or log:'],
  ['docker', image([], true), undefined],
  ['http:8000/health', image(['8000/tcp'], false), undefined],
  ['http:8000/health', image([], false), undefined],
  ['http:8000/health', image(['8001/tcp', '9000/tcp'], false), 'Input "health-check" has value "http:8000/health": image app:1 does not expose port 8000/tcp (it exposes 8001/tcp, 9000/tcp)'],
  ['tcp:8001', image(['8000/tcp'], true), 'Input "health-check" has value "tcp:8001": image app:1 does not expose port 8001/tcp (it exposes 8000/tcp)'],
  ['log:ready', image(['8000/tcp'], false), undefined],
];

test('preflight: the health check must be one the image can answer, in the same words as before', () => {
  for (const [text, shape, want] of imageCases) {
    const local: LocalImage = { facts: { reference: shape.reference, id: 'sha256:x', sizeBytes: 1, layers: 1 }, exposedPorts: [...shape.exposedPorts], hasHealthcheck: shape.hasHealthcheck, env: [] };
    if (want === undefined) assert.doesNotThrow(() => checkHealthAgainstImage(hc(text), local), text);
    else assert.throws(() => checkHealthAgainstImage(hc(text), local), { name: 'ConfigError', message: want }, text);
  }
});
