// Where a container's memory can be read on this machine: its cgroup (found from the pid the
// daemon gives, through /proc/<pid>/cgroup, so the systemd and cgroupfs drivers and any
// cgroup-parent all work), or the daemon's one-shot stats. The choice between them is
// measure/cost.ts's; this file only reads.
import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../util/errors.ts';

export interface CgroupLocation {
  version: 1 | 2;
  /** The cgroup's path below its hierarchy's root, e.g. /docker/<id> or /system.slice/docker-<id>.scope. */
  path: string;
}

/**
 * The memory cgroup of a process from its /proc/<pid>/cgroup. A v1 `memory` controller line
 * wins: on a hybrid host the unified (`0::`) hierarchy exists but accounts no memory.
 * https://docs.kernel.org/admin-guide/cgroup-v2.html#processes
 */
export function parseProcCgroup(text: string): CgroupLocation | undefined {
  let unified: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, id, controllers = '', path = ''] = m;
    if (controllers.split(',').includes('memory')) return { version: 1, path };
    if (id === '0' && controllers === '') unified = path;
  }
  return unified === undefined ? undefined : { version: 2, path: unified };
}

/** The files that hold the peak and the processes of a cgroup (v1 memory hierarchy, or v2). */
export function cgroupFiles(loc: CgroupLocation, root = '/sys/fs/cgroup'): { peak: string; procs: string } {
  const dir = loc.version === 1 ? `${root}/memory${loc.path}` : `${root}${loc.path}`;
  return { peak: `${dir}/${loc.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak'}`, procs: `${dir}/cgroup.procs` };
}

/** The host pid of a container's first process, as the daemon knows it (0 when not running). */
export async function containerPid(docker: Docker, id: string): Promise<number> {
  const info = await docker.getContainer(id).inspect();
  return info.State.Pid;
}

/** What a file holds, or why it could not be read (ENOENT: an older kernel without memory.peak). */
export async function readText(path: string): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (e: unknown) {
    return { ok: false, reason: `${path}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}` };
  }
}

/**
 * The daemon's own figure: `one-shot` answers at once instead of waiting a second for a
 * second CPU sample (API 1.41+). cgroup v1 hosts give max_usage (a peak); v2 hosts only usage.
 * https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerStats
 */
export async function daemonMemory(docker: Docker, id: string): Promise<{ maxUsage?: number; usage?: number }> {
  const stats = await docker.getContainer(id).stats({ stream: false, 'one-shot': true });
  const m = stats.memory_stats as { max_usage?: number; usage?: number } | undefined;
  return { ...(m?.max_usage ? { maxUsage: m.max_usage } : {}), ...(m?.usage ? { usage: m.usage } : {}) };
}

/** The container's host pids as the daemon lists them (docker top), for a daemon without a readable cgroup. */
export async function topPids(docker: Docker, id: string): Promise<number[]> {
  const top = (await docker.getContainer(id).top()) as { Titles?: string[]; Processes?: string[][] };
  const column = (top.Titles ?? []).indexOf('PID');
  if (column < 0) return [];
  return (top.Processes ?? []).map((p) => Number(p[column])).filter((n) => Number.isInteger(n) && n > 0);
}

/** cgroup.procs: one pid a line. */
export function parsePids(text: string): number[] {
  return text
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}
