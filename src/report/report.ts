// The JSON report: the product's one durable output, also read back as a baseline.
import type { Environment, ImageFacts, Phase, Sample, Stats, Verdict } from '../model.ts';
import type { SlaResult } from '../analyze/sla.ts';
import type { EngineBuildResult } from '../engine/result.ts';

export interface BuildFacts {
  engine?: EngineBuildResult;
  image?: ImageFacts & { buildMs: number };
}

export const SCHEMA_VERSION = 1;

export type Condition = 'sla' | 'error' | 'regression' | 'inconclusive' | 'not-comparable' | 'no-baseline';

/** A failed start always fails the step unless the user said `never`. */
export function failingConditions(t: Pick<TargetResult, 'conditions' | 'failOn'>): Condition[] {
  if (t.failOn.includes('never')) return [];
  return t.conditions.filter((c) => c === 'error' || t.failOn.includes(c));
}

export interface TargetResult {
  id: string;
  image: ImageFacts;
  baseImage?: ImageFacts | undefined;
  healthCheck: string;
  runs: number;
  warmup: number;
  sla: SlaResult;
  verdict: Verdict;
  /** Why the verdict is what it is, most important first, in the user's words. */
  reasons: string[];
  /** The conditions that hold, matched against `fail-on` to decide whether the step fails. */
  conditions: Condition[];
  failOn: string[];
  stats: Stats;
  /** Base-image stats in an interleaved A/B run. */
  baseStats?: Stats | undefined;
  /** Median mark of each phase over the counted starts. */
  timeline: Phase[];
  samples: Sample[];
  error?: { message: string; logTail: string[] } | undefined;
  /** Filled by the build stage and the baseline comparison when they run. */
  build?: BuildFacts | undefined;
  comparison?: Record<string, unknown> | undefined;
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
  image: ImageFacts;
  environment: Environment;
  targets: TargetResult[];
  git?: { sha?: string | undefined; ref?: string | undefined; runUrl?: string | undefined } | undefined;
}

/** fail beats inconclusive beats pass. */
export function overallVerdict(targets: readonly { verdict: Verdict }[]): Verdict {
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
    image: first.image,
    environment: args.environment,
    targets: args.targets,
    git: args.git,
  };
}
