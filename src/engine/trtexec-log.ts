// Reads what trtexec printed. Exit code and the `&&&& PASSED` banner are not enough: the
// banner has been seen after "[E] Engine deserialization failed" (shared fixtures README), so
// success needs the positive lines ("Engine built in", "Engine deserialized in") as well.

export interface TimingCacheFacts {
  loadedBytes?: number;
  savedBytes?: number;
  /** "Local timing cache in use": no --timingCacheFile, results of this pass are thrown away. */
  localOnly: boolean;
}

export interface TrtexecLatency {
  min: number;
  max: number;
  mean: number;
  median: number;
  p90?: number;
  p95?: number;
  p99?: number;
}

export interface TrtexecLog {
  /** e.g. "10.9.0", from "[TensorRT v100900]" or "TensorRT version: 10.9.0". */
  tensorrtVersion?: string;
  buildSec?: number;
  /** "Created engine with size: X MiB" (build) or "Loaded engine size: X MiB" (load). */
  engineSizeMiB?: number;
  /** TensorRT 10: the file read, printed before deserialization. */
  engineLoadSec?: number;
  deserializeSec?: number;
  /** "Init builder kernel library" host memory growth is not time; kept out on purpose. */
  timingCache: TimingCacheFacts;
  /** CUDA lazy loading was off (CUDA_MODULE_LOADING): start-up and memory pay for it. */
  lazyLoadingDisabled: boolean;
  throughputQps?: number;
  latencyMs?: TrtexecLatency;
  gpuComputeMs?: TrtexecLatency;
  deserializationFailed: boolean;
  /** Lines trtexec tagged [E]. */
  errors: string[];
  passedBanner: boolean;
  failedBanner: boolean;
}

const NUM = '([0-9]+(?:\\.[0-9]+)?(?:e[-+]?[0-9]+)?)';
const re = (s: string) => new RegExp(s.replaceAll('NUM', NUM));

export function parseTrtexecLog(text: string): TrtexecLog {
  const out: TrtexecLog = { timingCache: { localOnly: false }, lazyLoadingDisabled: false, deserializationFailed: false, errors: [], passedBanner: false, failedBanner: false };
  for (const line of text.split(/\r?\n/)) {
    const num = (pattern: RegExp): number | undefined => {
      const m = pattern.exec(line);
      return m?.[1] === undefined ? undefined : Number(m[1]);
    };
    out.buildSec ??= num(re('Engine built in NUM sec'));
    out.engineLoadSec ??= num(re('Engine loaded in NUM sec'));
    out.deserializeSec ??= num(re('Engine deserialized in NUM sec'));
    const created = num(re('Created engine with size: NUM MiB'));
    if (created !== undefined) out.engineSizeMiB = created;
    out.engineSizeMiB ??= num(re('Loaded engine size: NUM MiB'));
    out.throughputQps ??= num(re('Throughput: NUM qps'));
    const loaded = num(re('Loaded NUM bytes of timing cache'));
    if (loaded !== undefined) out.timingCache.loadedBytes = loaded;
    const saved = num(re('Saved NUM bytes of timing cache'));
    if (saved !== undefined) out.timingCache.savedBytes = saved;
    if (line.includes('Local timing cache in use')) out.timingCache.localOnly = true;
    if (/lazy loading is not enabled/i.test(line)) out.lazyLoadingDisabled = true;
    if (line.includes('Engine deserialization failed')) out.deserializationFailed = true;
    if (/\[E\]/.test(line)) out.errors.push(line.trim());
    if (line.startsWith('&&&& PASSED')) out.passedBanner = true;
    if (line.startsWith('&&&& FAILED')) out.failedBanner = true;
    out.tensorrtVersion ??= versionOf(line);
    if (/\] Latency: min =/.test(line)) out.latencyMs = latency(line);
    if (/\] GPU Compute Time: min =/.test(line)) out.gpuComputeMs = latency(line);
  }
  return out;
}

/** NV_TENSORRT_VERSION: major*1000+minor*100+patch up to 8.x, major*10000+minor*100+patch from 10. */
export function decodeTensorrtVersion(code: number): string {
  const major = code >= 100000 ? Math.floor(code / 10000) : Math.floor(code / 1000);
  const rest = code >= 100000 ? code % 10000 : code % 1000;
  return `${major}.${Math.floor(rest / 100)}.${rest % 100}`;
}

function versionOf(line: string): string | undefined {
  const banner = /\[TensorRT v(\d+)\]/.exec(line);
  if (banner?.[1] !== undefined) return decodeTensorrtVersion(Number(banner[1]));
  return /TensorRT version: (\d+\.\d+\.\d+)/.exec(line)?.[1];
}

function latency(line: string): TrtexecLatency | undefined {
  const get = (key: string) => {
    const m = new RegExp(`${key.replace(/[()%]/g, '\\$&')} = ${NUM} ms`).exec(line);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  };
  const [min, max, mean, median] = [get('min'), get('max'), get('mean'), get('median')];
  if (min === undefined || max === undefined || mean === undefined || median === undefined) return undefined;
  const l: TrtexecLatency = { min, max, mean, median };
  const p90 = get('percentile(90%)');
  const p95 = get('percentile(95%)');
  const p99 = get('percentile(99%)');
  if (p90 !== undefined) l.p90 = p90;
  if (p95 !== undefined) l.p95 = p95;
  if (p99 !== undefined) l.p99 = p99;
  return l;
}

/** Why a build run did not produce a usable engine, or undefined when the log says it did. */
export function buildFailure(log: TrtexecLog, exitCode: number): string | undefined {
  if (log.deserializationFailed) return 'trtexec reports "Engine deserialization failed"';
  if (exitCode !== 0) return `trtexec exited with code ${exitCode}`;
  if (log.failedBanner) return 'trtexec printed &&&& FAILED';
  if (log.buildSec === undefined) return 'trtexec exited 0 but never printed "Engine built in X sec."';
  return undefined;
}
