// What readiness cost, read right after a start is ready (off the timed path): the container's
// host memory and its GPU memory. Which source is used is decided here, best first:
//   1. the container's own cgroup on this machine: v2 memory.peak (kernel 5.19+) or v1
//      memory.max_usage_in_bytes, both the highest since the container was created;
//   2. the daemon's one-shot stats: max_usage on cgroup v1 hosts (a peak), usage on v2 (not a peak);
//   3. nothing, with the reason.
// A remote daemon (DOCKER_HOST tcp://) only has 2: its cgroups are on another machine.
// GPU memory: nvidia-smi on this machine, summed over the container's host pids. Never an error:
// a missing reading is recorded with its reason and the limits say they were not checked.
import type { DockerClient } from '../docker/client.ts';
import { parseComputeApps, queryComputeApps, sumForPids } from '../docker/gpu-memory.ts';
import { cgroupFiles, containerPid, daemonMemory, parsePids, parseProcCgroup, readText, topPids } from '../docker/memory.ts';
import type { GpuMemoryReading, MemoryReading, Sample } from '../model.ts';
import { errorMessage } from '../util/errors.ts';

const MIB = 1024 * 1024;

type TextRead = { ok: true; text: string } | { ok: false; reason: string };

/** The machine and daemon reads this decision needs; tests give their own. */
export interface HostReads {
  pid(containerId: string): Promise<number>;
  readText(path: string): Promise<TextRead>;
  daemonMemory(containerId: string): Promise<{ maxUsage?: number; usage?: number }>;
  topPids(containerId: string): Promise<number[]>;
  computeApps(): Promise<TextRead>;
}

export function dockerHostReads(docker: DockerClient): HostReads {
  return {
    pid: (id) => containerPid(docker, id),
    readText,
    daemonMemory: (id) => daemonMemory(docker, id),
    topPids: (id) => topPids(docker, id),
    computeApps: () => queryComputeApps(),
  };
}

export interface CostOptions {
  /** The daemon runs on this machine: its cgroups and GPUs are readable here. */
  local: boolean;
  /** The target has `gpus`: read GPU memory too. */
  gpus: boolean;
  cgroupRoot?: string;
}

/** The `afterReady` of a start plan: memory always, GPU memory for targets with GPUs. */
export function readinessCost(reads: HostReads, options: CostOptions): (containerId: string) => Promise<Partial<Sample>> {
  return async (containerId) => {
    const { memory, procsFile } = await readMemory(reads, containerId, options);
    if (!options.gpus) return { memory };
    return { memory, gpuMemory: await readGpuMemory(reads, containerId, options.local, procsFile) };
  };
}

async function readMemory(reads: HostReads, id: string, options: CostOptions): Promise<{ memory: MemoryReading; procsFile?: string }> {
  const why: string[] = [];
  if (!options.local) why.push('remote Docker daemon: its cgroups are on another machine');
  else {
    const cgroup = await fromCgroup(reads, id, options.cgroupRoot);
    if ('memory' in cgroup) return cgroup;
    why.push(cgroup.reason);
  }
  try {
    const d = await reads.daemonMemory(id);
    // Said with the figure: why the better source was not used.
    const reason = why.length > 0 ? { reason: why.join('; ') } : {};
    if (d.maxUsage !== undefined) return { memory: { bytes: d.maxUsage, peak: true, source: 'daemon-stats-max_usage', ...reason } };
    if (d.usage !== undefined) return { memory: { bytes: d.usage, peak: false, source: 'daemon-stats-usage', ...reason } };
    why.push('the daemon stats hold no memory figure');
  } catch (e: unknown) {
    why.push(`daemon stats: ${errorMessage(e)}`);
  }
  return { memory: { bytes: null, peak: false, source: 'unavailable', reason: why.join('; ') } };
}

async function fromCgroup(reads: HostReads, id: string, root: string | undefined): Promise<{ memory: MemoryReading; procsFile: string } | { reason: string }> {
  let pid: number;
  try {
    pid = await reads.pid(id);
  } catch (e: unknown) {
    return { reason: `inspect: ${errorMessage(e)}` };
  }
  if (!(pid > 0)) return { reason: 'the daemon gave no pid for the container' };
  const proc = await reads.readText(`/proc/${pid}/cgroup`);
  if (!proc.ok) return { reason: proc.reason };
  const loc = parseProcCgroup(proc.text);
  // Another pid namespace (the runner in a container) shows some other process under that pid.
  if (!loc || !loc.path.includes(id)) return { reason: `/proc/${pid}/cgroup is not the container's cgroup (this process is in another pid or cgroup namespace)` };
  const files = cgroupFiles(loc, root);
  const peak = await reads.readText(files.peak);
  if (!peak.ok) return { reason: loc.version === 2 ? `${peak.reason} (memory.peak needs kernel 5.19+)` : peak.reason };
  const bytes = Number(peak.text.trim());
  if (!Number.isFinite(bytes)) return { reason: `${files.peak} holds "${peak.text.trim().slice(0, 40)}"` };
  return { memory: { bytes, peak: true, source: loc.version === 2 ? 'cgroup2-memory.peak' : 'cgroup1-memory.max_usage_in_bytes' }, procsFile: files.procs };
}

async function readGpuMemory(reads: HostReads, id: string, local: boolean, procsFile: string | undefined): Promise<GpuMemoryReading> {
  const unavailable = (reason: string): GpuMemoryReading => ({ bytes: null, processes: 0, source: 'unavailable', reason });
  if (!local) return unavailable('remote Docker daemon: nvidia-smi here does not see its GPUs');
  let pids: number[];
  try {
    const procs = procsFile ? await reads.readText(procsFile) : undefined;
    pids = procs?.ok ? parsePids(procs.text) : await reads.topPids(id);
  } catch (e: unknown) {
    return unavailable(`the container's processes could not be listed: ${errorMessage(e)}`);
  }
  const query = await reads.computeApps();
  if (!query.ok) return unavailable(query.reason);
  const { apps, skipped } = parseComputeApps(query.text);
  const sum = sumForPids(apps, pids);
  if (sum.processes === 0 && skipped > 0) return unavailable(`nvidia-smi hides the per-process figures (${skipped} line(s) without a number)`);
  const reading: GpuMemoryReading = { bytes: sum.usedMiB * MIB, processes: sum.processes, source: 'nvidia-smi' };
  if (sum.processes === 0 && apps.length > 0) reading.reason = `nvidia-smi listed ${apps.length} process(es), none of the container's ${pids.length}`;
  return reading;
}
