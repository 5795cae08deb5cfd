// The one call main makes per target after measuring: pick the baseline (interleaved base arm,
// or an entry of the stored history), check the environments match, compare the samples and the
// phases, list what changed, and decide the verdict. Pure: the store was read before.
import type { Sample, StatName, Stats } from '../model.ts';
import { describe } from '../analyze/stats.ts';
import { compareSamples, type Comparison } from '../analyze/compare.ts';
import { compareRuns, WINDOW } from '../analyze/run-compare.ts';
import { median } from '../analyze/stats.ts';
import { comparePhases, compareRunPhases, type PhaseComparison } from '../analyze/phase-compare.ts';
import { countedSamples } from '../analyze/samples.ts';
import { slaStats, type SlaScope } from '../analyze/bursts.ts';
import { costLimits, summarizeCost } from '../analyze/cost.ts';
import { decideVerdict, type BaselineRef, type FailOn, type VerdictInput, type VerdictResult } from '../analyze/verdict.ts';
import { environmentDifferences, type EnvironmentFingerprint } from './fingerprint.ts';
import { entrySamples, type HistoryDoc } from './history.ts';
import { selectBaseline, type Selection, type SelectionContext } from './select.ts';
import { whatChanged, type ArtefactFacts, type Change } from './what-changed.ts';

export type BaselineSource =
  /** `baseline-image`: the base arm was measured alternately in this run. */
  | {
      kind: 'interleaved';
      baseArtefact?: ArtefactFacts;
      /** What the base arm is ("base commit abc1234, built here"), printed with the comparison. */
      ref?: BaselineRef;
      /** Compare only samples from this index on (a confirmation run after a history verdict). */
      fromIndex?: number;
    }
  /** A history read from a store (undefined doc: `problem` says why there is none). */
  | { kind: 'history'; doc: HistoryDoc | undefined; context: SelectionContext; problem?: string }
  | { kind: 'none'; reason: string };

export interface EvaluateInput {
  /** All samples of the target (warm-ups and arms are sorted out here). */
  samples: readonly Sample[];
  environment: EnvironmentFingerprint;
  artefact?: ArtefactFacts;
  slaMs: number;
  slaStat: StatName;
  /** `regression-threshold`, percent. */
  thresholdPct: number;
  /** alphaPerLook(plan) when sampling sequentially under `max-runs`. */
  alpha?: number;
  failOn: readonly FailOn[];
  /** A start failed: the verdict says so first. */
  startFailure?: string;
  baseline: BaselineSource;
  /** Why the base commit was not built here (the history stands in): said with the verdict. */
  note?: string;
  /** The history's regression this interleaved run was measured to confirm. */
  confirming?: string;
  /** `start: cold`: what the cold starts give the verdict. */
  cold?: VerdictInput['cold'];
  /** `sla-scope` and `concurrency`; every start, bursts of one, when absent. */
  slaScope?: { scope: SlaScope; size: number };
  /** `max-memory-mib`, `max-gpu-memory-mib`. */
  limits?: { memoryMiB?: number | undefined; gpuMemoryMiB?: number | undefined };
}

export interface Evaluation {
  /** Over every counted start of the head. */
  stats: Stats;
  /** What the SLA was held against: `stats`, or the slowest start per burst (`sla-scope: burst`). */
  slaStats: Stats;
  verdict: VerdictResult;
  comparison?: Comparison;
  phases: PhaseComparison[];
  /** Which history entry was the baseline (history source only). */
  selection?: Selection;
  /** "Docker 27.3.1 -> 28.0.0": non-empty means not comparable (no comparison made). */
  environmentDifferences: string[];
  /** Shown beside the comparison, never a reason to refuse it. */
  changes: Change[];
}

export function evaluateTarget(input: EvaluateInput): Evaluation {
  const head = countedSamples(input.samples, 'head');
  const stats = describe(head.map((s) => s.totalMs));
  const scoped = slaStats(head, input.slaScope?.scope ?? 'start', stats);
  const limits = input.limits ? costLimits(summarizeCost(head), input.limits) : [];
  const sla = { stats: scoped, slaScope: input.slaScope, costLimits: limits, slaMs: input.slaMs, slaStat: input.slaStat, failOn: input.failOn, startFailure: input.startFailure, note: input.note, confirming: input.confirming, cold: input.cold };
  const options = { thresholdPct: input.thresholdPct, alpha: input.alpha };
  const compare = (base: readonly Sample[], against: readonly Sample[] = head) => ({
    comparison: compareSamples(against.map((s) => s.totalMs), base.map((s) => s.totalMs), options),
    phases: comparePhases(against, base),
  });
  const b = input.baseline;

  if (b.kind === 'none') {
    return { stats, slaStats: scoped, verdict: decideVerdict({ ...sla, noBaselineReason: b.reason }), phases: [], environmentDifferences: [], changes: [] };
  }
  if (b.kind === 'interleaved') {
    // Same job, same runner, alternating: no environment can differ.
    const window = input.samples.filter((s) => s.index >= (b.fromIndex ?? 0));
    const { comparison, phases } = compare(countedSamples(window, 'base'), countedSamples(window, 'head'));
    const changes = whatChanged(b.baseArtefact, input.artefact);
    return { stats, slaStats: scoped, verdict: decideVerdict({ ...sla, comparison, phases, baseline: b.ref }), comparison, phases, environmentDifferences: [], changes };
  }
  if (b.doc === undefined) {
    return { stats, slaStats: scoped, verdict: decideVerdict({ ...sla, noBaselineReason: b.problem ?? 'no history stored yet' }), phases: [], environmentDifferences: [], changes: [] };
  }
  const selection = selectBaseline(b.doc.entries, b.context, WINDOW);
  if (selection.entry === undefined) {
    return { stats, slaStats: scoped, verdict: decideVerdict({ ...sla, noBaselineReason: selection.reason }), phases: [], selection, environmentDifferences: [], changes: [] };
  }
  const baseline = { commit: selection.commit, date: selection.date, description: selection.description };
  const changes = whatChanged(selection.entry.artefact, input.artefact);
  const differences = environmentDifferences(b.doc.environment, input.environment);
  if (differences.length > 0) {
    return { stats, slaStats: scoped, verdict: decideVerdict({ ...sla, baseline, environmentDifferences: differences }), phases: [], selection, environmentDifferences: differences, changes };
  }
  // The run is the unit here: this run's median against the stored runs' medians.
  const runs = selection.window.map((e) => ({ medianMs: e.stats.p50 > 0 ? e.stats.p50 : median(e.totals), n: e.totals.length }));
  const comparison = compareRuns(head.map((s) => s.totalMs), runs, options);
  const phases = compareRunPhases(head, selection.window.map(entrySamples));
  return { stats, slaStats: scoped, verdict: decideVerdict({ ...sla, comparison, phases, baseline }), comparison, phases, selection, environmentDifferences: [], changes };
}
