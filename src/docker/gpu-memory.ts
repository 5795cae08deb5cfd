// GPU memory by process, from NVML through nvidia-smi on this machine: the pids it lists are
// host pids, so the container's processes are found among them by their host pid.
import { execFile } from 'node:child_process';
import { errorMessage } from '../util/errors.ts';

export interface ComputeApp {
  pid: number;
  usedMiB: number;
}

export const COMPUTE_APPS_ARGS = ['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits'];

/**
 * `nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits`: one
 * "pid, MiB" line per process and GPU (a process on two GPUs has two lines). Lines that are not
 * two numbers ("[N/A]" where the driver hides the figure, "No running processes found") are
 * skipped; `skipped` says how many, so a hidden figure is not read as zero.
 */
export function parseComputeApps(text: string): { apps: ComputeApp[]; skipped: number } {
  const apps: ComputeApp[] = [];
  let skipped = 0;
  for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    const m = /^(\d+)\s*,\s*(\d+(?:\.\d+)?)$/.exec(line);
    if (m) apps.push({ pid: Number(m[1]), usedMiB: Number(m[2]) });
    else if (!/^no running processes found$/i.test(line)) skipped++;
  }
  return { apps, skipped };
}

/** What the given pids hold, summed over every GPU. */
export function sumForPids(apps: readonly ComputeApp[], pids: readonly number[]): { usedMiB: number; processes: number } {
  const mine = new Set(pids);
  const hits = apps.filter((a) => mine.has(a.pid));
  return { usedMiB: hits.reduce((sum, a) => sum + a.usedMiB, 0), processes: new Set(hits.map((a) => a.pid)).size };
}

/** Runs nvidia-smi; absent or failing, it says why instead of throwing. */
export function queryComputeApps(command = 'nvidia-smi', timeoutMs = 10_000): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    execFile(command, COMPUTE_APPS_ARGS, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, text: stdout });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return resolve({ ok: false, reason: `${command} is not installed on this machine` });
      resolve({ ok: false, reason: `${command} failed: ${(stderr.trim().split('\n')[0] ?? '') || errorMessage(error)}` });
    });
  });
}
