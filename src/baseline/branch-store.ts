// History on a branch of the repository (default `startup-sla-data`), through the contents
// and git data APIs: no checkout, no git binary. Writes are compare-and-swap on the file's blob
// sha: a stale sha answers 409 (or 422 when the file appeared since we read), and we re-read,
// merge our entry into what is there now, and try again after a jittered backoff. Never forced:
// a concurrent writer's entries survive. https://docs.github.com/rest/repos/contents
import { httpStatus, type ContentsApi, type Repo, type RepoEntry } from '../github/client.ts';
import { emptyHistory, historyPath, mergeHistory, parseHistory, serializeHistory, type HistoryDoc, type HistoryEntry } from './history.ts';
import type { HistoryKey, HistoryStore, ReadResult, WriteResult } from './store.ts';
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

type Loaded = Current | { problem: ReadResult & { status: 'unreadable' } } | { branchMissing: true };

export function branchStore(opts: BranchStoreOptions): HistoryStore {
  return new BranchStore(opts);
}

class BranchStore implements HistoryStore {
  readonly description: string;
  private readonly branch: string;
  private readonly dir: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly backoff: { baseMs: number; capMs: number };
  private readonly opts: BranchStoreOptions;

  constructor(opts: BranchStoreOptions) {
    this.opts = opts;
    this.branch = opts.branch ?? DEFAULT_BRANCH_NAME;
    this.dir = (opts.dir ?? 'startup-sla').replace(/^\/+|\/+$/g, '');
    this.sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.random = opts.random ?? Math.random;
    this.backoff = opts.backoff ?? { baseMs: 250, capMs: 8000 };
    this.description = `branch ${this.branch} of ${opts.api.repo.owner}/${opts.api.repo.repo}`;
  }

  async read(key: HistoryKey): Promise<ReadResult> {
    const path = this.pathOf(key);
    const where = this.where(path);
    try {
      const cur = await this.load(path);
      if ('problem' in cur) return cur.problem;
      if ('branchMissing' in cur) return { status: 'missing', where, reason: `branch ${this.branch} does not exist yet (a trusted run creates it)` };
      if (!cur.doc) return { status: 'missing', where, reason: `no history at ${where} yet` };
      return { status: 'found', doc: cur.doc, where };
    } catch (e: unknown) {
      return { status: 'unreadable', where, problem: { kind: 'io', message: `cannot read ${where}: ${describeError(e)}` } };
    }
  }

  async append(key: HistoryKey, entry: HistoryEntry, historySize: number): Promise<WriteResult> {
    if (!this.opts.trusted) return { status: 'skipped', reason: `read-only: this event does not write to ${this.branch}` };
    const path = this.pathOf(key);
    const maxAttempts = this.opts.maxAttempts ?? 10;
    try {
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const result = await this.tryWrite(path, key, entry, historySize, attempt);
        if (result) return result;
        // Someone wrote between our read and our write: back off, re-read, merge again.
        if (attempt < maxAttempts) await this.sleep(this.random() * Math.min(this.backoff.capMs, this.backoff.baseMs * 2 ** (attempt - 1)));
      }
      return { status: 'failed', reason: `${this.where(path)} kept changing under us (${maxAttempts} conflicting writes); this run's result was not stored` };
    } catch (e: unknown) {
      const hint = httpStatus(e) === 403 ? ' (the token needs `contents: write`; fork PRs only get read access)' : '';
      return { status: 'failed', reason: `cannot write ${this.where(path)}: ${describeError(e)}${hint}` };
    }
  }

  /** One read-merge-write; undefined when the write lost a race (stale sha). */
  private async tryWrite(path: string, key: HistoryKey, entry: HistoryEntry, historySize: number, attempt: number): Promise<WriteResult | undefined> {
    let cur = await this.load(path);
    if ('branchMissing' in cur) {
      await this.createBranch();
      cur = {};
    }
    if ('problem' in cur) return { status: 'refused', reason: `${cur.problem.problem.message}; this run's result was not stored` };
    const doc = mergeHistory(cur.doc ?? emptyHistory(key.targetId, key.fingerprint, key.environment), [entry], historySize);
    try {
      await this.opts.api.putFile({
        path,
        branch: this.branch,
        message: `startup-sla: ${key.targetId} ${this.opts.commitNote ?? entry.runId}`,
        base64: Buffer.from(serializeHistory(doc)).toString('base64'),
        ...(cur.sha ? { sha: cur.sha } : {}),
      });
      return { status: 'written', where: this.where(path), entries: doc.entries.length, attempts: attempt };
    } catch (e: unknown) {
      if (isConflict(e)) return undefined;
      throw e;
    }
  }

  private pathOf(key: HistoryKey): string {
    return (this.dir ? `${this.dir}/` : '') + historyPath(key.targetId, key.fingerprint);
  }

  private where(path: string): string {
    return `${this.branch}:${path}`;
  }

  /** The file now: found (sha + parsed), absent (no sha), or a problem that forbids writing. */
  private async load(path: string): Promise<Loaded> {
    let file: RepoEntry;
    try {
      file = await this.opts.api.getEntry(path, this.branch);
    } catch (e: unknown) {
      if (httpStatus(e) === 404) return (await this.branchExists()) ? {} : { branchMissing: true };
      throw e;
    }
    const where = this.where(path);
    if (file.kind !== 'file') return { problem: { status: 'unreadable', where, problem: { kind: 'foreign', message: `${where} is not a file` } } };
    // Above 1 MB the contents API leaves `content` empty: fetch the blob instead.
    const b64 = file.base64 ?? (await this.opts.api.getBlob(file.sha));
    const parsed = parseHistory(Buffer.from(b64, 'base64').toString('utf8'), where);
    if (!parsed.ok) return { problem: { status: 'unreadable', where, problem: parsed.problem } };
    return { sha: file.sha, doc: parsed.doc };
  }

  private async branchExists(): Promise<boolean> {
    try {
      await this.opts.api.branchHead(this.branch);
      return true;
    } catch (e: unknown) {
      if (httpStatus(e) === 404) return false;
      throw e;
    }
  }

  /** From the default branch's head; a concurrent creation (422 "already exists") is fine. */
  private async createBranch(): Promise<void> {
    const head = await this.opts.api.branchHead(await this.opts.api.defaultBranch());
    try {
      await this.opts.api.createBranch(this.branch, head);
    } catch (e: unknown) {
      if (httpStatus(e) !== 422 || !(await this.branchExists())) throw e;
    }
  }
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
