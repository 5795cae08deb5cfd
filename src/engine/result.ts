import type { TrtexecLog } from './trtexec-log.ts';

/** What the engine stage hands on: where the engine is and how it came to be. */
export interface EngineBuildResult {
  builder: 'trtexec' | 'command';
  enginePath: string;
  sizeBytes: number;
  /** True when the engine came from the cache and no build ran. */
  cacheHit: boolean;
  /** undefined when nothing could be keyed (a `command` without engine-onnx). */
  cacheKey?: string;
  /** Wall time of this run's build; 0 on a cache hit. */
  buildMs: number;
  /** On a hit: how long the cached engine took to build back then. */
  cachedBuildMs?: number;
  tensorrtVersion?: string;
  /** The parsed trtexec log (trtexec builds that ran). */
  trtexec?: TrtexecLog;
  warnings: string[];
}
