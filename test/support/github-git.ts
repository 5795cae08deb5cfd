// The contents and git data APIs of the test server, over GitHubState's object store. The
// concurrency rules are GitHub's: a contents write names the blob it replaces (409 when stale),
// and a ref moves only forward unless forced (422).
import { HttpError, repoUrl, WEB, type Ctx, type Reply } from './github-context.ts';

type Json = Record<string, unknown>;

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function branchOf(c: Ctx, name: string | undefined): { name: string; head: string } {
  const branch = name ?? c.state.defaultBranch;
  const head = c.state.refs.get(`refs/heads/${branch}`);
  if (!head) throw new HttpError(404, `Branch ${branch} not found`);
  return { name: branch, head };
}

function cleanPath(p: string | undefined): string {
  return (p ?? '').replace(/^\/+|\/+$/g, '');
}

function entryJson(c: Ctx, ref: string, path: string, sha: string, type: 'file' | 'dir', size: number): Json {
  const self = `${repoUrl(c)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const html = `${WEB}/${c.owner}/${c.repo}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${path}`;
  const git = `${repoUrl(c)}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  return {
    type,
    size,
    name: path.split('/').at(-1) ?? path,
    path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === 'file' ? `https://raw.githubusercontent.com/${c.owner}/${c.repo}/${ref}/${path}` : null,
    _links: { self, git, html },
  };
}

function commitJson(c: Ctx, sha: string): Json {
  const commit = c.state.commits.get(sha);
  if (!commit) throw new HttpError(404, 'Not Found');
  const person = { name: c.identity.login, email: `${c.identity.id}+${c.identity.login}@users.noreply.github.com`, date: commit.date };
  return {
    sha,
    node_id: `C_${sha.slice(0, 12)}`,
    url: `${repoUrl(c)}/git/commits/${sha}`,
    html_url: `${WEB}/${c.owner}/${c.repo}/commit/${sha}`,
    author: person,
    committer: person,
    message: commit.message,
    tree: { sha: commit.tree, url: `${repoUrl(c)}/git/trees/${commit.tree}` },
    parents: commit.parents.map((p) => ({ sha: p, url: `${repoUrl(c)}/git/commits/${p}`, html_url: `${WEB}/${c.owner}/${c.repo}/commit/${p}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

function refJson(c: Ctx, ref: string, sha: string): Json {
  return {
    ref,
    node_id: `REF_${Buffer.from(ref).toString('base64')}`,
    url: `${repoUrl(c)}/git/${ref}`,
    object: { type: 'commit', sha, url: `${repoUrl(c)}/git/commits/${sha}` },
  };
}

function treeJson(c: Ctx, sha: string): Json {
  const files = c.state.trees.get(sha);
  if (!files) throw new HttpError(404, 'Not Found');
  const tree = [...files].map(([path, blob]) => ({ path, mode: '100644', type: 'blob', sha: blob, size: c.state.blobs.get(blob)?.length ?? 0, url: `${repoUrl(c)}/git/blobs/${blob}` }));
  return { sha, url: `${repoUrl(c)}/git/trees/${sha}`, truncated: false, tree };
}

function writeResult(c: Ctx, ref: string, path: string, commit: string, blob: string | undefined): Json {
  const size = blob ? (c.state.blobs.get(blob)?.length ?? 0) : 0;
  return { content: blob ? entryJson(c, ref, path, blob, 'file', size) : null, commit: commitJson(c, commit) };
}

/** GitHub wraps base64 content at 60 characters. */
function wrap64(b: Buffer): string {
  return (b.toString('base64').match(/.{1,60}/g) ?? ['']).join('\n') + '\n';
}

export const contentsHandlers: Record<string, (c: Ctx) => Reply> = {
  'GET /repos/{owner}/{repo}/contents/{path}': (c) => {
    const ref = typeof c.query.ref === 'string' ? c.query.ref : c.state.defaultBranch;
    const head = c.state.resolve(ref);
    if (!head) throw new HttpError(404, `No commit found for the ref ${ref}`);
    const path = cleanPath(c.params.path);
    const files = c.state.files(head);
    const blob = files.get(path);
    if (blob) {
      const content = c.state.blobs.get(blob) ?? Buffer.alloc(0);
      return { status: 200, body: { ...entryJson(c, ref, path, blob, 'file', content.length), encoding: 'base64', content: wrap64(content) } };
    }
    const prefix = `${path}/`;
    const children = new Map<string, Json>();
    for (const [p, b] of files) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      const child = prefix + (slash < 0 ? rest : rest.slice(0, slash));
      if (!children.has(child)) children.set(child, slash < 0 ? entryJson(c, ref, child, b, 'file', c.state.blobs.get(b)?.length ?? 0) : entryJson(c, ref, child, b, 'dir', 0));
    }
    if (children.size === 0) throw new HttpError(404, 'Not Found');
    return { status: 200, body: [...children.values()] };
  },

  'PUT /repos/{owner}/{repo}/contents/{path}': (c) => {
    const branch = branchOf(c, typeof c.body.branch === 'string' ? c.body.branch : undefined);
    const path = cleanPath(c.params.path);
    const content = String(c.body.content);
    if (!BASE64.test(content)) throw new HttpError(422, 'content is not valid Base64');
    const existing = c.state.files(branch.head).get(path);
    const sha = typeof c.body.sha === 'string' ? c.body.sha : undefined;
    if (existing !== undefined && sha === undefined) throw new HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    if (sha !== undefined && sha !== existing) throw new HttpError(409, `${path} does not match ${sha}`);
    const r = c.state.commitFile(branch.name, path, Buffer.from(content, 'base64'), String(c.body.message));
    return { status: existing ? 200 : 201, body: writeResult(c, branch.name, path, r.commit, r.blob) };
  },

  'DELETE /repos/{owner}/{repo}/contents/{path}': (c) => {
    const branch = branchOf(c, typeof c.body.branch === 'string' ? c.body.branch : undefined);
    const path = cleanPath(c.params.path);
    const existing = c.state.files(branch.head).get(path);
    if (existing === undefined) throw new HttpError(404, 'Not Found');
    if (c.body.sha !== existing) throw new HttpError(409, `${path} does not match ${String(c.body.sha)}`);
    const r = c.state.commitFile(branch.name, path, undefined, String(c.body.message));
    return { status: 200, body: writeResult(c, branch.name, path, r.commit, undefined) };
  },

  'GET /repos/{owner}/{repo}/git/ref/{ref}': (c) => {
    const ref = `refs/${c.params.ref}`;
    const sha = c.state.refs.get(ref);
    if (!sha) throw new HttpError(404, 'Not Found');
    return { status: 200, body: refJson(c, ref, sha) };
  },

  'POST /repos/{owner}/{repo}/git/refs': (c) => {
    const ref = String(c.body.ref);
    const sha = String(c.body.sha);
    if (!/^refs\/.+\/.+/.test(ref)) throw new HttpError(422, `${ref} is not a valid ref name.`);
    if (c.state.refs.has(ref)) throw new HttpError(422, 'Reference already exists');
    if (!c.state.commits.has(sha)) throw new HttpError(422, 'Object does not exist');
    c.state.refs.set(ref, sha);
    return { status: 201, headers: { location: `${repoUrl(c)}/git/${ref}` }, body: refJson(c, ref, sha) };
  },

  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': (c) => {
    const ref = `refs/${c.params.ref}`;
    const old = c.state.refs.get(ref);
    const sha = String(c.body.sha);
    if (!old) throw new HttpError(422, 'Reference does not exist');
    if (!c.state.commits.has(sha)) throw new HttpError(422, 'Object does not exist');
    if (c.body.force !== true && !c.state.isAncestor(old, sha)) throw new HttpError(422, 'Update is not a fast forward');
    c.state.refs.set(ref, sha);
    return { status: 200, body: refJson(c, ref, sha) };
  },

  'DELETE /repos/{owner}/{repo}/git/refs/{ref}': (c) => {
    const ref = `refs/${c.params.ref}`;
    if (!c.state.refs.delete(ref)) throw new HttpError(422, 'Reference does not exist');
    return { status: 204 };
  },

  'POST /repos/{owner}/{repo}/git/blobs': (c) => {
    const encoding = c.body.encoding === 'base64' ? 'base64' : 'utf8';
    const sha = c.state.putBlob(Buffer.from(String(c.body.content), encoding));
    return { status: 201, body: { sha, url: `${repoUrl(c)}/git/blobs/${sha}` } };
  },

  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}': (c) => {
    const b = c.state.blobs.get(String(c.params.file_sha));
    if (!b) throw new HttpError(404, 'Not Found');
    const sha = String(c.params.file_sha);
    return { status: 200, body: { sha, node_id: `B_${sha.slice(0, 12)}`, size: b.length, url: `${repoUrl(c)}/git/blobs/${sha}`, content: wrap64(b), encoding: 'base64' } };
  },

  'POST /repos/{owner}/{repo}/git/trees': (c) => {
    const baseTree = typeof c.body.base_tree === 'string' ? c.state.trees.get(c.body.base_tree) : undefined;
    if (typeof c.body.base_tree === 'string' && !baseTree) throw new HttpError(422, 'Invalid tree info');
    const files = new Map(baseTree);
    for (const e of c.body.tree as Json[]) {
      const path = String(e.path);
      if (e.sha === null) files.delete(path);
      else if (typeof e.content === 'string') files.set(path, c.state.putBlob(Buffer.from(e.content)));
      else if (typeof e.sha === 'string' && c.state.blobs.has(e.sha)) files.set(path, e.sha);
      else throw new HttpError(422, 'Invalid tree info');
    }
    return { status: 201, body: treeJson(c, c.state.putTree(files)) };
  },

  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': (c) => {
    const sha = c.state.resolve(String(c.params.tree_sha));
    const tree = sha ? c.state.commits.get(sha)?.tree : undefined;
    return { status: 200, body: treeJson(c, tree ?? String(c.params.tree_sha)) };
  },

  'POST /repos/{owner}/{repo}/git/commits': (c) => {
    const tree = String(c.body.tree);
    const parents = Array.isArray(c.body.parents) ? c.body.parents.map(String) : [];
    if (!c.state.trees.has(tree) || parents.some((p) => !c.state.commits.has(p))) throw new HttpError(422, 'Object does not exist');
    const sha = c.state.putCommit(tree, parents, String(c.body.message));
    return { status: 201, body: commitJson(c, sha) };
  },

  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': (c) => ({ status: 200, body: commitJson(c, String(c.params.commit_sha)) }),
};
