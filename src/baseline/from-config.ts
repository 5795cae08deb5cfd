// Chooses the history store from `baseline` and the event: a data branch through the API, a
// file, or none. Writes only from trusted events (isTrustedForBaseline); PRs read.
import type { RunConfig } from '../config/schema.ts';
import { createOctokit, parseRepo, type GitHubLog } from '../github/client.ts';
import { isTrustedForBaseline } from '../github/event.ts';
import type { RunContext } from '../github/run-context.ts';
import { branchStore } from './branch-store.ts';
import { fileStore } from './file-store.ts';
import type { BaselineSession } from './session.ts';

export function baselineSession(run: RunConfig, ctx: RunContext, log: GitHubLog): BaselineSession {
  const trusted = isTrustedForBaseline({ eventName: ctx.eventName, payload: ctx.payload, ref: ctx.ref });
  const defaultBranch = ctx.event.defaultBranch ?? 'main';
  const pr = ctx.event.pullRequest;
  const base: Omit<BaselineSession, 'store'> = {
    context: { defaultBranch, baseCommit: pr?.baseSha, headCommit: ctx.sha || undefined },
    historySize: run['history-size'],
    run: { runId: ctx.runId || `local-${Date.now()}`, commit: ctx.sha, ref: pr ? `refs/pull/${pr.number}/head` : ctx.ref, event: ctx.eventName },
  };
  if (run.baseline === 'none') return { ...base, noStoreReason: 'baseline is none' };
  if (run.baseline === 'file') {
    if (!run['baseline-file']) return { ...base, noStoreReason: 'baseline is file but no baseline-file was given' };
    return { ...base, context: { ...base.context, anyBranch: true }, store: fileStore({ baselineFile: run['baseline-file'], trusted }) };
  }
  const token = run['github-token'];
  if (!token || !ctx.repository) {
    return { ...base, noStoreReason: `the history branch needs ${!token ? 'github-token' : 'GITHUB_REPOSITORY'}` };
  }
  const octokit = createOctokit({ token, baseUrl: ctx.apiUrl, log });
  const { owner, repo } = parseRepo(ctx.repository);
  return {
    ...base,
    store: branchStore({ octokit, owner, repo, branch: run['baseline-branch'], trusted, commitNote: `run ${ctx.runId} (${ctx.sha.slice(0, 7)})` }),
  };
}
