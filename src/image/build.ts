// Builds the target's image with the daemon's builder from a tar of the context, tags it
// `image`, labels it as the run's, and reports time, size and layers. The stream is read
// here rather than with followProgress so each item's error is seen and the whole build has
// one deadline (STYLE.md, practice 2).
import { resolve, dirname } from 'node:path';
import { Builds } from '../docker/builds.ts';
import type { DockerClient } from '../docker/client.ts';
import type { ImageFacts } from '../model.ts';
import { daemonMessage } from '../docker/host-errors.ts';
import { packContext } from './context.ts';
import { ImageBuildError } from './errors.ts';
import { inspectLocalImage } from './inspect.ts';
import { applyItem, newProgress, splitJsonLines, type BuildProgress } from './progress.ts';
import { createdStepImages, removeIntermediates } from './intermediates.ts';

export interface ImageBuildInput {
  /** Path of the Dockerfile (relative to the working directory). */
  dockerfile: string;
  /** Context folder; the Dockerfile's folder when absent. */
  context?: string;
  buildArgs?: Record<string, string>;
  target?: string;
  /** The tag: the measured target's `image`. */
  tag: string;
  timeoutMs: number;
  runId: string;
  /** Extra labels; the run's own (docker/labels.ts) are always set. */
  labels?: Record<string, string>;
  log?: (line: string) => void;
}

export interface ImageBuildResult extends ImageFacts {
  buildMs: number;
  /** The last lines of build output, for the report's details. */
  outputTail: string[];
}

const TAIL = 30;

export async function buildImage(docker: DockerClient, input: ImageBuildInput): Promise<ImageBuildResult> {
  const contextDir = resolve(input.context ?? dirname(input.dockerfile));
  const { tar, dockerfile } = packContext(contextDir, input.dockerfile);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), input.timeoutMs);
  const progress = newProgress();
  const started = performance.now();
  try {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await new Builds(docker).start(tar, input.runId, input.labels ?? {}, {
        tag: input.tag,
        dockerfile,
        buildArgs: input.buildArgs ?? {},
        target: input.target,
        abortSignal: abort.signal,
      });
    } catch (e: unknown) {
      // A Dockerfile the daemon cannot parse is refused before any stream starts.
      throw new ImageBuildError(`image build of ${input.tag} refused by the daemon: ${daemonMessage(e)}`);
    }
    await readProgress(stream, progress, input.log, abort.signal);
  } catch (e: unknown) {
    if (abort.signal.aborted) {
      throw new ImageBuildError(`image build of ${input.tag} did not finish within ${input.timeoutMs} ms (build-timeout-ms); it was cancelled`, tail(progress));
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const buildMs = performance.now() - started;
  const created = createdStepImages(progress.lines);
  if (progress.error !== undefined || progress.imageId === undefined) {
    await removeIntermediates(docker, created).catch(() => undefined);
    if (progress.error !== undefined) throw new ImageBuildError(`image build of ${input.tag} failed: ${progress.error}`, tail(progress));
    throw new ImageBuildError(`image build of ${input.tag} ended without an image id`, tail(progress));
  }
  const { facts } = await inspectLocalImage(docker, input.tag);
  const removed = await removeIntermediates(docker, created, facts.id).catch(() => []);
  if (removed.length > 0) input.log?.(`removed ${removed.length} intermediate image(s) of other build stages`);
  return { ...facts, buildMs, outputTail: tail(progress) };
}

function readProgress(stream: NodeJS.ReadableStream, p: BuildProgress, log: ((l: string) => void) | undefined, signal: AbortSignal): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let buffered = '';
    const feed = (text: string) => {
      const { items, rest } = splitJsonLines(text);
      buffered = rest;
      for (const item of items) {
        const before = p.lines.length;
        applyItem(p, item);
        if (log !== undefined) for (const l of p.lines.slice(before)) log(l);
      }
    };
    stream.on('data', (chunk: Buffer | string) => feed(buffered + chunk.toString()));
    stream.on('end', () => {
      feed(`${buffered}\n`);
      resolvePromise();
    });
    stream.on('error', reject);
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

function tail(p: BuildProgress): string[] {
  return p.lines.slice(Math.max(0, p.lines.length - TAIL));
}
