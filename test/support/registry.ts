// The loopback registry of the cold-start tests (scripts/registry-up.sh), and pushes to it
// through the engine, the way a CI job pushes its build.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { docker } from './docker.ts';

export const REGISTRY = process.env.STARTUP_SLA_REGISTRY ?? '127.0.0.1:5000';

export function registryUp(): void {
  execFileSync('bash', [resolve(import.meta.dirname, '../../scripts/registry-up.sh'), REGISTRY], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function pushImage(reference: string): Promise<void> {
  // The engine wants an X-Registry-Auth header even for a registry without auth.
  const stream = (await docker.getImage(reference).push({ authconfig: { serveraddress: REGISTRY } } as never)) as unknown as NodeJS.ReadableStream;
  const items = await new Promise<{ error?: string }[]>((res, rej) => docker.modem.followProgress(stream, (e: Error | null, out: { error?: string }[]) => (e ? rej(e) : res(out))));
  const failed = items.find((i) => i.error);
  if (failed) throw new Error(`push ${reference}: ${failed.error}`);
}

/** The registry's API directly: what the engine cannot do (break a blob on purpose). */
export async function registryApi(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`http://${REGISTRY}${path}`, init);
}
