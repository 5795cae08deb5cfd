// The data that flows through the pipeline: measure -> analyze -> baseline -> report.
// Everything here is plain JSON so the report file can be read back as a baseline.

/** One mark on a start's timeline, in ms from t0 (just before the create call). */
export interface Phase {
  name: string;
  ms: number;
  /**
   * For a phase taken from a server line by a `phases` rule: whether its time is when the line
   * arrived, or the line's own timestamp (zone and year, when the line names none, from the
   * daemon's log timestamp of the same line, or failing that from the arrival time).
   */
  source?: PhaseSource | undefined;
}

export type PhaseSource = 'arrival' | 'line-timestamp' | 'line-timestamp-arrival-zone';

export interface Sample {
  /** 0-based over warm-up + counted starts, in the order they ran. */
  index: number;
  warmup: boolean;
  /** Which image this start measured: `head`, or `base` in an interleaved A/B run. */
  arm: 'head' | 'base';
  /** create -> ready, ms. */
  totalMs: number;
  /** Sorted by ms; always holds `create` and `ready`. */
  phases: Phase[];
  /**
   * What measuring cost the runner: readiness attempts made and this process's CPU time from
   * the create call to ready (prober, event and log readers together), so a user can see the
   * measurement does not compete with what it measures.
   */
  probe?: { attempts: number; cpuMs: number };
  /** Which burst the start belonged to (`concurrency`): 0-based burst index, its size, this start's slot in it. */
  burst?: BurstPosition;
  /** `page-cache`: whether the kernel's page cache was dropped before this start's burst. */
  pageCache?: PageCacheMode;
  /** What readiness cost the host: the container's memory, read right after ready. */
  memory?: MemoryReading;
  /** GPU memory of the container's processes at ready (targets with `gpus` only). */
  gpuMemory?: GpuMemoryReading;
}

export interface BurstPosition {
  index: number;
  size: number;
  slot: number;
  /**
   * From just before the burst's first create call to the moment this start was seen ready:
   * its create -> ready plus how much later than the burst its create call went out.
   */
  sinceBurstMs?: number;
}

export type PageCacheMode = 'warm' | 'drop';

/**
 * Where a memory figure came from (docs/bursts.md): the cgroup's own peak (v2 `memory.peak`,
 * v1 `memory.max_usage_in_bytes`), the daemon's one-shot stats (a peak on cgroup v1 hosts,
 * only the usage at ready on v2), or nothing.
 */
export type MemorySource = 'cgroup2-memory.peak' | 'cgroup1-memory.max_usage_in_bytes' | 'daemon-stats-max_usage' | 'daemon-stats-usage' | 'unavailable';

export interface MemoryReading {
  /** null when unavailable (`reason` says why). */
  bytes: number | null;
  /** true: the highest since the container was created; false: the usage at the moment of reading. */
  peak: boolean;
  source: MemorySource;
  /** Why nothing could be read, or why a better source than `source` was not used. */
  reason?: string;
}

export interface GpuMemoryReading {
  /** Summed over the container's processes that hold GPU memory; null when unavailable. */
  bytes: number | null;
  /** How many of the container's processes nvidia-smi listed. */
  processes: number;
  source: 'nvidia-smi' | 'unavailable';
  reason?: string;
}

export interface Stats {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  stdev: number;
}

export type StatName = 'min' | 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'mean';

/** `error`: the run could not measure (bad input, daemon, build); never a pass. */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error';

export interface ImageFacts {
  reference: string;
  id: string;
  sizeBytes: number;
  layers: number;
  created?: string;
}

/** What must match for two results to be comparable. */
export interface Environment {
  dockerVersion: string;
  dockerApiVersion: string;
  dockerHost: string;
  os: string;
  kernel: string;
  cpuModel: string;
  cpuCount: number;
  memoryBytes: number;
  runnerLabels?: string[];
  gpus: GpuFacts[];
}

export interface GpuFacts {
  name: string;
  driverVersion: string;
  computeCapability?: string;
  persistenceMode?: string;
  cudaVersion?: string;
  memoryMiB?: number;
}
