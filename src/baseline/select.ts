// Which stored result a run is compared with. "Compared with the wrong commit" is the most
// common complaint about benchmark actions, so the rule is explicit and the answer always says
// which commit and date it picked, and how.
import type { HistoryEntry } from './history.ts';

export interface SelectionContext {
  /** The repository's default branch name (`main`). */
  defaultBranch: string;
  /** For a PR: the base commit (pull_request.base.sha). */
  baseCommit?: string;
  /**
   * Nothing newer than this (ISO) is a baseline: the PR base commit's date when known, else
   * the run's start. Leave out to take the newest.
   */
  notAfter?: string;
  /** This run's commit: never its own baseline (a push re-run compares with its parent's). */
  headCommit?: string;
  /**
   * The user named the baseline (`baseline-file`): any branch will do, the newest result in it
   * is the baseline when the base commit has none. A local CLI run records no branch at all.
   */
  anyBranch?: boolean;
  /**
   * The user named the store (a baseline file, the local history): a result of this same commit
   * counts too, since every local iteration and every re-run is one.
   */
  sameCommitOk?: boolean;
}

export type Selection =
  | {
      entry: HistoryEntry;
      commit: string;
      date: string;
      how: 'base-commit' | 'nearest-older';
      description: string;
      /** The runs compared with (run-compare.ts): the chosen one and the eligible ones before it, newest first. */
      window: HistoryEntry[];
    }
  | { entry: undefined; reason: string };

export function isDefaultBranch(ref: string, defaultBranch: string): boolean {
  return ref === defaultBranch || ref === `refs/heads/${defaultBranch}`;
}

export function selectBaseline(entries: readonly HistoryEntry[], ctx: SelectionContext, windowSize = Number.POSITIVE_INFINITY): Selection {
  const newestFirst = [...entries].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  const eligible = (e: HistoryEntry) =>
    (ctx.anyBranch || isDefaultBranch(e.ref, ctx.defaultBranch)) && (ctx.sameCommitOk || e.commit === '' || e.commit !== ctx.headCommit);
  const windowUpTo = (chosen: HistoryEntry) =>
    [chosen, ...newestFirst.filter((e) => e !== chosen && eligible(e) && Date.parse(e.date) <= Date.parse(chosen.date))].slice(0, windowSize);
  const sameCommit = (e: HistoryEntry) => (ctx.headCommit !== undefined && e.commit === ctx.headCommit ? ', made on this same commit' : '');
  if (ctx.baseCommit) {
    // Re-runs of the base commit: the newest one.
    const exact = newestFirst.find((e) => e.commit === ctx.baseCommit);
    if (exact) {
      return { entry: exact, commit: exact.commit, date: exact.date, how: 'base-commit', description: `base commit ${exact.commit.slice(0, 7)} (${exact.date})`, window: windowUpTo(exact) };
    }
  }
  const limit = ctx.notAfter === undefined ? Number.POSITIVE_INFINITY : Date.parse(ctx.notAfter);
  const older = newestFirst.find((e) => eligible(e) && Date.parse(e.date) <= limit);
  if (older) {
    const instead = ctx.baseCommit ? `base commit ${ctx.baseCommit.slice(0, 7)} has no result; ` : '';
    return {
      entry: older,
      commit: older.commit,
      date: older.date,
      how: 'nearest-older',
      description: `${instead}nearest older ${ctx.anyBranch ? '' : `${ctx.defaultBranch} `}result ${shortCommit(older.commit)} (${older.date}${sameCommit(older)})`,
      window: windowUpTo(older),
    };
  }
  if (entries.length === 0) return { entry: undefined, reason: 'the history is empty (no trusted run has stored a result yet)' };
  return {
    entry: undefined,
    reason: `none of ${entries.length} stored result(s) is ${ctx.anyBranch ? 'usable' : `on ${ctx.defaultBranch}`}${ctx.notAfter ? ` at or before ${ctx.notAfter}` : ''}${ctx.headCommit && !ctx.sameCommitOk ? ' other than this commit' : ''}`,
  };
}

function shortCommit(commit: string): string {
  return commit === '' || commit === 'unknown' || commit === 'local' ? '(no commit recorded)' : commit.slice(0, 7);
}
