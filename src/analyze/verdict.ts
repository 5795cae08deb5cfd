// The one place a target's verdict is decided: the SLA on the head's own statistic, a failed
// start, the comparison with the baseline, and whether any of it fails the step under
// `fail-on`. Every condition leaves a reason, including the absence of a baseline, so a pass is
// never silent about what it did not check. Pipeline, report and main only pass this on.
import type { Stats, StatName, Verdict } from '../model.ts';
import type { Comparison } from './compare.ts';
import { fmtP, pct } from './compare.ts';
import type { PhaseComparison } from './phase-compare.ts';
import { movedPhases } from './phase-compare.ts';
import { round1 } from './stats.ts';
import type { SlaResult } from './sla.ts';
import { slaScopeWords, type SlaScope } from './bursts.ts';
import type { CostLimit } from './cost.ts';

export type ReasonCode =
  | 'error'
  | 'start-failed'
  | 'no-samples'
  | 'sla-met'
  | 'sla-breached'
  | 'no-baseline'
  | 'not-comparable'
  | 'regression'
  | 'improvement'
  | 'no-change'
  | 'inconclusive'
  | 'confirmation'
  | 'cold-start-failed'
  | 'cold-sla-met'
  | 'cold-sla-breached'
  | 'memory-within-limit'
  | 'memory-over-limit'
  | 'memory-unknown'
  | 'gpu-memory-within-limit'
  | 'gpu-memory-over-limit'
  | 'gpu-memory-unknown'

  // A combined report's target whose measure job left no report (report/merge.ts).
  | 'no-report';

export interface Reason {
  code: ReasonCode;
  severity: 'fail' | 'warning' | 'info';
  message: string;
}

export interface BaselineRef {
  commit: string;
  date: string;
  /** "base commit abc1234 (2026-11-30T...)": how it was chosen, printed with the comparison. */
  description?: string;
}

export type FailOn = 'sla' | 'regression' | 'inconclusive' | 'never';

export interface VerdictInput {
  stats: Stats;
  slaMs: number;
  slaStat: StatName;
  /** What fails the step (`fail-on`). */
  failOn: readonly FailOn[];
  /** The run could not measure at all (bad input, daemon, build): verdict `error`. */
  runError?: string;
  /** A combined report's target no measure job reported: `error`, or `inconclusive` under fail-on never. */
  missingReport?: string;
  /** A start failed (exited, timed out): the target fails whatever the numbers say. */
  startFailure?: string;
  /** The comparison; leave out when there is no (comparable) baseline. */
  comparison?: Comparison;
  phases?: readonly PhaseComparison[];
  /** Which baseline was compared with: printed with every comparison reason. */
  baseline?: BaselineRef;
  /** Why there is no baseline (`baseline: none`, empty history, unreadable store ...). */
  noBaselineReason?: string;
  /** Environment differences (fingerprint.ts); non-empty = not comparable. */
  environmentDifferences?: readonly string[];
  /** Said with the comparison: why the other arm is what it is (e.g. the base commit did not build). */
  note?: string | undefined;
  /** The history's regression message that this (interleaved) comparison was run to confirm. */
  confirming?: string | undefined;
  /** `start: cold`: the cold starts' own failure and SLA (pull + start), never pooled with the hot. */
  cold?: { failure?: string | undefined; sla?: SlaResult | undefined } | undefined;
  /**
   * `sla-scope` and `concurrency`: with scope burst, `stats` are over the slowest start of each
   * burst. Said in the SLA reason whenever bursts are more than one start.
   */
  slaScope?: { scope: SlaScope; size: number } | undefined;
  /** `max-memory-mib`, `max-gpu-memory-mib`: each limit set, with the largest reading. */
  costLimits?: readonly CostLimit[] | undefined;
}

export interface VerdictResult {
  verdict: Verdict;
  reasons: Reason[];
  /** Whether the step fails under `fail-on`; the verdict stays what it is either way. */
  failsStep: boolean;
}

export function decideVerdict(input: VerdictInput): VerdictResult {
  const never = input.failOn.includes('never');
  if (input.runError !== undefined) {
    return { verdict: 'error', reasons: [{ code: 'error', severity: 'fail', message: input.runError }], failsStep: !never };
  }
  if (input.missingReport !== undefined) {
    return { verdict: never ? 'inconclusive' : 'error', reasons: [{ code: 'no-report', severity: never ? 'warning' : 'fail', message: input.missingReport }], failsStep: !never };
  }
  const reasons: Reason[] = [];
  if (input.startFailure !== undefined) reasons.push({ code: 'start-failed', severity: 'fail', message: `a start failed: ${input.startFailure}` });
  const value = input.stats[input.slaStat];
  const scope = input.slaScope ? slaScopeWords(input.slaScope.scope, input.slaScope.size) : '';
  const stat = scope === '' ? input.slaStat : `${input.slaStat} ${scope}`;
  if (input.stats.n === 0 || !Number.isFinite(value)) {
    // Every start failed: nothing was measured, which is an error of the run, not a verdict on it.
    if (reasons.length === 0) reasons.push({ code: 'no-samples', severity: 'fail', message: 'no counted start reached ready: nothing was measured' });
    return { verdict: 'error', reasons, failsStep: !never };
  } else if (value > input.slaMs) {
    reasons.push({ code: 'sla-breached', severity: 'fail', message: `${stat} ${round1(value)} ms > SLA ${input.slaMs} ms` });
  } else {
    reasons.push({ code: 'sla-met', severity: 'info', message: `${stat} ${round1(value)} ms <= SLA ${input.slaMs} ms` });
  }
  const comparisonReason = compareReason(input);
  if (comparisonReason) {
    if (input.note) comparisonReason.message += ` (${input.note})`;
    reasons.push(comparisonReason);
  }
  if (input.confirming !== undefined && input.comparison) {
    const confirmed = input.comparison.classification === 'regression';
    reasons.push({
      code: 'confirmation',
      severity: 'info',
      message: `the history said ${input.confirming}; an interleaved run${input.baseline?.description ? ` against ${input.baseline.description}` : ''} ${confirmed ? 'confirmed it' : 'did not confirm it (noise): not failed as a regression'}`,
    });
  }

  reasons.push(...coldReasons(input.cold));
  reasons.push(...(input.costLimits ?? []).map(costReason));
  const verdict: Verdict = reasons.some((r) => r.severity === 'fail') ? 'fail' : comparisonReason?.code === 'inconclusive' ? 'inconclusive' : 'pass';
  return { verdict, reasons, failsStep: !never && reasons.some((r) => failsUnder(r.code, input.failOn)) };
}

/** `fail-on` as a table: which reason codes fail the step under which conditions. */
function failsUnder(code: ReasonCode, failOn: readonly FailOn[]): boolean {
  switch (code) {
    case 'start-failed':
    case 'cold-start-failed':
    case 'error':
    case 'no-samples':
      return true;
    case 'sla-breached':
    case 'cold-sla-breached':
    case 'memory-over-limit':
    case 'gpu-memory-over-limit':
      return failOn.includes('sla');
    case 'regression':
      return failOn.includes('regression');
    case 'inconclusive':
      return failOn.includes('inconclusive');
    default:
      return false;
  }
}

/** A limit the user set: over it fails like the SLA; unreadable is a warning, never a pass in disguise. */
function costReason(c: CostLimit): Reason {
  const prefix = c.kind === 'memory' ? 'memory' : 'gpu-memory';
  const name = c.kind === 'memory' ? 'max-memory-mib' : 'max-gpu-memory-mib';
  if (c.maxMiB === undefined) {
    return { code: `${prefix}-unknown`, severity: 'warning', message: `${c.what} could not be read (${c.unknownReason ?? 'unknown'}): ${name} ${c.limitMiB} MiB not checked` };
  }
  return c.maxMiB > c.limitMiB
    ? { code: `${prefix}-over-limit`, severity: 'fail', message: `${c.what} max ${round1(c.maxMiB)} MiB > ${name} ${c.limitMiB} MiB` }
    : { code: `${prefix}-within-limit`, severity: 'info', message: `${c.what} max ${round1(c.maxMiB)} MiB <= ${name} ${c.limitMiB} MiB` };
}

function coldReasons(cold: VerdictInput['cold']): Reason[] {
  if (!cold) return [];
  const reasons: Reason[] = [];
  if (cold.failure !== undefined) reasons.push({ code: 'cold-start-failed', severity: 'fail', message: `a cold start failed: ${cold.failure}` });
  if (cold.sla) {
    const { stat, valueMs, limitMs, met } = cold.sla;
    reasons.push(
      met
        ? { code: 'cold-sla-met', severity: 'info', message: `cold ${stat} ${round1(valueMs)} ms (pull + start) <= cold SLA ${limitMs} ms` }
        : { code: 'cold-sla-breached', severity: 'fail', message: `cold ${stat} ${Number.isFinite(valueMs) ? round1(valueMs) : '-'} ms (pull + start) > cold SLA ${limitMs} ms` },
    );
  }
  return reasons;
}

function compareReason(input: VerdictInput): Reason | undefined {
  const differences = input.environmentDifferences ?? [];
  const against = input.baseline ? ` vs ${input.baseline.description ?? `baseline ${input.baseline.commit.slice(0, 7)} (${input.baseline.date})`}` : '';
  if (differences.length > 0) {
    return { code: 'not-comparable', severity: 'warning', message: `baseline${against} is from another environment (${differences.join('; ')}): not compared` };
  }
  const c = input.comparison;
  if (c === undefined) {
    return { code: 'no-baseline', severity: 'warning', message: `no baseline${input.noBaselineReason ? `: ${input.noBaselineReason}` : ''}; verdict from the SLA only` };
  }
  const moved = movedPhases(input.phases ?? []).map((p) => p.label);
  const where = moved.length > 0 ? `; moved: ${moved.join(', ')}` : '';
  const unit = c.mode === 'history' ? `${c.nBase} stored run(s)` : `n=${c.nHead}/${c.nBase}`;
  const numbers = Number.isFinite(c.ratio)
    ? `median ${pct(c.ratio)} (${signedMs(c.deltaMs)}), ${Math.round(c.ci.level * 100)}% CI ${pct(c.ci.lo)}..${pct(c.ci.hi)}, p=${fmtP(c.pValue)}, ${unit}`
    : unit;
  switch (c.classification) {
    case 'regression':
      return { code: 'regression', severity: 'fail', message: `regression${against}: ${c.why}; ${numbers}${where}` };
    case 'improvement':
      return { code: 'improvement', severity: 'info', message: `improvement${against}: ${numbers}${where}` };
    case 'no-change':
      return { code: 'no-change', severity: 'info', message: `no change reaching ±${c.thresholdPct}%${against}: ${c.why}; ${numbers}${where}` };
    case 'inconclusive':
      return { code: 'inconclusive', severity: 'warning', message: `inconclusive${against}: ${c.why}; ${numbers}` };
  }
}

function signedMs(ms: number): string {
  return `${ms >= 0 ? '+' : '-'}${Math.round(Math.abs(ms))} ms`;
}
