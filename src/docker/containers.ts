// Containers, the one place their daemon calls are made (testcontainers-node's container client
// is the model). Every container is created with the run's labels (labels.ts), so cleanup and
// the reaper find it. Errors pass through as dockerode raised them: callers read their HTTP
// status (statusOf), the daemon's words (host-errors.ts) and whether the daemon is gone.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { runLabels } from './labels.ts';

export type ContainerSpec = Omit<Docker.ContainerCreateOptions, 'Labels'>;
export type ContainerInfo = Docker.ContainerInspectInfo;
export type HostConfig = Docker.HostConfig;

export interface ContainerHandle {
  readonly id: string;
  /** stdout and stderr, multiplexed (demux.ts), from now on: attach before start to miss nothing. */
  attach(): Promise<Readable>;
  start(): Promise<void>;
  inspect(): Promise<ContainerInfo>;
  /** The whole log and what follows, multiplexed, each line led by the daemon's RFC 3339 time. */
  followLogsWithTimes(): Promise<Readable>;
  /** Resolves with the exit code once the container stops. */
  wait(): Promise<{ StatusCode: number }>;
  kill(): Promise<void>;
  /** Forced; `volumes` removes its anonymous volumes too. */
  remove(opts: { volumes: boolean }): Promise<void>;
}

class DockerContainer implements ContainerHandle {
  private readonly container: Docker.Container;
  constructor(container: Docker.Container) {
    this.container = container;
  }

  get id(): string {
    return this.container.id;
  }

  // Plain pass-throughs, no async wrappers: attach and start are on the timed path.
  attach(): Promise<Readable> {
    return this.container.attach({ stream: true, stdout: true, stderr: true, logs: false }) as unknown as Promise<Readable>;
  }

  start(): Promise<void> {
    return this.container.start() as Promise<void>;
  }

  inspect(): Promise<ContainerInfo> {
    return this.container.inspect();
  }

  async followLogsWithTimes(): Promise<Readable> {
    return (await this.container.logs({ follow: true, stdout: true, stderr: true, timestamps: true })) as unknown as Readable;
  }

  wait(): Promise<{ StatusCode: number }> {
    return this.container.wait() as Promise<{ StatusCode: number }>;
  }

  async kill(): Promise<void> {
    await this.container.kill();
  }

  async remove(opts: { volumes: boolean }): Promise<void> {
    await this.container.remove({ force: true, v: opts.volumes });
  }
}

export class Containers {
  private readonly docker: Docker;
  constructor(docker: Docker) {
    this.docker = docker;
  }

  /** Creates a container labelled as this run's (plus `labels`, e.g. its target or role). */
  create(runId: string, labels: Record<string, string>, spec: ContainerSpec): Promise<ContainerHandle> {
    return this.docker.createContainer({ ...spec, Labels: runLabels(runId, labels) }).then((c) => new DockerContainer(c));
  }

  /** Containers (running or not) made from this image id. */
  async usingImage(imageId: string): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: { ancestor: [imageId] } });
  }
}
