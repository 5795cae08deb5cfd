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

  static async open(docker: Docker, runId: string): Promise<EventFeed> {
    const feed = new EventFeed();
    const stream = (await docker.getEvents({
      filters: { type: ['container'], label: [`${RUN_LABEL}=${runId}`] },
    })) as unknown as Readable;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => feed.onData(chunk));
    // A broken stream must not crash the run: starts then fall back to their own timings.
    stream.on('error', (e: Error) => (feed.lost ??= `the daemon's event stream failed (${e.message})`));
    stream.on('close', () => {
      if (!feed.closing) feed.lost ??= "the daemon's event stream ended";
    });
    feed.stream = stream;
    return feed;
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
