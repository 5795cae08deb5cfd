// Readiness probes run from the runner against the published port. One attempt each call;
// the start loop decides when to try again. Refused or reset connections mean "not yet".
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

/**
 * One GET on a fresh connection (no keep-alive: each attempt is what a new client would see).
 * Written on a raw socket rather than node:http: an attempt runs every 2 ms while a server
 * starts, and the status line is all it needs; node:http's agent, parser and objects cost about
 * twice the CPU per attempt (docs/benchmarks.md), CPU the measured container competes for.
 */
export function probeHttp(t: HttpProbeTarget, now: () => number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: t.host, port: t.port });
    let head = '';
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ready: false, at: now(), detail: `no answer within ${Math.round(t.timeoutMs * 10) / 10} ms` }), t.timeoutMs);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      socket.write(`GET ${t.path} HTTP/1.1\r\nHost: ${t.host}:${t.port}\r\nUser-Agent: startup-sla\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      const at = now();
      head += chunk.toString('latin1', 0, Math.min(chunk.length, 64));
      const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head);
      if (status) finish({ ready: status[1]?.startsWith('2') ?? false, at, detail: `HTTP ${status[1]}` });
      else if (head.length >= 16) finish({ ready: false, at, detail: 'not an HTTP answer' });
    });
    // Docker's proxy accepts, then closes when nothing listens in the container yet.
    socket.on('end', () => finish({ ready: false, at: now(), detail: 'connection closed without an answer' }));
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ ready: false, at: now(), detail: e.code ?? e.message }));
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
      // The idle timeout is for connecting; once connected, only the settle window decides.
      socket.setTimeout(0);
      settle = setTimeout(() => finish({ ready: true, at: connectedAt ?? now(), detail: 'connected' }), t.settleMs);
    });
    socket.on('data', () => finish({ ready: true, at: connectedAt ?? now(), detail: 'connected' }));
    socket.on('end', () => finish({ ready: false, at: now(), detail: 'closed by the proxy (nothing listening yet)' }));
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ ready: false, at: now(), detail: e.code ?? e.message }));
  });
}
