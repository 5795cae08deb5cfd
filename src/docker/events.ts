// The daemon's event stream, subscribed before any container is created so no event is missed.
// The daemon drops readers slower than ~100 ms, so events are parsed and dispatched at once.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { RUN_LABEL } from './labels.ts';

export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
}

/** Wall time of an event in ms (daemon clock). */
export function eventWallMs(e: DockerEvent): number {
  return e.timeNano ? e.timeNano / 1e6 : e.time * 1000;
}

export class EventFeed {
  private stream: Readable | undefined;
  private readonly listeners = new Map<string, (e: DockerEvent) => void>();
  // The create event can arrive before the create call returns the id: hold it until watched.
  private readonly unclaimed = new Map<string, DockerEvent[]>();
  private buffer = '';
  private closing = false;
  /** Set when the stream ended without close(): the daemon stopped or restarted. */
  lost: string | undefined;

  private readonly docker: Docker;
  private readonly runId: string;

  private constructor(docker: Docker, runId: string) {
    this.docker = docker;
    this.runId = runId;
  }

  static async open(docker: Docker, runId: string): Promise<EventFeed> {
    const feed = new EventFeed(docker, runId);
    await feed.subscribe();
    return feed;
  }

  private async subscribe(): Promise<void> {
    const stream = (await this.docker.getEvents({
      filters: { type: ['container'], label: [`${RUN_LABEL}=${this.runId}`] },
    })) as unknown as Readable;
    this.stream = stream;
    this.buffer = '';
    this.lost = undefined;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.onData(chunk));
    // A broken stream must not crash the run: starts then fall back to their own timings. Only
    // the current stream speaks: a replaced one closing late says nothing.
    stream.on('error', (e: Error) => {
      if (this.stream === stream) this.lost ??= `the daemon's event stream failed (${e.message})`;
    });
    stream.on('close', () => {
      if (this.stream === stream && !this.closing) this.lost ??= "the daemon's event stream ended";
    });
  }

  /** After the daemon restarted, subscribe again so later starts keep their `start` phase. */
  async reconnect(): Promise<void> {
    if (this.lost === undefined || this.closing) return;
    this.stream?.destroy();
    await this.subscribe();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') continue;
      let event: DockerEvent;
      try {
        event = JSON.parse(line) as DockerEvent;
      } catch {
        continue;
      }
      const id = event.Actor?.ID;
      const listener = this.listeners.get(id);
      if (listener) {
        listener(event);
      } else {
        this.unclaimed.set(id, [...(this.unclaimed.get(id) ?? []), event]);
        if (this.unclaimed.size > 64) this.unclaimed.delete(this.unclaimed.keys().next().value as string);
      }
    }
  }

  /** Events of one container, by id. */
  watch(containerId: string, listener: (e: DockerEvent) => void): () => void {
    this.listeners.set(containerId, listener);
    const early = this.unclaimed.get(containerId) ?? [];
    this.unclaimed.delete(containerId);
    for (const e of early) listener(e);
    return () => this.listeners.delete(containerId);
  }

  close(): void {
    this.closing = true;
    this.stream?.destroy();
  }
}
