// What crashed runs left behind (a runner killed mid-run, a daemon down during the post step),
// removed at the start of the next run: testcontainers' Ryuk idea without a sidecar. Only
// containers carrying our run label are ever looked at, and of those only the ones whose run is
// over: created by a process on this machine that no longer exists, or older than REAP_AGE_MS
// (no job on GitHub's runners lasts longer than 6 h, so a container that old has no owner).
import type Docker from 'dockerode';
import { hostname } from 'node:os';
import { HOST_LABEL, PID_LABEL, RUN_LABEL } from './labels.ts';
import { statusOf } from './client.ts';

export const REAP_AGE_MS = 6 * 60 * 60 * 1000;

export interface ReapOptions {
  log: (message: string) => void;
  /** This run's id: its own containers are never leftovers. */
  currentRun?: string;
  /** Only runs whose id starts with this (the post step without saved state: this workflow run's). */
  runPrefix?: string;
  /** Remove what a finished process made even when younger than the age (default true). */
  byProcess?: boolean;
  maxAgeMs?: number;
  now?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
}

/** `kill(pid, 0)` sends nothing; ESRCH means no such process, EPERM one of another user's. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type LeftoverReason = 'process-gone' | 'old';

/** Why a container of ours is a leftover, or undefined when its run may still be going on. */
export function leftoverReason(c: { Labels?: Record<string, string>; Created: number }, o: Required<Omit<ReapOptions, 'log' | 'currentRun' | 'runPrefix'>> & Pick<ReapOptions, 'currentRun' | 'runPrefix'>): LeftoverReason | undefined {
  const labels = c.Labels ?? {};
  const run = labels[RUN_LABEL];
  if (run === undefined || run === o.currentRun) return undefined;
  if (o.runPrefix !== undefined && !run.startsWith(o.runPrefix)) return undefined;
  const pid = Number(labels[PID_LABEL]);
  if (o.byProcess && labels[HOST_LABEL] === o.host && Number.isInteger(pid) && pid > 0 && !o.isAlive(pid)) return 'process-gone';
  if (o.now - c.Created * 1000 > o.maxAgeMs) return 'old';
  return undefined;
}

export async function reapLeftovers(docker: Docker, opts: ReapOptions): Promise<string[]> {
  const o = {
    byProcess: opts.byProcess ?? true,
    maxAgeMs: opts.maxAgeMs ?? REAP_AGE_MS,
    now: opts.now ?? Date.now(),
    host: opts.host ?? hostname(),
    isAlive: opts.isAlive ?? processAlive,
    currentRun: opts.currentRun,
    runPrefix: opts.runPrefix,
  };
  // The filter asks the daemon for containers that have the label at all, whatever its value.
  const all = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } });
  const removed: string[] = [];
  const counts: Record<LeftoverReason, number> = { 'process-gone': 0, old: 0 };
  for (const c of all) {
    const why = leftoverReason(c, o);
    if (why === undefined) continue;
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
    } catch (e: unknown) {
      if (statusOf(e) !== 404 && statusOf(e) !== 409) throw e;
    }
    removed.push(c.Id);
    counts[why]++;
  }
  const hours = o.maxAgeMs / 3_600_000;
  opts.log(
    removed.length === 0
      ? `no leftovers of earlier runs (checked ${all.length} container(s) with startup-sla's labels)`
      : `removed ${removed.length} container(s) left by earlier runs: ${counts['process-gone']} whose creating process has ended, ${counts.old} older than ${hours} h`,
  );
  return removed;
}
