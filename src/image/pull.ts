// One timed pull through the engine: the registry's manifest, each layer's download and
// extraction, from the engine's JSON progress stream, on the runner's clock.
import type { DockerClient } from '../docker/client.ts';
import { Images } from '../docker/images.ts';
import type { Readable } from 'node:stream';
import type { Phase } from '../model.ts';
import type { AuthConfig } from './registry-auth.ts';
import { daemonMessage } from '../docker/host-errors.ts';
import { splitJsonLines } from './progress.ts';

export interface RegistryRef {
  /** As the user wrote it. */
  reference: string;
  /** Registry host[:port] (docker.io for Docker Hub). */
  host: string;
  /** host/path without tag or digest, as `fromImage` takes it. */
  repository: string;
  tag?: string | undefined;
  digest?: string | undefined;
}

/**
 * The registry part of a reference, or undefined when it names none: the first path component
 * is a registry host only when it has a dot or a port, or is localhost (Docker's own rule).
 */
export function registryOf(reference: string): RegistryRef | undefined {
  if (/^(sha256:)?[a-f0-9]{12,64}$/.test(reference)) return undefined;
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const named = at >= 0 ? reference.slice(0, at) : reference;
  const slash = named.indexOf('/');
  if (slash < 0) return undefined;
  const first = named.slice(0, slash);
  if (!(first.includes('.') || first.includes(':') || first === 'localhost')) return undefined;
  const lastColon = named.lastIndexOf(':');
  const hasTag = lastColon > named.lastIndexOf('/');
  return { reference, host: first, repository: hasTag ? named.slice(0, lastColon) : named, tag: hasTag ? named.slice(lastColon + 1) : undefined, digest };
}

export interface LayerPull {
  id: string;
  /** Compressed bytes fetched; 0 for a layer that was already on the machine. */
  bytes: number;
  status: 'pulled' | 'already-exists';
  /** ms from the pull's start. */
  downloadStartMs?: number | undefined;
  downloadedMs?: number | undefined;
  extractedMs?: number | undefined;
}

export interface PullResult {
  /** Pull call -> the engine's last progress message (the image is registered). */
  ms: number;
  bytes: number;
  layers: LayerPull[];
  /** manifest (registry answered), first-layer, downloaded (last layer fetched), extracted, pulled. */
  phases: Phase[];
  digest?: string | undefined;
}

export class PullError extends Error {
  override name = 'PullError';
}

interface Item {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
  stream?: string;
}

/** Folds progress items (with their arrival times) into the pull's facts. */
export class PullTracker {
  private readonly layers = new Map<string, LayerPull>();
  private readonly marks = new Map<string, number>();
  digest?: string;
  error?: string;
  private readonly t0: number;
  constructor(t0: number) {
    this.t0 = t0;
  }

  add(item: Item, at: number): void {
    const ms = Math.round((at - this.t0) * 1000) / 1000;
    const message = item.errorDetail?.message ?? item.error;
    if (message) this.error ??= message.trim();
    const status = item.status ?? '';
    if (status.startsWith('Pulling from ')) this.mark('manifest', ms);
    if (status.startsWith('Digest: ')) this.digest = status.slice(8).trim();
    if (!item.id || status.startsWith('Pulling from ')) return;
    const layer = this.layers.get(item.id) ?? { id: item.id, bytes: 0, status: 'pulled' };
    this.layers.set(item.id, layer);
    if (status === 'Already exists') layer.status = 'already-exists';
    if (status === 'Pulling fs layer' || status === 'Waiting') this.mark('first-layer', ms);
    if (status === 'Downloading') {
      layer.downloadStartMs ??= ms;
      layer.bytes = Math.max(layer.bytes, item.progressDetail?.total ?? 0);
    }
    if (status === 'Download complete') {
      layer.downloadedMs = ms;
      this.marks.set('downloaded', ms);
    }
    // A small layer may skip "Downloading"; its extraction total is the same compressed size.
    if (status === 'Extracting') layer.bytes = Math.max(layer.bytes, item.progressDetail?.total ?? 0);
    if (status === 'Pull complete') {
      layer.extractedMs = ms;
      this.marks.set('extracted', ms);
    }
  }

  private mark(name: string, ms: number): void {
    if (!this.marks.has(name)) this.marks.set(name, ms);
  }

  result(endMs: number): PullResult {
    const layers = [...this.layers.values()];
    const phases = [...this.marks.entries()].map(([name, ms]) => ({ name, ms }));
    phases.push({ name: 'pulled', ms: endMs });
    return { ms: endMs, bytes: layers.reduce((a, l) => a + l.bytes, 0), layers, phases: phases.sort((a, b) => a.ms - b.ms), digest: this.digest };
  }
}

/** Pulls `ref` through the engine; the progress stream's own error items become a PullError. */
export async function pullImage(docker: DockerClient, ref: RegistryRef, auth: AuthConfig | undefined, now: () => number): Promise<PullResult> {
  const t0 = now();
  const tracker = new PullTracker(t0);
  // A digest reference is pulled by digest; fromImage takes it as the tag.
  const opts = { fromImage: ref.repository, tag: ref.digest || (ref.tag ?? 'latest') };
  let stream: Readable;
  try {
    stream = await new Images(docker).pull(opts, auth);
  } catch (e: unknown) {
    throw new PullError(daemonMessage(e));
  }
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const at = now();
      const { items, rest } = splitJsonLines(buffered + chunk);
      buffered = rest;
      for (const item of items) tracker.add(item as Item, at);
    });
    stream.once('end', () => resolve());
    stream.once('error', reject);
  }).catch((e: unknown) => {
    throw new PullError(`the pull stream broke: ${daemonMessage(e)}`);
  });
  const end = Math.round((now() - t0) * 1000) / 1000;
  if (tracker.error) throw new PullError(tracker.error);
  return tracker.result(end);
}
