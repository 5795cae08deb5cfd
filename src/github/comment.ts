// One PR comment per target, updated in place. Our comment is found by a hidden marker at the
// very start of the body AND by its author being the action's own identity, so a human quoting
// the marker (or a log that prints one) is never mistaken for ours.
//
// Identity: the login behind the token, from GET /user, when the token is a user's (a PAT);
// GITHUB_TOKEN and app installation tokens cannot call GET /user (403), and GITHUB_TOKEN posts
// as `github-actions[bot]`, so that is the fallback. A GitHub App token posts as
// `<app-slug>[bot]`: pass `identity` for it. After we create a comment its author is known for
// sure, and the duplicate check after creating uses that.
// Bodies are capped to GitHub's limit by body-cap.ts, by the sections the caller hands over.
import type { Body } from '../util/sections.ts';
import { capBody, COMMENT_LIMIT } from './body-cap.ts';
import { httpStatus, type GitHubApi, type GitHubLog, type IssueComment } from './client.ts';
import { errorMessage } from '../util/errors.ts';

export const DEFAULT_IDENTITY = 'github-actions[bot]';

export function commentMarker(targetId: string): string {
  // encodeURIComponent leaves no `>` or whitespace, so the id cannot end the HTML comment.
  return `<!-- startup-sla:target=${encodeURIComponent(targetId)} -->`;
}

/** The combining job's one comment for a whole matrix: its own marker, so reruns update it. */
export const COMBINED_MARKER = '<!-- startup-sla:combined -->';

export function isOurComment(c: IssueComment, marker: string, identity: string): boolean {
  return c.user?.login === identity && c.body.startsWith(marker);
}

function oldestFirst(a: IssueComment, b: IssueComment): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;
}

export async function resolveIdentity(api: GitHubApi): Promise<string> {
  return (await api.authenticatedLogin()) ?? DEFAULT_IDENTITY;
}

export type UpsertResult =
  | { posted: true; action: 'created' | 'updated' | 'unchanged'; commentId: number; url: string; deletedDuplicates: number[] }
  | { posted: false; reason: string };

export interface UpsertOptions {
  issueNumber: number;
  targetId: string;
  /** The report; capped to fit by its sections, the marker is added. */
  body: Body;
  /** Whose comments count as ours; default: see the top of this file. */
  identity?: string;
  log?: GitHubLog;
  /** Instead of the target's marker (COMBINED_MARKER). */
  marker?: string;
}

/** Why a refused write is not a failure of the run, in the user's terms. */
export function notPostedReason(e: unknown, what: string, permission: string): string | undefined {
  const status = httpStatus(e);
  const message = errorMessage(e);
  if (status === 403 && /rate limit/i.test(message)) return `${what} not posted: rate limited by GitHub (${message})`;
  if (status === 403 || status === 401) {
    return (
      `${what} not posted: the token may not write here (HTTP ${status}: ${message}). Give the job ` +
      `\`permissions: ${permission}\`; pull requests from forks always get a read-only token, so use ` +
      'the fork-safe split (examples/workflows/fork-safe-*.yml) for them.'
    );
  }
  return undefined;
}

const COMMENT_PERMISSION = 'pull-requests: write` (or `issues: write`)';

export async function upsertComment(api: GitHubApi, opts: UpsertOptions): Promise<UpsertResult> {
  const marker = opts.marker ?? commentMarker(opts.targetId);
  const full = `${marker}\n${capBody(opts.body, COMMENT_LIMIT - marker.length - 1)}`;
  try {
    let identity = opts.identity ?? (await resolveIdentity(api));
    const ours = async () => (await api.listIssueComments(opts.issueNumber)).filter((c) => isOurComment(c, marker, identity)).sort(oldestFirst);
    let found = await ours();
    let action: 'created' | 'updated' | 'unchanged' = 'unchanged';
    let kept = found[0];
    if (kept === undefined) {
      const created = await api.createIssueComment(opts.issueNumber, full);
      identity = created.user?.login ?? identity;
      // Another run may have created one between our list and our create: look again, and
      // let every run agree on the oldest.
      found = await ours();
      if (!found.some((c) => c.id === created.id)) found = [...found, created].sort(oldestFirst);
      kept = found[0] ?? created;
      action = 'created';
      if (kept.id !== created.id) {
        kept = await api.updateIssueComment(kept.id, full);
        action = 'updated';
      }
    } else if (kept.body !== full) {
      kept = await api.updateIssueComment(kept.id, full);
      action = 'updated';
    }
    const keptId = kept.id;
    const deleted: number[] = [];
    for (const dup of found.filter((c) => c.id !== keptId)) {
      try {
        await api.deleteIssueComment(dup.id);
        deleted.push(dup.id);
      } catch (e: unknown) {
        // A concurrent run deleted it first: the outcome we wanted.
        if (httpStatus(e) !== 404) throw e;
      }
    }
    if (deleted.length > 0) opts.log?.debug(`deleted duplicate comments ${deleted.join(', ')} (kept ${keptId})`);
    return { posted: true, action, commentId: kept.id, url: kept.html_url, deletedDuplicates: deleted };
  } catch (e: unknown) {
    const reason = notPostedReason(e, 'comment', COMMENT_PERMISSION);
    if (reason !== undefined) return { posted: false, reason };
    throw new Error(`upserting the PR comment on #${opts.issueNumber} failed: ${errorMessage(e)}`, { cause: e });
  }
}

const ANY_MARKER_RE = /^<!-- startup-sla:(?:target=[^\s>]*|combined) -->/;

export type ErroredResult = { updated: { commentId: number; url: string }[] } | { updated: []; reason: string };

/**
 * A run that ended in an error rewrites every comment of ours on the PR (whatever target it was
 * about: the targets may not even be known) so none goes on showing an older verdict. It creates
 * none: a PR never commented on needs no correction, and the job summary has the error.
 */
export async function markCommentsErrored(api: GitHubApi, opts: { issueNumber: number; body: Body; identity: string }): Promise<ErroredResult> {
  try {
    const ours = (await api.listIssueComments(opts.issueNumber)).filter((c) => c.user?.login === opts.identity && ANY_MARKER_RE.test(c.body));
    const updated: { commentId: number; url: string }[] = [];
    for (const c of ours) {
      // The marker as commentMarker() wrote it; the next run finds the comment by it again.
      const marker = ANY_MARKER_RE.exec(c.body)?.[0];
      if (marker === undefined) continue;
      const full = `${marker}\n${capBody(opts.body, COMMENT_LIMIT - marker.length - 1)}`;
      const done = c.body === full ? c : await api.updateIssueComment(c.id, full);
      updated.push({ commentId: done.id, url: done.html_url });
    }
    return { updated };
  } catch (e: unknown) {
    const reason = notPostedReason(e, 'comment', COMMENT_PERMISSION);
    if (reason !== undefined) return { updated: [], reason };
    throw new Error(`marking the PR comments on #${opts.issueNumber} as errored failed: ${errorMessage(e)}`, { cause: e });
  }
}
