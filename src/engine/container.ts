// Runs one short-lived job container (trtexec --help, an engine build) and returns its exit
// code and output lines. Labelled as the run's (docker/labels.ts) so a crashed run's leftovers
// can be found, and always removed. No network: a builder needs none, and the GPU machines'
// daemons run with --bridge=none (../shared/gpu-docker/README.md).
import type { Readable } from 'node:stream';
import type { DockerClient } from '../docker/client.ts';
import { Containers } from '../docker/containers.ts';
import { Demux } from '../docker/demux.ts';
import { mergeEnv, type GpuContainerOptions } from '../docker/gpu.ts';
import { LineSink, lineText } from '../measure/log-lines.ts';
import { EngineBuildError, tail } from './errors.ts';

export interface ContainerJob {
  image: string;
  cmd: string[];
  env?: string[];
  binds?: string[];
  gpu: GpuContainerOptions;
  runId: string;
  /** Labels beside the run's own (its role). */
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

/** trtexec prints long layer dumps; a line past this is cut with a mark rather than kept whole. */
const MAX_LINE_BYTES = 64 * 1024;

export async function runContainerJob(docker: DockerClient, job: ContainerJob): Promise<ContainerJobResult> {
  const started = performance.now();
  const container = await new Containers(docker).create(job.runId, job.labels, {
    Image: job.image,
    Cmd: job.cmd,
    Env: mergeEnv(job.env ?? [], job.gpu.Env),
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
  try {
    // Attach before start: a container that exits at once would otherwise lose its output.
    const { lines, done } = collectLines(await container.attach(), job.maxLines ?? 20_000, job.onLine);
    await container.start();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), job.timeoutMs);
    });
    const waited = await Promise.race([container.wait(), timedOut]);
    clearTimeout(timer);
    if (waited === 'timeout') {
      await container.kill().catch(() => undefined);
      throw new EngineBuildError(`${job.image} ${job.cmd[0] ?? ''} did not finish within ${job.timeoutMs} ms (build-timeout-ms); it was stopped`, tail(lines));
    }
    // The exit can be reported before the last frames are read; give them a moment.
    await Promise.race([done, new Promise((r) => setTimeout(r, 2000))]);
    return { exitCode: waited.StatusCode, lines, durationMs: performance.now() - started };
  } finally {
    await container.remove({ volumes: false }).catch(() => undefined);
  }
}

/** The job's output as lines, stdout and stderr each split on its own; the oldest dropped past `max`. */
function collectLines(stream: Readable, max: number, onLine: ((line: string) => void) | undefined): { lines: string[]; done: Promise<void> } {
  const lines: string[] = [];
  const sink = () =>
    new LineSink({
      maxLineBytes: MAX_LINE_BYTES,
      onLine: (bytes, cut) => {
        const line = lineText(bytes, cut, MAX_LINE_BYTES);
        lines.push(line);
        if (lines.length > max) lines.shift();
        onLine?.(line);
      },
    });
  // A partial line of one stream never joins the other's.
  const out = sink();
  const err = sink();
  const demux = new Demux((b) => out.write(b, 0), (b) => err.write(b, 0));
  stream.on('data', (chunk: Buffer) => demux.push(chunk));
  const done = new Promise<void>((resolve) => {
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      out.end(0);
      err.end(0);
      resolve();
    };
    stream.once('end', finish);
    stream.once('close', finish);
  });
  return { lines, done };
}
