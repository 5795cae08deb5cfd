// Image builds through the daemon's builder, labelled as the run's (labels.ts) so cleanup finds
// what they leave. The stream's items carry the build's errors (image/progress.ts reads them).
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { runLabels } from './labels.ts';

export interface BuildRequest {
  tag: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  target?: string | undefined;
  abortSignal: AbortSignal;
}

export class Builds {
  private readonly docker: Docker;
  constructor(docker: Docker) {
    this.docker = docker;
  }

  /** Sends the context tar; rejects when the daemon refuses before any stream (a Dockerfile it cannot parse). */
  async start(context: Readable, runId: string, labels: Record<string, string>, r: BuildRequest): Promise<Readable> {
    return (await this.docker.buildImage(context, {
      t: r.tag,
      dockerfile: r.dockerfile,
      buildargs: r.buildArgs,
      ...(r.target === undefined ? {} : { target: r.target }),
      labels: runLabels(runId, labels),
      // Never pull: base images come from the local store, like the measured image.
      pull: false,
      rm: true,
      forcerm: true,
      abortSignal: r.abortSignal,
    })) as unknown as Readable;
  }
}
