// An optional check run (`check-name`) on the PR head commit, so branch protection can require
// it. Best effort: a token without `checks: write` gives a warning, never a failed step.
import type { Body } from '../util/sections.ts';
import { capBody, CHECK_SUMMARY_LIMIT } from './body-cap.ts';
import { notPostedReason } from './comment.ts';
import type { CheckConclusion, GitHubApi } from './client.ts';
import { errorMessage } from '../util/errors.ts';

const PERMISSION = 'checks: write`';

export type CheckRunStart = { ok: true; id: number; url: string | null } | { ok: false; warning: string };
export type CheckRunEnd = { ok: true; id: number; url: string | null } | { ok: false; warning: string };

export async function startCheckRun(
  api: GitHubApi,
  p: { name: string; headSha: string; detailsUrl?: string; externalId?: string },
): Promise<CheckRunStart> {
  try {
    const run = await api.createCheckRun(p);
    return { ok: true, id: run.id, url: run.html_url };
  } catch (e: unknown) {
    const warning = notPostedReason(e, `check run "${p.name}"`, PERMISSION);
    if (warning !== undefined) return { ok: false, warning };
    throw new Error(`creating check run "${p.name}" failed: ${errorMessage(e)}`, { cause: e });
  }
}

export interface CheckRunVerdict {
  conclusion: Extract<CheckConclusion, 'success' | 'failure' | 'neutral' | 'cancelled'>;
  /** One line, e.g. "p95 2.41 s ≤ SLA 3 s": GitHub shows it beside the check's name. */
  title: string;
  /** The report's Markdown, capped to GitHub's 65,535-character limit here by its sections. */
  summary: Body;
}

export async function completeCheckRun(api: GitHubApi, checkRunId: number, v: CheckRunVerdict): Promise<CheckRunEnd> {
  try {
    const run = await api.completeCheckRun(checkRunId, {
      conclusion: v.conclusion,
      // The title is a single line of at most 255 characters in practice; keep it short.
      output: { title: v.title.replace(/\s+/g, ' ').slice(0, 255), summary: capBody(v.summary, CHECK_SUMMARY_LIMIT) },
    });
    return { ok: true, id: run.id, url: run.html_url };
  } catch (e: unknown) {
    const warning = notPostedReason(e, 'check run result', PERMISSION);
    if (warning !== undefined) return { ok: false, warning };
    throw new Error(`completing check run ${checkRunId} failed: ${errorMessage(e)}`, { cause: e });
  }
}
