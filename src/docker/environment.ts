// Facts about where the measurement ran: they decide whether two results can be compared.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Environment, GpuFacts } from '../model.ts';
import type { DockerEndpoint } from './client.ts';

const run = promisify(execFile);

export async function collectEnvironment(endpoint: DockerEndpoint, env: NodeJS.ProcessEnv = process.env): Promise<Environment> {
  const [version, info, gpus, cpuModel] = await Promise.all([
    endpoint.docker.version(),
    endpoint.docker.info() as Promise<Record<string, unknown>>,
    endpoint.local ? queryGpus() : Promise.resolve([]),
    endpoint.local ? localCpuModel() : Promise.resolve(''),
  ]);
  // Not RUNNER_NAME: machines of one pool are meant to be interchangeable, so they compare.
  const labels = [env.RUNNER_OS, env.RUNNER_ARCH, env.RUNNER_ENVIRONMENT].filter((x): x is string => !!x);
  return {
    dockerVersion: version.Version,
    dockerApiVersion: version.ApiVersion,
    dockerHost: endpoint.description,
    os: String(info.OperatingSystem ?? version.Os),
    kernel: String(info.KernelVersion ?? version.KernelVersion),
    cpuModel: cpuModel || os.cpus()[0]?.model || 'unknown',
    cpuCount: Number(info.NCPU ?? os.cpus().length),
    memoryBytes: Number(info.MemTotal ?? os.totalmem()),
    runnerLabels: labels,
    gpus,
  };
}

async function localCpuModel(): Promise<string> {
  const text = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? '';
}

/** nvidia-smi is the driver's own tool; absent means no NVIDIA GPU to report. */
export async function queryGpus(): Promise<GpuFacts[]> {
  try {
    const { stdout } = await run('nvidia-smi', ['--query-gpu=name,driver_version,persistence_mode,compute_cap,memory.total', '--format=csv,noheader,nounits'], { timeout: 10_000 });
    const cuda = await run('nvidia-smi', [], { timeout: 10_000 }).then((r) => /CUDA Version:\s*([\d.]+)/.exec(r.stdout)?.[1], () => undefined);
    return parseGpuCsv(stdout, cuda);
  } catch {
    return [];
  }
}

export function parseGpuCsv(csv: string, cudaVersion?: string): GpuFacts[] {
  return csv
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', driverVersion = '', persistenceMode, computeCapability, memory] = line.split(',').map((s) => s.trim());
      const gpu: GpuFacts = { name, driverVersion };
      if (persistenceMode) gpu.persistenceMode = persistenceMode;
      if (computeCapability) gpu.computeCapability = computeCapability;
      if (memory && /^\d+$/.test(memory)) gpu.memoryMiB = Number(memory);
      if (cudaVersion) gpu.cudaVersion = cudaVersion;
      return gpu;
    });
}
