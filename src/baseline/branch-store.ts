// History on a branch of the repository (default `startup-sla-data`), through the contents
// and git data APIs: no checkout, no git binary. Writes are compare-and-swap on the file's blob
// sha: a stale sha answers 409 (or 422 when the file appeared since we read), and we re-read,
// merge our entry into what is there now, and try again after a jittered backoff. Never forced:
// a concurrent writer's entries survive. https://docs.github.com/rest/repos/contents
import { httpStatus, type ContentsApi, type Repo, type RepoEntry } from '../github/client.ts';
import { emptyHistory, historyPath, mergeHistory, parseHistory, serializeHistory, type HistoryDoc } from './history.ts';
import type { HistoryKey, HistoryStore, ReadResult } from './store.ts';
import { errorMessage } from '../util/errors.ts';

export const DEFAULT_BRANCH_NAME = 'startup-sla-data';

export interface BranchStoreOptions {
  /** The repository's contents, through the GitHub edge (gitHubApi / connectGitHub). */
  api: ContentsApi & { readonly repo: Repo };
  /** `baseline-branch`; default startup-sla-data. */
  branch?: string;
  /** Folder inside the branch (the branch starts as a copy of the default branch). */
  dir?: string;
  /** isTrustedForBaseline(...) (src/github/event.ts): false = read-only. */
  trusted: boolean;
  /** Writes attempted before giving up on a conflict storm (default 10). */
  maxAttempts?: number;
  /** Backoff: random in [0, min(capMs, baseMs * 2^attempt)) (full jitter). */
  backoff?: { baseMs: number; capMs: number };
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** "run 123 (abc1234)": appears in commit messages. */
  commitNote?: string;
}

interface Current {
  sha?: string;
  doc?: HistoryDoc;
}

export function branchStore(opts: BranchStoreOptions): HistoryStore {
  const branch = opts.branch ?? DEFAULT_BRANCH_NAME;
  const dir = (opts.dir ?? 'startup-sla').replace(/^\/+|\/+$/g, '');
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  const backoff = opts.backoff ?? { baseMs: 250, capMs: 8000 };
  const pathOf = (key: HistoryKey) => (dir ? `${dir}/` : '') + historyPath(key.targetId, key.fingerprint);
  const where = (path: string) => `${branch}:${path}`;

  /** The file now: found (sha + parsed), absent (no sha), or a problem that forbids writing. */
  async function load(path: string): Promise<Current | { problem: ReadResult & { status: 'unreadable' } } | { branchMissing: true }> {
    let file: RepoEntry;
    try {
      file = await opts.api.getEntry(path, branch);
    } catch (e: unknown) {
      if (httpStatus(e) === 404) return (await branchExists()) ? {} : { branchMissing: true };
      throw e;
    }
    if (file.kind !== 'file') {
      return { problem: { status: 'unreadable', where: where(path), problem: { kind: 'foreign', message: `${where(path)} is not a file` } } };
    }
    // Above 1 MB the contents API leaves `content` empty: fetch the blob instead.
    const b64 = file.base64 ?? (await opts.api.getBlob(file.sha));
    const parsed = parseHistory(Buffer.from(b64, 'base64').toString('utf8'), where(path));
    if (!parsed.ok) return { problem: { status: 'unreadable', where: where(path), problem: parsed.problem } };
    return { sha: file.sha, doc: parsed.doc };
  }

  async function branchExists(): Promise<boolean> {
    try {
      await opts.api.branchHead(branch);
      return true;
    } catch (e: unknown) {
      if (httpStatus(e) === 404) return false;
      throw e;
    }
  }

  /** From the default branch's head; a concurrent creation (422 "already exists") is fine. */
  async function createBranch(): Promise<void> {
    const head = await opts.api.branchHead(await opts.api.defaultBranch());
    try {
      await opts.api.createBranch(branch, head);
    } catch (e: unknown) {
      if (httpStatus(e) !== 422 || !(await branchExists())) throw e;
    }
  }

  return {
    description: `branch ${branch} of ${opts.api.repo.owner}/${opts.api.repo.repo}`,

    async read(key) {
      const path = pathOf(key);
      try {
        const cur = await load(path);
        if ('problem' in cur) return cur.problem;
        if ('branchMissing' in cur) return { status: 'missing', where: where(path), reason: `branch ${branch} does not exist yet (a trusted run creates it)` };
        if (!cur.doc) return { status: 'missing', where: where(path), reason: `no history at ${where(path)} yet` };
        return { status: 'found', doc: cur.doc, where: where(path) };
      } catch (e: unknown) {
        return { status: 'unreadable', where: where(path), problem: { kind: 'io', message: `cannot read ${where(path)}: ${describeError(e)}` } };
      }
    },

    async append(key, entry, historySize) {
      if (!opts.trusted) return { status: 'skipped', reason: `read-only: this event does not write to ${branch}` };
      const path = pathOf(key);
      const maxAttempts = opts.maxAttempts ?? 10;
      try {
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
          let cur = await load(path);
          if ('branchMissing' in cur) {
            await createBranch();
            cur = {};
          }
          if ('problem' in cur) return { status: 'refused', reason: `${messageOf(cur.problem)}; this run's result was not stored` };
          const doc = mergeHistory(cur.doc ?? emptyHistory(key.targetId, key.fingerprint, key.environment), [entry], historySize);
          try {
            await opts.api.putFile({
              path,
              branch,
              message: `startup-sla: ${key.targetId} ${opts.commitNote ?? entry.runId}`,
              base64: Buffer.from(serializeHistory(doc)).toString('base64'),
              ...(cur.sha ? { sha: cur.sha } : {}),
            });
            return { status: 'written', where: where(path), entries: doc.entries.length, attempts: attempt };
          } catch (e: unknown) {
            if (!isConflict(e)) throw e;
            // Someone wrote between our read and our write: back off, re-read, merge again.
            if (attempt < maxAttempts) await sleep(random() * Math.min(backoff.capMs, backoff.baseMs * 2 ** (attempt - 1)));
          }
        }
        return { status: 'failed', reason: `${where(path)} kept changing under us (${maxAttempts} conflicting writes); this run's result was not stored` };
      } catch (e: unknown) {
        const status = httpStatus(e);
        const hint = status === 403 ? ' (the token needs `contents: write`; fork PRs only get read access)' : '';
        return { status: 'failed', reason: `cannot write ${where(path)}: ${describeError(e)}${hint}` };
      }
    },
  };
}

/** 409: stale sha. 422 "sha wasn't supplied": the file was created after we saw it absent. */
function isConflict(e: unknown): boolean {
  const status = httpStatus(e);
  if (status === 409) return true;
  return status === 422 && /sha/i.test(describeError(e));
}

function describeError(e: unknown): string {
  const status = httpStatus(e);
  const msg = errorMessage(e);
  return status !== undefined && !msg.includes(String(status)) ? `HTTP ${status}: ${msg}` : msg;
}

function messageOf(r: ReadResult & { status: 'unreadable' }): string {
  return r.problem.message;
}
