// Chooses the history store from `baseline`, `baseline-file`, `history-dir` and where the run
// is: a data branch through the API (GitHub Actions), a file the user names, a local folder (a
// developer's machine), or none. Writes only from trusted events (isTrustedForBaseline); PRs
// read. A baseline the user named that cannot be used is their error, said before measuring.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunConfig } from '../config/schema.ts';
import { ConfigError, fileErrorReason } from '../util/errors.ts';
import { connectGitHub, type GitHubApi, type GitHubLog } from '../github/client.ts';
import { isTrustedForBaseline } from '../github/event.ts';
import type { RunContext } from '../github/run-context.ts';
import { branchStore } from './branch-store.ts';
import { fileStore } from './file-store.ts';
import { checkHistory } from './history.ts';
import { looksLikeReport } from './report-import.ts';
import type { BaselineSession } from './session.ts';

/** Where the CLI keeps its history when nothing else is said, relative to the working folder. */
export const DEFAULT_HISTORY_DIR = '.startup-sla/history';

export type BaselineMode = 'branch' | 'file' | 'local' | 'none';

/** What `baseline` (default auto) means with the other inputs; contradictions are refused. */
export function resolveBaselineMode(run: Pick<RunConfig, 'baseline' | 'baseline-file' | 'history-dir'>, inActions: boolean): BaselineMode {
  const file = run['baseline-file'];
  if (file !== undefined && run.baseline !== 'auto' && run.baseline !== 'file') {
    throw new ConfigError(`Input "baseline-file" has value "${file}": it cannot be used with baseline "${run.baseline}" (use baseline "file" or "auto", or leave baseline-file out)`);
  }
  if (run['history-dir'] !== undefined && (run.baseline === 'none' || run.baseline === 'branch')) {
    throw new ConfigError(`Input "history-dir" has value "${run['history-dir']}": it cannot be used with baseline "${run.baseline}" (use baseline "local" or "auto")`);
  }
  if (run.baseline === 'file' && file === undefined) {
    throw new ConfigError('Input "baseline" has value "file": it needs "baseline-file", the path of an earlier JSON report or history document');
  }
  if (run.baseline !== 'auto') return run.baseline;
  if (file !== undefined) return 'file';
  if (run['history-dir'] !== undefined) return 'local';
  return inActions ? 'branch' : 'local';
}

/** The named file must be one we can read: said before measuring, not as a warning after. */
function checkBaselineFile(path: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    throw new ConfigError(`Input "baseline-file" has value "${path}": the file cannot be read (${fileErrorReason(e)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`Input "baseline-file" has value "${path}": not JSON; expected a startup-sla JSON report or history document`);
  }
  const items = Array.isArray(raw) ? raw : [raw];
  const ok = looksLikeReport(raw) || (items.length > 0 && items.every((item) => checkHistory(item, path).ok));
  if (!ok) {
    const problem = items.map((item) => checkHistory(item, `Input "baseline-file" has value "${path}":`)).find((c) => !c.ok);
    throw new ConfigError(problem && !problem.ok ? problem.problem.message : `Input "baseline-file" has value "${path}": not a startup-sla report or history document`);
  }
}

/** The commit a local run is on, so its history entries say which code they measured. */
function localCommit(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return 'local';
  }
}

/** The action's client where it has one (one client per run); otherwise one is made from the token. */
export interface GitHubAccess {
  log: GitHubLog;
  api?: GitHubApi | undefined;
}

export function baselineSession(run: RunConfig, ctx: RunContext, github: GitHubAccess, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BaselineSession {
  const inActions = env.GITHUB_ACTIONS === 'true';
  const mode = resolveBaselineMode(run, inActions);
  const trusted = isTrustedForBaseline({ eventName: ctx.eventName, payload: ctx.payload, ref: ctx.ref });
  const defaultBranch = ctx.event.defaultBranch ?? 'main';
  const pr = ctx.event.pullRequest;
  const commit = ctx.sha || (inActions ? '' : localCommit(cwd));
  const base: Omit<BaselineSession, 'store'> = {
    mode,
    requested: run.baseline,
    ...(pr?.baseSha
      ? {
          pullBase: {
            commit: pr.baseSha,
            token: run['github-token'],
            remoteUrl: env.GITHUB_SERVER_URL && ctx.repository ? `${env.GITHUB_SERVER_URL}/${ctx.repository}.git` : undefined,
            tempDir: env.RUNNER_TEMP,
          },
        }
      : {}),
    context: { defaultBranch, baseCommit: pr?.baseSha, headCommit: commit || undefined },
    historySize: run['history-size'],
    run: { runId: ctx.runId || `local-${Date.now()}`, commit: commit || 'unknown', ref: pr ? `refs/pull/${pr.number}/head` : ctx.ref || 'local', event: ctx.eventName || 'local' },
  };
  // A store the user named: any branch, and a result of this same commit counts (re-runs, local iterations).
  const named = { ...base.context, anyBranch: true, sameCommitOk: true };
  switch (mode) {
    case 'none':
      return { ...base, noStoreReason: 'baseline is none' };
    case 'file': {
      const path = resolve(cwd, run['baseline-file'] ?? '');
      checkBaselineFile(path);
      return { ...base, context: named, store: fileStore({ baselineFile: path, trusted: false }) };
    }
    case 'local': {
      const dir = resolve(cwd, run['history-dir'] ?? DEFAULT_HISTORY_DIR);
      // Outside Actions every run is the developer's own; inside, the usual trust rule.
      return { ...base, context: named, store: fileStore({ historyDir: dir, trusted: inActions ? trusted : true }) };
    }
    case 'branch': {
      const token = run['github-token'];
      if (!token || !ctx.repository) {
        return { ...base, noStoreReason: `the history branch needs ${!token ? 'github-token' : 'GITHUB_REPOSITORY'}` };
      }
      const api = github.api ?? connectGitHub({ token, baseUrl: ctx.apiUrl, log: github.log, repository: ctx.repository });
      return {
        ...base,
        store: branchStore({ api, branch: run['baseline-branch'], trusted, commitNote: `run ${ctx.runId} (${ctx.sha.slice(0, 7)})` }),
      };
    }
  }
}
