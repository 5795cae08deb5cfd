// The history as points for a chart in the PR comment (the report renders them): the last N
// default-branch results, oldest first.
import type { HistoryEntry } from './history.ts';
import { isDefaultBranch } from './select.ts';

export interface TrendPoint {
  commit: string;
  /** 7-character sha, as GitHub shows it. */
  shortSha: string;
  date: string;
  runId: string;
  p50: number;
  p95: number;
  n: number;
}

export function trendPoints(entries: readonly HistoryEntry[], defaultBranch: string, last: number = 20): TrendPoint[] {
  if (last <= 0) return [];
  return entries
    .filter((e) => isDefaultBranch(e.ref, defaultBranch))
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date))
    .slice(-last)
    .map((e) => ({ commit: e.commit, shortSha: e.commit.slice(0, 7), date: e.date, runId: e.runId, p50: e.stats.p50, p95: e.stats.p95, n: e.stats.n }));
}
