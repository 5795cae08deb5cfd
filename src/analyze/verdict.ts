// The verdict: the SLA on the head's own statistic, plus the comparison with the baseline.
// Every condition leaves a reason, including the absence of a baseline, so a pass is never
// silent about what it did not check. Whether a reason fails the step is `fail-on`'s business
// (gateFails below), not the verdict's.
import type { Stats, StatName, Verdict } from '../model.ts';
import type { Comparison } from './compare.ts';
import { fmtP, pct } from './compare.ts';
import type { PhaseComparison } from './phase-compare.ts';
import { movedPhases } from './phase-compare.ts';
import { round1 } from './stats.ts';

export type ReasonCode =
  | 'no-samples'
  | 'sla-met'
  | 'sla-breached'
  | 'no-baseline'
  | 'not-comparable'
  | 'regression'
  | 'improvement'
  | 'no-change'
  | 'inconclusive';

export interface Reason {
  code: ReasonCode;
  severity: 'fail' | 'warning' | 'info';
  message: string;
}

export interface BaselineRef {
  commit: string;
  date: string;
}

export interface VerdictInput {
  stats: Stats;
  slaMs: number;
  slaStat: StatName;
  /** The comparison; leave out when there is no (comparable) baseline. */
  comparison?: Comparison;
  phases?: readonly PhaseComparison[];
  /** Which baseline was compared with: printed with every comparison reason. */
  baseline?: BaselineRef;
  /** Why there is no baseline (`baseline: none`, empty history, unreadable store ...). */
  noBaselineReason?: string;
  /** Environment differences (fingerprint.ts); non-empty = not comparable. */
  environmentDifferences?: readonly string[];
}

export interface VerdictResult {
  verdict: Verdict;
  reasons: Reason[];
}

export function decideVerdict(input: VerdictInput): VerdictResult {
  const reasons: Reason[] = [];
  if (input.stats.n === 0) {
    return { verdict: 'inconclusive', reasons: [{ code: 'no-samples', severity: 'fail', message: 'no counted start reached ready' }] };
  }
  const value = input.stats[input.slaStat];
  if (value > input.slaMs) {
    reasons.push({ code: 'sla-breached', severity: 'fail', message: `${input.slaStat} ${round1(value)} ms > SLA ${input.slaMs} ms` });
  } else {
    reasons.push({ code: 'sla-met', severity: 'info', message: `${input.slaStat} ${round1(value)} ms <= SLA ${input.slaMs} ms` });
  }

  const differences = input.environmentDifferences ?? [];
  const against = input.baseline ? ` vs baseline ${input.baseline.commit.slice(0, 7)} (${input.baseline.date})` : '';
  let comparisonInconclusive = false;
  if (differences.length > 0) {
    reasons.push({
      code: 'not-comparable',
      severity: 'warning',
      message: `baseline${against} is from another environment (${differences.join('; ')}): not compared`,
    });
  } else if (input.comparison === undefined) {
    reasons.push({
      code: 'no-baseline',
      severity: 'warning',
      message: `no baseline${input.noBaselineReason ? `: ${input.noBaselineReason}` : ''}; verdict from the SLA only`,
    });
  } else {
    const c = input.comparison;
    const moved = movedPhases(input.phases ?? []).map((p) => p.label);
    const where = moved.length > 0 ? `; moved: ${moved.join(', ')}` : '';
    const numbers = `median ${pct(c.ratio)} (${signedMs(c.deltaMs)}), ${Math.round(c.ci.level * 100)}% CI ${pct(c.ci.lo)}..${pct(c.ci.hi)}, p=${fmtP(c.pValue)}, n=${c.nHead}/${c.nBase}`;
    switch (c.classification) {
      case 'regression':
        reasons.push({ code: 'regression', severity: 'fail', message: `regression${against}: ${numbers}${where}` });
        break;
      case 'improvement':
        reasons.push({ code: 'improvement', severity: 'info', message: `improvement${against}: ${numbers}${where}` });
        break;
      case 'no-change':
        reasons.push({ code: 'no-change', severity: 'info', message: `no change beyond ±${c.thresholdPct}%${against}: ${numbers}` });
        break;
      case 'inconclusive':
        comparisonInconclusive = true;
        reasons.push({ code: 'inconclusive', severity: 'warning', message: `inconclusive${against}: ${c.why}; ${numbers}` });
        break;
    }
  }
  const verdict: Verdict = reasons.some((r) => r.severity === 'fail') ? 'fail' : comparisonInconclusive ? 'inconclusive' : 'pass';
  return { verdict, reasons };
}

/**
 * Whether the step should fail under `fail-on` (sla, regression, inconclusive, never). The
 * verdict stays what it is; this only decides the exit code.
 */
export function gateFails(result: VerdictResult, failOn: readonly string[]): boolean {
  if (failOn.includes('never')) return false;
  return result.reasons.some(
    (r) =>
      (r.code === 'sla-breached' && failOn.includes('sla')) ||
      (r.code === 'regression' && failOn.includes('regression')) ||
      ((r.code === 'inconclusive' || r.code === 'no-samples') && failOn.includes('inconclusive')),
  );
}

function signedMs(ms: number): string {
  return `${ms >= 0 ? '+' : '-'}${Math.round(Math.abs(ms))} ms`;
}
