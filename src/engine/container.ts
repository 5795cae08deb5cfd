// Runs one short-lived job container (trtexec --help, an engine build) and returns its exit
// code and output lines. Labelled with the run id so a crashed run's leftovers can be found,
// and always removed. No network: a builder needs none, and the GPU machines' daemons run
// with --bridge=none (../shared/gpu-docker/README.md).
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type Dockerode from 'dockerode';
import { mergeEnv, type GpuContainerOptions } from '../docker/gpu.ts';
import { EngineBuildError, tail } from './errors.ts';

export interface ContainerJob {
  image: string;
  cmd: string[];
  env?: string[];
  binds?: string[];
  gpu: GpuContainerOptions;
  labels: Record<string, string>;
  /** uid:gid, so files written into bind mounts belong to the runner's user. */
  user?: string;
  timeoutMs: number;
  onLine?: (line: string) => void;
  /** Keep at most this many lines (the first are dropped): trtexec --verbose is long. */
  maxLines?: number;
}

export interface ContainerJobResult {
  exitCode: number;
  lines: string[];
  durationMs: number;
}

export async function runContainerJob(docker: Dockerode, job: ContainerJob): Promise<ContainerJobResult> {
  const started = performance.now();
  const container = await docker.createContainer({
    Image: job.image,
    Cmd: job.cmd,
    Env: mergeEnv(job.env ?? [], job.gpu.Env),
    Labels: job.labels,
    ...(job.user === undefined ? {} : { User: job.user }),
    Tty: false,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      ...job.gpu.HostConfig,
      Binds: [...(job.binds ?? []), ...(job.gpu.HostConfig.Binds ?? [])],
      NetworkMode: 'none',
    },
  });
  const lines: string[] = [];
  const max = job.maxLines ?? 20_000;
  try {
    // Attach before start: a container that exits at once would otherwise lose its output.
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const out = new PassThrough();
    const err = new PassThrough();
    const collect = (s: PassThrough) =>
      new Promise<void>((resolve) => {
        const rl = createInterface({ input: s, crlfDelay: Infinity });
        rl.on('line', (line) => {
          lines.push(line);
          if (lines.length > max) lines.shift();
          job.onLine?.(line);
        });
        rl.on('close', resolve);
      });
    const done = Promise.all([collect(out), collect(err)]);
    // Without a TTY the stream is multiplexed (8-byte frame headers).
    docker.modem.demuxStream(stream, out, err);
    stream.on('end', () => {
      out.end();
      err.end();
    });
    await container.start();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), job.timeoutMs);
    });
    const waited = await Promise.race([container.wait() as Promise<{ StatusCode: number }>, timedOut]);
    clearTimeout(timer);
    if (waited === 'timeout') {
      await container.kill().catch(() => undefined);
      throw new EngineBuildError(`${job.image} ${job.cmd[0] ?? ''} did not finish within ${job.timeoutMs} ms (build-timeout-ms); it was stopped`, tail(lines));
    }
    // The exit can be reported before the last frames are read; give them a moment.
    await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
    return { exitCode: waited.StatusCode, lines, durationMs: performance.now() - started };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
