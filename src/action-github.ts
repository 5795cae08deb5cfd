// The action's GitHub surfaces (check run, PR comments), set up from the raw inputs so that a run
// which fails before its configuration parses can still complete its required check and correct
// an older comment. Every write is best effort: a refusal or an outage is a warning, never the
// step's result.
import * as core from '@actions/core';
import { connectGitHub, type GitHubApi, type GitHubLog } from './github/client.ts';
import { completeCheckRun, startCheckRun } from './github/check-run.ts';
import { markCommentsErrored, resolveIdentity, upsertComment } from './github/comment.ts';
import type { RunContext } from './github/run-context.ts';
import { summarySections } from './report/summary.ts';
import { errorSummarySections, errorTitle } from './report/error-summary.ts';
import { errorOutputs } from './report/results.ts';
import type { Report } from './report/report.ts';
import { setOutputs, writeSummary } from './action-surfaces.ts';
import { failureLine, OWNER_TITLE, type Failure } from './failure.ts';
import { errorMessage } from './util/errors.ts';
import { joinSections, type Section } from './util/sections.ts';

export const ghLog: GitHubLog = { warning: (m) => core.warning(m), debug: (m) => core.debug(m) };

export interface GitHubSurfaces {
  api: GitHubApi | undefined;
  checkName: string | undefined;
  comment: boolean;
  prNumber: number | undefined;
  /** Set once the check run exists. */
  check?: { id: number; url: string | null } | undefined;
}

export interface PostedUrls {
  comment?: string;
  checkRun?: string;
}

/** From the raw inputs: they are all there is when the configuration itself was refused. */
export function gitHubSurfaces(inputs: Record<string, string>, ctx: RunContext): GitHubSurfaces {
  const token = inputs['github-token'] ?? '';
  const prInput = Number.parseInt(inputs['pr-number'] ?? '', 10);
  const surfaces: GitHubSurfaces = {
    api: undefined,
    checkName: inputs['check-name']?.trim() || undefined,
    comment: (inputs.comment ?? '').trim().toLowerCase() !== 'false',
    prNumber: Number.isInteger(prInput) && prInput > 0 ? prInput : ctx.event.pullRequest?.number,
  };
  if (!token) return skipped(surfaces, 'no github-token was given');
  if (!ctx.repository) return skipped(surfaces, 'the repository is unknown (neither GITHUB_REPOSITORY nor the event names it)');
  try {
    surfaces.api = connectGitHub({ token, baseUrl: ctx.apiUrl, log: ghLog, repository: ctx.repository });
  } catch (e: unknown) {
    return skipped(surfaces, errorMessage(e));
  }
  if (surfaces.comment && surfaces.prNumber === undefined) core.info(`startup-sla: no PR comment: ${ctx.eventName ? `event "${ctx.eventName}" is not a pull request` : 'no event was given (GITHUB_EVENT_NAME is not set)'}`);
  return surfaces;
}

function skipped(s: GitHubSurfaces, why: string): GitHubSurfaces {
  if (s.checkName || (s.comment && s.prNumber !== undefined)) core.info(`startup-sla: no check run or PR comment: ${why}`);
  return s;
}

export async function startCheck(gh: GitHubSurfaces, ctx: RunContext): Promise<void> {
  const name = gh.checkName;
  if (!name || !gh.api || gh.check) return;
  if (!ctx.sha) return core.warning(`startup-sla: check run "${name}" not created: no commit (GITHUB_SHA is not set and the event names none)`);
  try {
    const started = await startCheckRun(gh.api, { name, headSha: ctx.sha, ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {}) });
    if (!started.ok) core.warning(started.warning);
    else gh.check = { id: started.id, url: started.url };
  } catch (e: unknown) {
    core.warning(`startup-sla: check run "${name}" not created (${errorMessage(e).split('\n')[0]}); measuring anyway`);
  }
}

const f0 = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');

/** Each write on its own: one that fails (an outage, a refusal) costs a warning, not the others. */
/** `check`: the check run's conclusion, and its summary (the job summary's sections). */
export async function postToGitHub(report: Report, ctx: RunContext, gh: GitHubSurfaces, check: { summary: readonly Section[]; conclusion: 'success' | 'failure' | 'neutral' }): Promise<PostedUrls> {
  const urls: PostedUrls = {};
  const { api, prNumber } = gh;
  if (gh.comment && api && prNumber !== undefined) {
    const identity = await resolveIdentity(api).catch(() => undefined);
    for (const t of report.targets) {
      await bestEffort(`PR comment for ${t.id}`, async () => {
        const body = summarySections({ ...report, verdict: t.verdict, targets: [t] }, { runUrl: ctx.runUrl });
        const posted = await upsertComment(api, { issueNumber: prNumber, targetId: t.id, body, ...(identity ? { identity } : {}), log: ghLog });
        if (posted.posted) {
          core.info(`startup-sla: PR comment ${posted.action}: ${posted.url}`);
          urls.comment ??= posted.url;
        } else core.warning(`startup-sla: ${posted.reason}`);
      });
    }
  }
  const run = gh.check;
  if (api && run) {
    await bestEffort('check run', async () => {
      const done = await completeCheckRun(api, run.id, {
        conclusion: check.conclusion,
        title: report.targets.map((t) => `${t.id}: ${t.verdict} (${t.sla.stat} ${f0(t.sla.valueMs)} ms, SLA ${t.sla.limitMs} ms)`).join('; '),
        summary: check.summary,
      });
      if (!done.ok) core.warning(done.warning);
      else if (done.url) urls.checkRun = done.url;
    });
  }
  return urls;
}

/**
 * The run could not measure: say so everywhere the result would have gone. The failure line
 * comes first, so nothing below (GitHub unreachable, a summary that cannot be written) can lose
 * it; nothing here throws.
 */
export async function reportFailure(f: Failure, ctx: RunContext, gh: GitHubSurfaces): Promise<void> {
  core.setFailed(failureLine(f));
  const facts = { whose: OWNER_TITLE[f.owner], message: f.stack ?? f.message, hint: f.hint, runUrl: ctx.runUrl };
  const markdown = errorSummarySections(facts);
  const urls: PostedUrls = {};
  try {
    setOutputs(errorOutputs());
    await writeSummary(joinSections(markdown));
    const { api, checkName, prNumber } = gh;
    if (api && checkName) {
      await bestEffort('check run', async () => {
        await startCheck(gh, ctx);
        if (!gh.check) return;
        const done = await completeCheckRun(api, gh.check.id, { conclusion: 'failure', title: errorTitle(facts), summary: markdown });
        if (!done.ok) core.warning(done.warning);
        else if (done.url) urls.checkRun = done.url;
      });
    }
    if (api && gh.comment && prNumber !== undefined) {
      await bestEffort('PR comment', async () => {
        const identity = await resolveIdentity(api);
        const marked = await markCommentsErrored(api, { issueNumber: prNumber, body: markdown, identity });
        if ('reason' in marked) core.warning(`startup-sla: ${marked.reason}`);
        for (const c of marked.updated) core.info(`startup-sla: PR comment marked as errored: ${c.url}`);
        if (marked.updated[0]) urls.comment = marked.updated[0].url;
      });
    }
    setOutputs({ 'comment-url': urls.comment ?? '', 'check-run-url': urls.checkRun ?? '' });
  } catch (e: unknown) {
    core.warning(`startup-sla: the error could not be reported everywhere (${errorMessage(e)})`);
  }
}

async function bestEffort(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e: unknown) {
    core.warning(`startup-sla: ${what} not posted (${errorMessage(e).split('\n')[0]}); the job summary and the report have the result`);
  }
}

/**
 * A cancelled run completes its check run as cancelled, so a required check does not stay "in
 * progress". Bounded: the runner's SIGTERM follows SIGINT by 7.5 s, and the lifecycle's hard exit
 * comes first.
 */
export async function cancelCheck(gh: GitHubSurfaces): Promise<void> {
  const { api, check } = gh;
  if (!api || !check) return;
  const done = completeCheckRun(api, check.id, { conclusion: 'cancelled', title: 'cancelled before a verdict', summary: 'startup-sla was cancelled; it removed the containers it had started.' }).catch(() => undefined);
  await Promise.race([done, new Promise((r) => setTimeout(r, 2000).unref())]);
}
