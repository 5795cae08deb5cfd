// What the triggering event says (GITHUB_EVENT_NAME + the JSON at GITHUB_EVENT_PATH), read as
// plain data, and the safety decisions that follow from it. Pure: the caller reads the files.

export interface PullRequestInfo {
  number: number;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
  headRepo: string;
  baseRepo: string;
  /** The head lives in another repository: the token is read-only and the code is untrusted. */
  isFork: boolean;
}

export interface EventInfo {
  eventName: string;
  /** `owner/name` of the repository the workflow runs in. */
  repository?: string;
  defaultBranch?: string;
  pullRequest?: PullRequestInfo;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function pullRequestInfo(eventName: string, payload: unknown): PullRequestInfo | undefined {
  if (!PR_EVENTS.has(eventName)) return undefined;
  const pr = obj(obj(payload)?.pull_request);
  const head = obj(pr?.head);
  const base = obj(pr?.base);
  const number = pr?.number ?? obj(payload)?.number;
  const headSha = str(head?.sha);
  const baseSha = str(base?.sha);
  const baseRepo = str(obj(base?.repo)?.full_name);
  if (typeof number !== 'number' || !headSha || !baseSha || !baseRepo) return undefined;
  // A fork whose repository was deleted has `head.repo: null`: still a fork, and untrusted.
  const headRepo = str(obj(head?.repo)?.full_name) ?? '(deleted fork)';
  return {
    number,
    headSha,
    headRef: str(head?.ref) ?? '',
    baseSha,
    baseRef: str(base?.ref) ?? '',
    headRepo,
    baseRepo,
    isFork: headRepo !== baseRepo,
  };
}

/**
 * The first field a pull-request payload lacks of those read above, as a path
 * (`pull_request.head.sha`), so the warning can name it; undefined when all are there or the
 * event is not a pull request.
 */
export function missingPullRequestField(eventName: string, payload: unknown): string | undefined {
  if (!PR_EVENTS.has(eventName)) return undefined;
  const pr = obj(obj(payload)?.pull_request);
  if (!pr) return 'pull_request';
  if (typeof (pr.number ?? obj(payload)?.number) !== 'number') return 'pull_request.number';
  if (!str(obj(pr.head)?.sha)) return 'pull_request.head.sha';
  if (!str(obj(pr.base)?.sha)) return 'pull_request.base.sha';
  if (!str(obj(obj(pr.base)?.repo)?.full_name)) return 'pull_request.base.repo.full_name';
  return undefined;
}

export function eventInfo(eventName: string, payload: unknown): EventInfo {
  const repo = obj(obj(payload)?.repository);
  const info: EventInfo = { eventName };
  const repository = str(repo?.full_name);
  const defaultBranch = str(repo?.default_branch);
  if (repository) info.repository = repository;
  if (defaultBranch) info.defaultBranch = defaultBranch;
  const pr = pullRequestInfo(eventName, payload);
  if (pr) info.pullRequest = pr;
  return info;
}

export type SafetyDecision = { allowed: true } | { allowed: false; reason: string };

export interface SafetyInput {
  eventName: string;
  payload: unknown;
  /** RUNNER_ENVIRONMENT: `github-hosted` or `self-hosted`; absent on old runners (treated as self-hosted). */
  runnerEnvironment?: string;
  allowForkPrs: boolean;
  /** The step will build or run images (measuring), as opposed to only reporting a saved result. */
  runsCode: boolean;
}

const SPLIT_HINT =
  'Measure on `pull_request` (read-only token, no secrets) and post the comment from a separate ' +
  '`workflow_run` job that only reads the uploaded report; see examples/workflows/fork-safe-*.yml.';

/**
 * Whether this event may build and run the code under test here. The dangerous cases are the
 * ones where untrusted PR code would run with secrets or a write token, or on a persistent
 * machine: https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
 */
export function safetyDecision(input: SafetyInput): SafetyDecision {
  if (!input.runsCode) return { allowed: true };
  if (input.eventName === 'pull_request_target') {
    return {
      allowed: false,
      reason:
        'refusing to build or run images on `pull_request_target`: that event runs with a write token ' +
        'and secrets, so building PR code there lets the PR author take over the repository ' +
        '("pwn request"). ' + SPLIT_HINT,
    };
  }
  if (input.eventName === 'workflow_run') {
    const triggeredBy = str(obj(obj(input.payload)?.workflow_run)?.event) ?? '';
    if (triggeredBy.startsWith('pull_request')) {
      return {
        allowed: false,
        reason:
          `refusing to build or run images on \`workflow_run\` triggered by \`${triggeredBy}\`: that job ` +
          'has a write token and secrets, and the code it would run comes from the PR. Use the ' +
          '`workflow_run` job only to post the report the `pull_request` job uploaded. ' + SPLIT_HINT,
      };
    }
    return { allowed: true };
  }
  const pr = pullRequestInfo(input.eventName, input.payload);
  const selfHosted = input.runnerEnvironment !== 'github-hosted';
  if (pr?.isFork && selfHosted && !input.allowForkPrs) {
    return {
      allowed: false,
      reason:
        `refusing to run a pull request from the fork ${pr.headRepo} on a self-hosted runner: its code ` +
        'would run on a machine that persists between jobs and can reach your network. Approve fork ' +
        'runs deliberately (set `allow-fork-prs: true`, ideally with ephemeral runners and "require ' +
        'approval for fork PRs"), or measure forks on GitHub-hosted runners.',
    };
  }
  return { allowed: true };
}

export interface TrustInput {
  eventName: string;
  payload: unknown;
  /** GITHUB_REF, e.g. `refs/heads/main`. */
  ref?: string;
}

/**
 * Whether this run may write the baseline: only runs of code already on the default branch.
 * A PR, whatever its origin, must never move the numbers it is judged against.
 */
export function isTrustedForBaseline(input: TrustInput): boolean {
  const p = obj(input.payload);
  const defaultBranch = str(obj(p?.repository)?.default_branch);
  const ref = str(p?.ref) ?? input.ref;
  const onDefault = defaultBranch !== undefined && ref === `refs/heads/${defaultBranch}`;
  switch (input.eventName) {
    case 'push':
    case 'workflow_dispatch':
      return onDefault;
    case 'schedule':
      // Scheduled runs always use the default branch's latest commit; the payload has no ref.
      return true;
    default:
      return false;
  }
}
