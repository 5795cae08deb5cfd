// Readiness probes run from the runner against the published port. One attempt each call;
// the start loop decides when to try again. Refused or reset connections mean "not yet".
import http from 'node:http';
import net from 'node:net';

export interface ProbeResult {
  ready: boolean;
  /** Monotonic time the deciding answer arrived (the first 2xx byte, or the accepted connect). */
  at: number;
  /** What was seen, for the error when the start never becomes ready. */
  detail: string;
}

export interface HttpProbeTarget {
  host: string;
  port: number;
  path: string;
  timeoutMs: number;
}

/** One GET. No keep-alive: every attempt is a new connection, as a fresh client would make. */
export function probeHttp(t: HttpProbeTarget, now: () => number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: t.host, port: t.port, path: t.path, method: 'GET', agent: false, timeout: t.timeoutMs, headers: { connection: 'close', 'user-agent': 'startup-sla' } },
      (res) => {
        const at = now();
        const status = res.statusCode ?? 0;
        res.resume();
        resolve({ ready: status >= 200 && status < 300, at, detail: `HTTP ${status}` });
        req.destroy();
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${t.timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ ready: false, at: now(), detail: e.code ?? e.message }));
    req.end();
  });
}

export interface TcpProbeTarget {
  host: string;
  port: number;
  timeoutMs: number;
  /**
   * Docker's userland proxy accepts on the published port before it dials the container, then
   * closes when the container refuses. A connection still open after this window reached a
   * listening process; the ready time is still the moment it connected.
   */
  settleMs: number;
}

export function probeTcp(t: TcpProbeTarget, now: () => number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: t.host, port: t.port });
    let connectedAt: number | undefined;
    let settle: NodeJS.Timeout | undefined;
    const finish = (r: ProbeResult) => {
      clearTimeout(settle);
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(t.timeoutMs, () => finish({ ready: false, at: now(), detail: `no connection within ${t.timeoutMs} ms` }));
    socket.on('connect', () => {
      connectedAt = now();
      settle = setTimeout(() => finish({ ready: true, at: connectedAt ?? now(), detail: 'connected' }), t.settleMs);
    });
    socket.on('data', () => finish({ ready: true, at: connectedAt ?? now(), detail: 'connected' }));
    socket.on('end', () => finish({ ready: false, at: now(), detail: 'closed by the proxy (nothing listening yet)' }));
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ ready: false, at: now(), detail: e.code ?? e.message }));
  });
}
