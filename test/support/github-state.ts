// The state the test API server keeps: comments, check runs and a small git object store
// (blobs, flat trees, commits, refs) enough for the contents and git data APIs.
import { createHash } from 'node:crypto';

export interface TokenSpec {
  /** Writes answer 403 "Resource not accessible by integration", as a fork PR's GITHUB_TOKEN. */
  readOnly?: boolean;
  /** Who comments made with this token are attributed to; default github-actions[bot]. */
  login?: string;
  /** `Bot` tokens (GITHUB_TOKEN, apps) cannot call GET /user; `User` tokens (PATs) can. */
  type?: 'Bot' | 'User';
  id?: number;
}

export interface Identity {
  login: string;
  type: 'Bot' | 'User';
  id: number;
}

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  user: Identity;
  createdAt: string;
  updatedAt: string;
}

export interface StoredCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  detailsUrl: string | null;
  externalId: string | null;
}

export interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  date: string;
}

export interface InjectedFailure {
  /** 403 or 429 for rate limits (GitHub uses both), 5xx for outages. */
  status: number;
  kind: 'secondary' | 'primary' | 'server';
  retryAfterS?: number;
  /** Only requests with this method / whose path contains this text fail. */
  method?: string;
  pathIncludes?: string;
}

export const GITHUB_ACTIONS_BOT: Identity = { login: 'github-actions[bot]', type: 'Bot', id: 41898282 };

function sha1(text: string | Buffer): string {
  return createHash('sha1').update(text).digest('hex');
}

/** GitHub's timestamps: ISO 8601, whole seconds, Z. */
export function stamp(ms: number = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export class GitHubState {
  readonly comments = new Map<number, StoredComment>();
  readonly checkRuns = new Map<number, StoredCheckRun>();
  readonly blobs = new Map<string, Buffer>();
  /** Flat trees: full path -> blob sha. */
  readonly trees = new Map<string, Map<string, string>>();
  readonly commits = new Map<string, Commit>();
  /** `refs/heads/main` -> commit sha. */
  readonly refs = new Map<string, string>();
  readonly failures: InjectedFailure[] = [];
  private nextId = 1000;

  readonly defaultBranch: string;

  constructor(defaultBranch: string) {
    this.defaultBranch = defaultBranch;
    const tree = this.putTree(new Map([['README.md', this.putBlob(Buffer.from('# test repository\n'))]]));
    this.refs.set(`refs/heads/${defaultBranch}`, this.putCommit(tree, [], 'Initial commit'));
  }

  id(): number {
    return this.nextId++;
  }

  putBlob(content: Buffer): string {
    const sha = sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
    this.blobs.set(sha, content);
    return sha;
  }

  putTree(files: Map<string, string>): string {
    const sha = sha1(`tree ${JSON.stringify([...files].sort(([a], [b]) => (a < b ? -1 : 1)))}`);
    this.trees.set(sha, new Map(files));
    return sha;
  }

  putCommit(tree: string, parents: string[], message: string): string {
    const date = stamp();
    const sha = sha1(`commit ${tree} ${parents.join(',')} ${message} ${date} ${this.id()}`);
    this.commits.set(sha, { sha, tree, parents, message, date });
    return sha;
  }

  /** Whether `ancestor` is reachable from `sha` through parents (a fast-forward check). */
  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const todo = [sha];
    while (todo.length > 0) {
      const s = todo.pop() as string;
      if (s === ancestor) return true;
      if (seen.has(s)) continue;
      seen.add(s);
      todo.push(...(this.commits.get(s)?.parents ?? []));
    }
    return false;
  }

  /** A branch name or commit sha to the commit sha it names. */
  resolve(refOrSha: string): string | undefined {
    const name = refOrSha.replace(/^refs\/heads\//, '');
    return this.refs.get(`refs/heads/${name}`) ?? (this.commits.has(refOrSha) ? refOrSha : undefined);
  }

  files(commitSha: string): Map<string, string> {
    const c = this.commits.get(commitSha);
    return new Map(c ? this.trees.get(c.tree) : undefined);
  }

  /** Commits a change of one file (content undefined deletes it) on top of a branch. */
  commitFile(branch: string, path: string, content: Buffer | undefined, message: string): { commit: string; blob?: string } {
    const head = this.refs.get(`refs/heads/${branch}`);
    const files = head ? this.files(head) : new Map<string, string>();
    let blob: string | undefined;
    if (content === undefined) files.delete(path);
    else files.set(path, (blob = this.putBlob(content)));
    const commit = this.putCommit(this.putTree(files), head ? [head] : [], message);
    this.refs.set(`refs/heads/${branch}`, commit);
    return blob === undefined ? { commit } : { commit, blob };
  }

  // --- seeding, for tests -------------------------------------------------------------------

  /** Pre-existing comments, oldest first, a minute apart and in the past. */
  seedComments(issue: number, items: { body: string; user?: Partial<Identity> }[]): StoredComment[] {
    const start = Date.now() - (items.length + 1) * 60_000;
    return items.map((it, i) => {
      const c: StoredComment = {
        id: this.id(),
        issue,
        body: it.body,
        user: { ...GITHUB_ACTIONS_BOT, ...it.user },
        createdAt: stamp(start + i * 60_000),
        updatedAt: stamp(start + i * 60_000),
      };
      this.comments.set(c.id, c);
      return c;
    });
  }

  /** A file committed on a branch; the branch is created (without history) if absent. */
  seedFile(branch: string, path: string, content: string | Buffer): void {
    this.commitFile(branch, path, typeof content === 'string' ? Buffer.from(content) : content, `seed ${path}`);
  }

  /** The next `count` requests that match fail this way, then the server behaves again. */
  injectFailures(count: number, failure: InjectedFailure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  takeFailure(method: string, path: string): InjectedFailure | undefined {
    const i = this.failures.findIndex(
      (f) => (f.method === undefined || f.method === method) && (f.pathIncludes === undefined || path.includes(f.pathIncludes)),
    );
    return i < 0 ? undefined : this.failures.splice(i, 1)[0];
  }

  issueComments(issue: number): StoredComment[] {
    return [...this.comments.values()].filter((c) => c.issue === issue).sort((a, b) => a.id - b.id);
  }

  readFile(branch: string, path: string): string | undefined {
    const head = this.resolve(branch);
    const blob = head ? this.files(head).get(path) : undefined;
    return blob ? this.blobs.get(blob)?.toString('utf8') : undefined;
  }
}
