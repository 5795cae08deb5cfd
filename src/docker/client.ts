// The edge to the Docker Engine: found the way the docker CLI finds it.
import Docker from 'dockerode';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, errorMessage } from '../util/errors.ts';

export interface DockerEndpoint {
  docker: Docker;
  /** Where published ports are reachable from here: the daemon's host, not always localhost. */
  probeHost: string;
  /** True when the daemon runs on this machine (unix socket or a loopback TCP address). */
  local: boolean;
  description: string;
}

/**
 * DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH as the CLI reads them. docker-modem reads
 * them too, but the CLI's default certificate folder (~/.docker) is not docker-modem's.
 */
export function connectDocker(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  const host = env.DOCKER_HOST?.trim() ?? '';
  if (env.DOCKER_TLS_VERIFY === '1' && !env.DOCKER_CERT_PATH) process.env.DOCKER_CERT_PATH = join(homedir(), '.docker');
  let docker: Docker;
  try {
    docker = new Docker();
  } catch (e: unknown) {
    throw new ConfigError(`DOCKER_HOST has value "${host}": ${errorMessage(e)} (expected unix:///path, tcp://host:port or ssh://user@host)`);
  }
  if (host === '' || host.startsWith('unix://') || host.startsWith('npipe://')) {
    return { docker, probeHost: '127.0.0.1', local: true, description: host || 'unix:///var/run/docker.sock' };
  }
  let hostname: string;
  try {
    hostname = new URL(host).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    throw new ConfigError(`DOCKER_HOST has value "${host}": not a URL (expected unix:///path, tcp://host:port or ssh://user@host)`);
  }
  const local = hostname === 'localhost' || hostname === '::1' || hostname.startsWith('127.');
  return { docker, probeHost: local ? '127.0.0.1' : hostname, local, description: host };
}

/** Fails fast with one clear line when no daemon answers, instead of hanging on the first call. */
export async function pingDocker(endpoint: DockerEndpoint, timeoutMs = 10_000): Promise<void> {
  const ping = endpoint.docker.ping();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ping, timeout]);
  } catch (e: unknown) {
    throw new ConfigError(
      `Docker daemon at ${endpoint.description} is not reachable (${errorMessage(e)}); start Docker or set DOCKER_HOST to a running daemon`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** dockerode errors carry the HTTP status; 404 is "no such object", which callers often expect. */
export function statusOf(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'statusCode' in e ? Number((e as { statusCode: unknown }).statusCode) : undefined;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * True when a dockerode call failed because the daemon itself is gone (stopped, restarting, its
 * socket removed), not because of what was asked: no HTTP status, a connection-level code.
 */
export function isDaemonGone(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || statusOf(e) !== undefined) return false;
  const { code, syscall } = e as { code?: unknown; syscall?: unknown };
  // A file of ours that is missing (ENOENT on open) is not the daemon.
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return syscall === undefined || ['connect', 'read', 'write', 'getaddrinfo'].includes(String(syscall));
  return /socket hang up|connect (ENOENT|ECONNREFUSED)/.test(errorMessage(e));
}

/** One line for a daemon that stopped answering mid-run. */
export function daemonGoneMessage(e: unknown): string {
  return `the Docker daemon stopped answering mid-run (${errorMessage(e).split('\n')[0]}); restart Docker and run again`;
}
