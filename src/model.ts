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
