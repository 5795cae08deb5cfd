// The JSON report: the product's one durable output, also read back as a baseline.
import type { Environment, ImageFacts, PageCacheMode, Phase, Sample, Stats, Verdict } from '../model.ts';
import { z } from 'zod';
import type { SlaResult } from '../analyze/sla.ts';
import { ConfigError } from '../util/errors.ts';
import type { EngineBuildResult } from '../engine/result.ts';
import type { ComparisonSummary, Reason } from './comparison.ts';
import type { ColdResult } from '../measure/cold.ts';
import type { BurstStats, BurstSummary, SlaScope } from '../analyze/bursts.ts';
import type { CostSummary } from '../analyze/cost.ts';

export interface BuildFacts {
  engine?: EngineBuildResult;
  image?: ImageFacts & { buildMs: number };
}

export const SCHEMA_VERSION = 1;



export interface TargetResult {
  id: string;
  /** The YAML file and line the target is written at, when it came from `config`. */
  source?: { file: string; line: number } | undefined;
  image: ImageFacts;
  baseImage?: ImageFacts | undefined;
  healthCheck: string;
  /** Counted bursts (of `concurrency` starts each; single starts when it is 1). */
  runs: number;
  warmup: number;
  /** Starts per burst. */
  concurrency?: number | undefined;
  /** What `sla` was held against (also in `sla.scope`). */
  slaScope?: SlaScope | undefined;
  pageCache?: PageCacheMode | undefined;
  /** Per burst and over the counted bursts: the slowest start, and first create -> last ready. */
  bursts?: (BurstStats & { list: BurstSummary[] }) | undefined;
  /** Host memory and GPU memory at ready, over the counted starts of the head (MiB). */
  cost?: CostSummary | undefined;
  sla: SlaResult;
  verdict: Verdict;
  /** Why the verdict is what it is, in the user's words, each with its code and weight. */
  reasons: Reason[];
  failOn: string[];
  /** Whether `fail-on` makes this target fail the step (a failed start does, unless `never`). */
  failsStep: boolean;
  stats: Stats;
  /** Base-image stats in an interleaved A/B run. */
  baseStats?: Stats | undefined;
  /** Median mark of each phase over the counted starts. */
  timeline: Phase[];
  samples: Sample[];
  error?: { message: string; logTail: string[] } | undefined;
  /** Filled by the build stage and the baseline comparison when they run. */
  build?: BuildFacts | undefined;
  comparison?: ComparisonSummary | undefined;
  /** `start: cold`: the cold starts (pull + start), their own statistics and SLA, never pooled with the hot ones. */
  cold?: ColdResult | undefined;
  /** In a combined report (merge.ts): the machine this target was measured on. */
  environment?: Environment | undefined;
  runner?: string | undefined;
}

export interface Report {
  schemaVersion: number;
  tool: { name: 'startup-sla'; version: string };
  runId: string;
  createdAt: string;
  verdict: Verdict;
  /** The first target's figures at the top level, so a single-target report reads directly. */
  sla: SlaResult;
  stats: Stats;
  samples: Sample[];
  /** `size` (bytes) is the contract's name; `sizeBytes` is kept for readers of earlier reports. */
  image: ImageFacts & { size: number };
  environment: Environment;
  targets: TargetResult[];
  git?: { sha?: string | undefined; ref?: string | undefined; runUrl?: string | undefined } | undefined;
  /** RUNNER_NAME of the job that measured, so a combined comment can say which machine. */
  runner?: string | undefined;
}

/** error beats fail beats inconclusive beats pass. */
export function overallVerdict(targets: readonly { verdict: Verdict }[]): Verdict {
  // Nothing measured is never a pass (as the verdict decider says for a target without samples).
  if (targets.length === 0) return 'error';
  if (targets.some((t) => t.verdict === 'error')) return 'error';
  if (targets.some((t) => t.verdict === 'fail')) return 'fail';
  if (targets.some((t) => t.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

export function buildReport(args: {
  version: string;
  runId: string;
  createdAt: Date;
  environment: Environment;
  targets: TargetResult[];
  git?: Report['git'];
}): Report {
  const first = args.targets[0];
  if (!first) throw new Error('a report needs at least one target');
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'startup-sla', version: args.version },
    runId: args.runId,
    createdAt: args.createdAt.toISOString(),
    verdict: overallVerdict(args.targets),
    sla: first.sla,
    stats: first.stats,
    samples: first.samples,
    image: { ...first.image, size: first.image.sizeBytes },
    environment: args.environment,
    targets: args.targets,
    git: args.git,
  };
}

const num = z.number();
const statsSchema = z.looseObject({ n: num, min: num, p50: num, p90: num, p95: num, p99: num, max: num, mean: num, stdev: num });
const reasonSchema = z.looseObject({ code: z.string(), severity: z.enum(['fail', 'warning', 'info']), message: z.string() });
const targetSchema = z.looseObject({
  id: z.string(),
  image: z.looseObject({ reference: z.string(), id: z.string(), sizeBytes: num, layers: num }),
  healthCheck: z.string(),
  sla: z.looseObject({ stat: z.enum(['min', 'p50', 'p90', 'p95', 'p99', 'max', 'mean']), limitMs: num, valueMs: num, met: z.boolean() }),
  verdict: z.enum(['pass', 'fail', 'inconclusive', 'error']),
  reasons: z.array(reasonSchema),
  failOn: z.array(z.string()),
  failsStep: z.boolean(),
  stats: statsSchema,
  timeline: z.array(z.looseObject({ name: z.string(), ms: num })),
  samples: z.array(z.unknown()),
});
export const reportSchema = z.looseObject({
  schemaVersion: z.number().int(),
  verdict: z.enum(['pass', 'fail', 'inconclusive', 'error']),
  environment: z.looseObject({ dockerVersion: z.string(), cpuModel: z.string(), cpuCount: num, gpus: z.array(z.unknown()) }),
  targets: z.array(targetSchema).min(1),
});

/**
 * Reads a report back (report-only mode, a baseline file). It may come from an untrusted job, so
 * it is validated before any field is used; rendering escapes its text as always.
 */
export function parseReport(text: string, where: string): Report {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e: unknown) {
    throw new ConfigError(`${where}: not a JSON report (${(e as Error).message})`);
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new ConfigError(`${where}: report schema version ${version} is newer than this startup-sla understands (${SCHEMA_VERSION}); update the action`);
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${where}: not a startup-sla report (${issue?.path.join('.') || 'top level'}: ${issue?.message})`);
  }
  return parsed.data as unknown as Report;
}
