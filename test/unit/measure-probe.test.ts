// probeHttp and probeTcp (measure/probe.ts) against real local servers (node:http, node:net):
// what one attempt decides for each way a server can answer, and when it says it decided.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { probeHttp, probeTcp, type ProbeResult } from '../../src/measure/probe.ts';

const now = () => performance.now();
const HOST = '127.0.0.1';

async function listen(server: net.Server): Promise<number> {
  server.listen(0, HOST);
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

/** Runs fn against a server, then closes it (and any connection it still holds). */
async function withServer<T>(server: net.Server | http.Server, fn: (port: number) => Promise<T>): Promise<T> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  try {
    return await fn(port);
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  s.close();
  await once(s, 'close');
  return port;
}

const httpTarget = (port: number, timeoutMs = 1000) => ({ host: HOST, port, path: '/health', timeoutMs });
const tcpTarget = (port: number, settleMs = 30, timeoutMs = 1000) => ({ host: HOST, port, settleMs, timeoutMs });

function timed(p: () => Promise<ProbeResult>): Promise<ProbeResult & { began: number; ended: number }> {
  const began = now();
  return p().then((r) => ({ ...r, began, ended: now() }));
}

// --- probeHttp -----------------------------------------------------------------------------

const statusCases: { status: number; ready: boolean }[] = [
  { status: 200, ready: true },
  { status: 204, ready: true },
  { status: 299, ready: true },
  { status: 301, ready: false },
  { status: 404, ready: false },
  { status: 500, ready: false },
  { status: 503, ready: false },
];

for (const c of statusCases) {
  test(`probeHttp: HTTP ${c.status} -> ready ${c.ready}`, async () => {
    const server = http.createServer((_req, res) => res.writeHead(c.status).end());
    const r = await withServer(server, (port) => timed(() => probeHttp(httpTarget(port), now)));
    assert.equal(r.ready, c.ready);
    assert.equal(r.detail, `HTTP ${c.status}`);
    assert.ok(r.at >= r.began && r.at <= r.ended, `at ${r.at} within the call`);
  });
}

test('probeHttp: asks for the path, names the host, and closes each connection', async () => {
  const seen: { url?: string; host?: string; connection?: string; method?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url, host: req.headers.host, connection: req.headers.connection, method: req.method });
    res.writeHead(200).end();
  });
  await withServer(server, async (port) => {
    await probeHttp({ ...httpTarget(port), path: '/v2/health/ready?x=1' }, now);
    assert.deepEqual(seen, [{ url: '/v2/health/ready?x=1', host: `${HOST}:${port}`, connection: 'close', method: 'GET' }]);
  });
});

test('probeHttp: refused -> not ready, ECONNREFUSED', async () => {
  const r = await probeHttp(httpTarget(await closedPort()), now);
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: false, detail: 'ECONNREFUSED' });
});

test('probeHttp: 503 while loading, then 200: each attempt says what it saw', async () => {
  let n = 0;
  const server = http.createServer((_req, res) => res.writeHead(++n <= 2 ? 503 : 200).end());
  const details = await withServer(server, async (port) => {
    const out: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await probeHttp(httpTarget(port), now);
      out.push(`${r.ready} ${r.detail}`);
      if (r.ready) break;
    }
    return out;
  });
  assert.deepEqual(details, ['false HTTP 503', 'false HTTP 503', 'true HTTP 200']);
});

test('probeHttp: an answer slower than the timeout -> not ready, at the timeout', async () => {
  const server = http.createServer((_req, res) => setTimeout(() => res.writeHead(200).end(), 600));
  const r = await withServer(server, (port) => timed(() => probeHttp(httpTarget(port, 60), now)));
  assert.equal(r.ready, false);
  assert.equal(r.detail, 'no answer within 60 ms');
  assert.ok(r.ended - r.began >= 55 && r.ended - r.began < 500, `gave up after ${r.ended - r.began} ms`);
});

test('probeHttp: a fractional timeout is named rounded to 0.1 ms', async () => {
  const server = net.createServer(() => undefined);
  const r = await withServer(server, (port) => probeHttp(httpTarget(port, 12.345), now));
  assert.equal(r.detail, 'no answer within 12.3 ms');
});

test('probeHttp: accepted, then closed without an answer (the Docker proxy, nothing listening yet)', async () => {
  const server = net.createServer((s) => s.end());
  const r = await withServer(server, (port) => probeHttp(httpTarget(port), now));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: false, detail: 'connection closed without an answer' });
});

test('probeHttp: accepted, then reset -> not ready, ECONNRESET', async () => {
  const server = net.createServer((s) => s.resetAndDestroy());
  const r = await withServer(server, (port) => probeHttp(httpTarget(port), now));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: false, detail: 'ECONNRESET' });
});

test('probeHttp: something that is not HTTP -> not ready, said so', async () => {
  const server = net.createServer((s) => s.write('SSH-2.0-OpenSSH_9.6\r\n'));
  const r = await withServer(server, (port) => probeHttp(httpTarget(port), now));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: false, detail: 'not an HTTP answer' });
});

test('probeHttp: a status line split across packets is read whole; ready is when it completed', async () => {
  let secondAt = Number.NaN;
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    s.once('data', () => {
      s.write('HTTP/1.1 2');
      setTimeout(() => {
        secondAt = now();
        s.write('00 OK\r\ncontent-length: 0\r\n\r\n');
      }, 40);
    });
  });
  const r = await withServer(server, (port) => probeHttp(httpTarget(port), now));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: true, detail: 'HTTP 200' });
  assert.ok(r.at >= secondAt, `ready at ${r.at}, second part sent at ${secondAt}`);
});

for (const [line, ready, detail] of [
  ['HTTP/1.0 200 OK', true, 'HTTP 200'],
  ['HTTP/2 200', true, 'HTTP 200'],
  ['HTTP/1.1 503 Service Unavailable', false, 'HTTP 503'],
] as const) {
  test(`probeHttp: status line "${line}"`, async () => {
    const server = net.createServer((s) => s.once('data', () => s.end(`${line}\r\n\r\n`)));
    const r = await withServer(server, (port) => probeHttp(httpTarget(port), now));
    assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready, detail });
  });
}

// --- probeTcp ------------------------------------------------------------------------------

test('probeTcp: refused -> not ready, ECONNREFUSED', async () => {
  const r = await probeTcp(tcpTarget(await closedPort()), now);
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: false, detail: 'ECONNREFUSED' });
});

test('probeTcp: a connection that stays open is ready after the settle window, dated at the connect', async () => {
  const server = net.createServer(() => undefined);
  const r = await withServer(server, (port) => timed(() => probeTcp(tcpTarget(port, 80), now)));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: true, detail: 'connected' });
  assert.ok(r.ended - r.began >= 75, `decided after ${r.ended - r.began} ms, before the 80 ms window`);
  assert.ok(r.ended - r.at >= 75, `ready dated ${r.ended - r.at} ms before the decision, expected the connect time`);
});

test('probeTcp: accepted then closed within the settle window (the proxy, nothing listening) -> not ready', async () => {
  const server = net.createServer((s) => setTimeout(() => s.end(), 10));
  const r = await withServer(server, (port) => probeTcp(tcpTarget(port, 150), now));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: false, detail: 'closed by the proxy (nothing listening yet)' });
});

test('probeTcp: accepted then reset within the settle window -> not ready, ECONNRESET', async () => {
  const server = net.createServer((s) => setTimeout(() => s.resetAndDestroy(), 10));
  const r = await withServer(server, (port) => probeTcp(tcpTarget(port, 150), now));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: false, detail: 'ECONNRESET' });
});

test('probeTcp: closed only after the settle window -> ready', async () => {
  const server = net.createServer((s) => setTimeout(() => s.end(), 200));
  const r = await withServer(server, (port) => probeTcp(tcpTarget(port, 30), now));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: true, detail: 'connected' });
});

test('probeTcp: a greeting (redis, ssh) is ready at once, without waiting out the window', async () => {
  const server = net.createServer((s) => s.write('+OK\r\n'));
  const r = await withServer(server, (port) => timed(() => probeTcp(tcpTarget(port, 2000), now)));
  assert.deepEqual({ ready: r.ready, detail: r.detail }, { ready: true, detail: 'connected' });
  assert.ok(r.ended - r.began < 1000, `waited ${r.ended - r.began} ms`);
  assert.ok(r.at <= r.ended && r.at >= r.began);
});

test(
  'probeTcp: an attempt timeout shorter than the settle window does not call an open connection "no connection"',
  async () => {
    const server = net.createServer(() => undefined);
    const r = await withServer(server, (port) => probeTcp(tcpTarget(port, 150, 40), now));
    assert.doesNotMatch(r.detail, /no connection/);
  },
);
