// The engine cache. An engine only runs with the TensorRT that built it and on the GPU
// architecture it was built for, so the key holds everything that decides the bytes: the
// model, the builder (image id pins the TensorRT version), the flags, the GPU model and
// compute capability, and the driver version. The folder is plain files, so actions/cache
// can persist it between workflow runs.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { GpuFacts } from '../model.ts';

export interface EngineKeyInput {
  /** sha256 of the model file (hex). */
  modelSha256: string;
  /** Builder image id (sha256:...) for trtexec, or the command text for `command`. */
  builder: string;
  /** Flags other than our own paths, in the order given (trtexec honours order for repeats). */
  flags: string[];
  gpus: Pick<GpuFacts, 'name' | 'computeCapability' | 'driverVersion'>[];
}

export function engineCacheKey(input: EngineKeyInput): string {
  const canonical = JSON.stringify({
    v: 1,
    model: input.modelSha256,
    builder: input.builder,
    flags: input.flags,
    gpus: input.gpus.map((g) => [g.name, g.computeCapability ?? '', g.driverVersion]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

/** What was saved beside a cached engine, so a hit can still report how the engine was made. */
export interface CacheEntryMeta {
  key: string;
  createdAt: string;
  buildMs: number;
  sizeBytes: number;
  tensorrtVersion?: string;
}

export function entryDir(cacheDir: string, key: string): string {
  return join(cacheDir, 'engines', key);
}

/** The timing cache is shared across models but not across builders or GPU models. */
export function timingCacheName(builder: string, gpus: EngineKeyInput['gpus']): string {
  const h = createHash('sha256').update(JSON.stringify([builder, gpus.map((g) => [g.name, g.computeCapability ?? ''])])).digest('hex');
  return `timing-${h.slice(0, 16)}.cache`;
}

/** Copies a cached engine to `output` and returns its metadata, or undefined on a miss. */
export async function restoreEngine(cacheDir: string, key: string, output: string): Promise<CacheEntryMeta | undefined> {
  const dir = entryDir(cacheDir, key);
  let meta: CacheEntryMeta;
  try {
    meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as CacheEntryMeta;
    const s = await stat(join(dir, 'engine'));
    // A truncated copy (a cancelled job) must not pass for an engine.
    if (s.size !== meta.sizeBytes || meta.key !== key) return undefined;
  } catch {
    return undefined;
  }
  await copyFile(join(dir, 'engine'), output);
  return meta;
}

/** Stores an engine; written to a temp name then renamed so readers never see half a file. */
export async function storeEngine(cacheDir: string, meta: CacheEntryMeta, engine: string): Promise<void> {
  const dir = entryDir(cacheDir, meta.key);
  await mkdir(dir, { recursive: true });
  await copyFile(engine, join(dir, 'engine.tmp'));
  await rename(join(dir, 'engine.tmp'), join(dir, 'engine'));
  await writeFile(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
}
