// The one place an Octokit is made, and the small interface the rest of the action uses (comments,
// check runs, the history branch), so that logic can be tested against a fake or the local API
// server alike and nothing else calls `octokit.rest`.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export interface GitHubLog {
  warning(message: string): void;
  debug(message: string): void;
}

const silent: GitHubLog = { warning: () => {}, debug: () => {} };

export interface ClientOptions {
  token: string;
  /** GITHUB_API_URL on the runner (differs on GHES and GHE.com); api.github.com otherwise. */
  baseUrl?: string;
  log?: GitHubLog;
  /** How many times one request is retried after a rate limit (default 3). */
  rateLimitRetries?: number;
  /** Never wait longer than this for a rate limit to lift (default 120 s): fail instead. */
  maxRetryAfterS?: number;
  /** Milliseconds per second of `retry-after`; tests shrink it (default 1000). */
  retryAfterUnitMs?: number;
  /**
   * The throttling plugin spaces writes per id, process-wide. One run makes one client, so the
   * default is shared; tests simulating concurrent runs give each its own.
   */
  throttleId?: string;
}

export type Octokit = ReturnType<typeof getOctokit>;

export function createOctokit(opts: ClientOptions): Octokit {
  const log = opts.log ?? silent;
  const maxRetries = opts.rateLimitRetries ?? 3;
  const maxWait = opts.maxRetryAfterS ?? 120;
  const unit = opts.retryAfterUnitMs ?? 1000;
  const baseUrl = (opts.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const what = `${kind} rate limit on ${options.method} ${options.url}`;
      if (retryCount < maxRetries && retryAfter <= maxWait) {
        log.warning(`${what}: retrying after ${retryAfter} s (retry ${retryCount + 1} of ${maxRetries})`);
        return true;
      }
      log.warning(`${what}: giving up (retry-after ${retryAfter} s, ${retryCount} retries so far)`);
      return false;
    };
  return getOctokit(
    opts.token,
    {
      baseUrl,
      throttle: {
        id: opts.throttleId ?? 'startup-sla',
        retryAfterBaseValue: unit,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
      retry: {
        // Server errors and network failures: two quick retries (0.25 s, then 1 s). GitHub being
        // unreachable must cost the run seconds, not the minute the defaults would add up to
        // over the few requests a run makes (bench: 67 s before).
        retries: 2,
        retryAfterBaseValue: Math.min(unit, 250),
        // Rate limits (403/429) belong to the throttling plugin, which honours retry-after; a 409
        // (stale sha) must be re-read by the caller, not resent as is.
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
      },
      log: { debug: log.debug, info: log.debug, warn: log.warning, error: log.warning },
    },
    retry,
    throttling,
  );
}

/** The HTTP status of a failed request, if it was one. */
export function httpStatus(e: unknown): number | undefined {
  if (typeof e === 'object' && e !== null && 'status' in e && typeof e.status === 'number') return e.status;
  return undefined;
}

export interface Repo {
  owner: string;
  repo: string;
}

/** `owner/name` (GITHUB_REPOSITORY) split in two. */
export function parseRepo(fullName: string): Repo {
  const [owner, repo, extra] = fullName.split('/');
  if (!owner || !repo || extra !== undefined) throw new Error(`expected owner/name, got "${fullName}"`);
  return { owner, repo };
}

export interface IssueComment {
  id: number;
  body: string;
  user: { login: string; type: string } | null;
  created_at: string;
  html_url: string;
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'timed_out' | 'action_required' | 'skipped';

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckRun {
  id: number;
  html_url: string | null;
}

/** A path on a branch, as the contents API describes it. */
export type RepoEntry =
  | { kind: 'file'; sha: string; /** Absent above 1 MB, where the API leaves it empty: read the blob. */ base64?: string }
  | { kind: 'other' };

export interface PutFile {
  path: string;
  branch: string;
  message: string;
  base64: string;
  /** The blob sha the write replaces; absent for a new file. A stale one is refused (409/422). */
  sha?: string;
}

/**
 * What comment.ts, check-run.ts and the branch store need from GitHub, for one repository;
 * errors carry the HTTP `status` (404 for a path, ref or branch that is not there).
 */
export interface GitHubApi extends CommentsApi, ChecksApi, ContentsApi {
  readonly repo: Repo;
}

export interface CommentsApi {
  /** The token's own login, or undefined when the token cannot say (installation tokens). */
  authenticatedLogin(): Promise<string | undefined>;
  listIssueComments(issueNumber: number): Promise<IssueComment[]>;
  createIssueComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateIssueComment(commentId: number, body: string): Promise<IssueComment>;
  deleteIssueComment(commentId: number): Promise<void>;
}

export interface ChecksApi {
  createCheckRun(p: { name: string; headSha: string; detailsUrl?: string; externalId?: string }): Promise<CheckRun>;
  completeCheckRun(checkRunId: number, p: { conclusion: CheckConclusion; output: CheckRunOutput }): Promise<CheckRun>;
}

/** The history branch's needs: https://docs.github.com/rest/repos/contents and git/refs. */
export interface ContentsApi {
  getEntry(path: string, ref: string): Promise<RepoEntry>;
  /** A blob's content, base64. */
  getBlob(sha: string): Promise<string>;
  /** The commit a branch points at. */
  branchHead(branch: string): Promise<string>;
  defaultBranch(): Promise<string>;
  createBranch(branch: string, sha: string): Promise<void>;
  putFile(p: PutFile): Promise<void>;
}

/** The one client factory: Octokit with retry and throttling, behind the small interface. */
export function connectGitHub(opts: ClientOptions & { repository: string }): GitHubApi {
  return gitHubApi(createOctokit(opts), parseRepo(opts.repository));
}

function toComment(c: { id: number; body?: string; user: { login: string; type: string } | null; created_at: string; html_url: string }): IssueComment {
  return { id: c.id, body: c.body ?? '', user: c.user ? { login: c.user.login, type: c.user.type } : null, created_at: c.created_at, html_url: c.html_url };
}

export function gitHubApi(octokit: Octokit, repo: Repo): GitHubApi {
  return {
    repo,
    ...comments(octokit, repo),
    ...checks(octokit, repo),
    ...contents(octokit, repo),
  };
}

function comments(octokit: Octokit, repo: Repo): CommentsApi {
  return {
    async authenticatedLogin() {
      try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
      } catch (e: unknown) {
        // GITHUB_TOKEN and app installation tokens answer 403 here: they are not a user.
        if (httpStatus(e) === 403 || httpStatus(e) === 401) return undefined;
        throw e;
      }
    },
    async listIssueComments(issueNumber) {
      const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
      return all.map(toComment);
    },
    async createIssueComment(issueNumber, body) {
      return toComment((await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body })).data);
    },
    async updateIssueComment(commentId, body) {
      return toComment((await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body })).data);
    },
    async deleteIssueComment(commentId) {
      await octokit.rest.issues.deleteComment({ ...repo, comment_id: commentId });
    },
  };
}

function checks(octokit: Octokit, repo: Repo): ChecksApi {
  return {
    async createCheckRun(p) {
      const { data } = await octokit.rest.checks.create({
        ...repo,
        name: p.name,
        head_sha: p.headSha,
        status: 'in_progress',
        started_at: new Date().toISOString(),
        ...(p.detailsUrl ? { details_url: p.detailsUrl } : {}),
        ...(p.externalId ? { external_id: p.externalId } : {}),
      });
      return { id: data.id, html_url: data.html_url };
    },
    async completeCheckRun(checkRunId, p) {
      const { data } = await octokit.rest.checks.update({
        ...repo,
        check_run_id: checkRunId,
        status: 'completed',
        conclusion: p.conclusion,
        completed_at: new Date().toISOString(),
        output: p.output,
      });
      return { id: data.id, html_url: data.html_url };
    },
  };
}

function contents(octokit: Octokit, repo: Repo): ContentsApi {
  return {
    async getEntry(path, ref) {
      const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref });
      if (Array.isArray(data) || data.type !== 'file') return { kind: 'other' };
      const base64 = 'encoding' in data && data.encoding === 'base64' && data.content ? data.content : undefined;
      return { kind: 'file', sha: data.sha, ...(base64 !== undefined ? { base64 } : {}) };
    },
    async getBlob(sha) {
      return (await octokit.rest.git.getBlob({ ...repo, file_sha: sha })).data.content;
    },
    async branchHead(branch) {
      return (await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
    },
    async defaultBranch() {
      return (await octokit.rest.repos.get({ ...repo })).data.default_branch;
    },
    async createBranch(branch, sha) {
      await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    },
    async putFile(p) {
      await octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: p.path,
        branch: p.branch,
        message: p.message,
        content: p.base64,
        ...(p.sha ? { sha: p.sha } : {}),
      });
    },
  };
}
