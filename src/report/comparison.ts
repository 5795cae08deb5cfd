// The comparison as the report keeps it: plain data for the JSON report, the summary and the
// PR comment, taken from the baseline evaluation.
import type { Evaluation } from '../baseline/evaluate.ts';
import type { WriteResult } from '../baseline/store.ts';
import type { TrendPoint } from '../baseline/trend.ts';
import type { Reason as VerdictReason } from '../analyze/verdict.ts';

export type Reason = Omit<VerdictReason, 'code'> & { code: VerdictReason['code'] | 'start-failed' | 'cold-start-failed' | 'cold-sla-met' | 'cold-sla-breached' };

export interface ComparisonSummary {
  /** regression | improvement | no-change | inconclusive; absent without a comparable baseline. */
  classification?: string;
  ratio?: number;
  deltaPct?: number;
  deltaMs?: number;
  ci?: { lo: number; hi: number; level: number };
  pValue?: number;
  nBase?: number;
  /** Which stored result was the baseline: commit and date, always printed with the comparison. */
  baseline?: { commit: string; date: string; description: string };
  /** Per-phase changes, "engine deserialized +180 ms"; `moved` marks the significant ones. */
  phases: { name: string; deltaMs: number; moved: boolean; label: string }[];
  /** What the PR changed in the artefact (image size, engine ...). */
  changes: string[];
  environmentDifferences: string[];
  trend: TrendPoint[];
  store?: string | undefined;
  saved?: WriteResult | undefined;
}

export function summarizeComparison(ev: Evaluation, trend: TrendPoint[], store: string | undefined, saved: WriteResult | undefined): ComparisonSummary {
  const c = ev.comparison;
  const out: ComparisonSummary = {
    phases: ev.phases.map((p) => ({ name: p.name, deltaMs: p.deltaMs, moved: p.moved, label: p.label })),
    changes: ev.changes.map((ch) => ch.text),
    environmentDifferences: ev.environmentDifferences,
    trend,
    store,
    saved,
  };
  if (c) {
    out.classification = c.classification;
    out.ratio = c.ratio;
    out.deltaPct = (c.ratio - 1) * 100;
    out.deltaMs = c.deltaMs;
    out.ci = c.ci;
    out.pValue = c.pValue;
    out.nBase = c.nBase;
  }
  if (ev.selection?.entry) out.baseline = { commit: ev.selection.commit, date: ev.selection.date, description: ev.selection.description };
  return out;
}
