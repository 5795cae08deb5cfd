// The edge to the Docker Engine: found the way the docker CLI finds it.
import Docker from 'dockerode';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, errorMessage, HostError, isUserError } from '../util/errors.ts';
import { isSocketPermissionDenied, SOCKET_PERMISSION_HINT } from './host-errors.ts';

/** The daemon client: handed to the classes of src/docker (containers.ts, images.ts, builds.ts), which make its calls. */
export type DockerClient = Docker;

export interface DockerEndpoint {
  docker: DockerClient;
  /** Where published ports are reachable from here: the daemon's host, not always localhost. */
  probeHost: string;
  /** True when the daemon runs on this machine (unix socket or a loopback TCP address). */
  local: boolean;
  description: string;
}

const HOST_FORMS = 'expected unix:///path, tcp://host:port or ssh://user@host';

/**
 * Where published ports are reached, from DOCKER_HOST: a local daemon publishes on this
 * machine's loopback; a remote one (Docker-in-Docker sidecar, a build host) on its own address.
 */
export function resolveEndpoint(dockerHost: string): Omit<DockerEndpoint, 'docker'> {
  const host = dockerHost.trim();
  if (host === '' || host.startsWith('unix://') || host.startsWith('npipe://')) {
    return { probeHost: '127.0.0.1', local: true, description: host || 'unix:///var/run/docker.sock' };
  }
  let hostname: string;
  try {
    hostname = new URL(host).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    throw new ConfigError(`DOCKER_HOST has value "${host}": not a URL (${HOST_FORMS})`);
  }
  if (hostname === '') throw new ConfigError(`DOCKER_HOST has value "${host}": no host name (${HOST_FORMS})`);
  const local = hostname === 'localhost' || hostname === '::1' || hostname.startsWith('127.');
  return { probeHost: local ? '127.0.0.1' : hostname, local, description: host };
}

/**
 * The daemon as the docker CLI finds it: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH.
 * docker-modem reads them from process.env too, but the CLI's default certificate folder
 * (~/.docker) is not docker-modem's.
 */
export function connectDocker(): DockerEndpoint {
  const where = resolveEndpoint(process.env.DOCKER_HOST ?? '');
  if (process.env.DOCKER_TLS_VERIFY === '1' && !process.env.DOCKER_CERT_PATH) process.env.DOCKER_CERT_PATH = join(homedir(), '.docker');
  try {
    return { docker: new Docker(), ...where };
  } catch (e: unknown) {
    throw new ConfigError(`DOCKER_HOST has value "${where.description}": ${errorMessage(e)} (${HOST_FORMS})`);
  }
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
    if (isSocketPermissionDenied(e)) {
      throw new HostError(`Docker daemon at ${endpoint.description} refused this user (${errorMessage(e)}); ${SOCKET_PERMISSION_HINT}`, SOCKET_PERMISSION_HINT);
    }
    throw new HostError(
      `Docker daemon at ${endpoint.description} is not reachable (${errorMessage(e)}); start Docker or set DOCKER_HOST to a running daemon`,
      'start Docker on the runner, or set DOCKER_HOST to a running daemon (unix:///path, tcp://host:port or ssh://user@host)',
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
  // Our own errors only quote what they saw (a probe's "socket hang up" is the container's).
  if (isUserError(e)) return false;
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
