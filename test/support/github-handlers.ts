// What the test API server answers, operation by operation, with bodies shaped like GitHub's
// (the documented example, overridden with our state). Refusals mirror GitHub's own.
import { HttpError, repoUrl, WEB, type Ctx, type Reply } from './github-context.ts';
import { contentsHandlers } from './github-git.ts';
import { stamp, type Identity, type StoredCheckRun, type StoredComment } from './github-state.ts';

type Json = Record<string, unknown>;

function userJson(u: Identity, base: string): Json {
  const url = `${base}/users/${encodeURIComponent(u.login)}`;
  return {
    login: u.login,
    id: u.id,
    node_id: Buffer.from(`04:User${u.id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${u.type === 'Bot' ? 'apps/' + u.login.replace('[bot]', '') : u.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

function commentJson(c: Ctx, s: StoredComment): Json {
  return {
    ...c.api.example(c.api.operation('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments'), 201),
    id: s.id,
    node_id: `IC_${s.id}`,
    url: `${repoUrl(c)}/issues/comments/${s.id}`,
    html_url: `${WEB}/${c.owner}/${c.repo}/pull/${s.issue}#issuecomment-${s.id}`,
    issue_url: `${repoUrl(c)}/issues/${s.issue}`,
    body: s.body,
    user: userJson(s.user, c.base),
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    author_association: s.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    performed_via_github_app: null,
  };
}

/** One page of `items` and GitHub's Link header (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api). */
function paginate<T>(c: Ctx, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(c.query.per_page ?? 30), 100);
  const page = Math.max(Number(c.query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string) => {
    const u = new URL(c.url.href);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { page: items.slice((page - 1) * perPage, page * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

const COMMENT_MAX = 65_536;

function checkCommentBody(c: Ctx, body: string): void {
  if (body.length > COMMENT_MAX) {
    c.violation(`comment body has ${body.length} characters; GitHub refuses more than ${COMMENT_MAX}`);
    throw new HttpError(422, `Validation Failed: body is too long (maximum is ${COMMENT_MAX} characters)`);
  }
}

function comment(c: Ctx): StoredComment {
  const s = c.state.comments.get(Number(c.params.comment_id));
  if (!s) throw new HttpError(404, 'Not Found');
  return s;
}

function checkRunJson(c: Ctx, r: StoredCheckRun): Json {
  const ex = c.api.example(c.api.operation('POST', '/repos/{owner}/{repo}/check-runs'), 201);
  return {
    ...ex,
    id: r.id,
    node_id: `CR_${r.id}`,
    name: r.name,
    head_sha: r.headSha,
    external_id: r.externalId,
    url: `${repoUrl(c)}/check-runs/${r.id}`,
    html_url: `${WEB}/${c.owner}/${c.repo}/runs/${r.id}`,
    details_url: r.detailsUrl,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    output: { ...r.output, annotations_count: 0, annotations_url: `${repoUrl(c)}/check-runs/${r.id}/annotations` },
    check_suite: { id: 5 },
    pull_requests: [],
  };
}

const SUMMARY_MAX = 65_535;

function applyCheckRun(c: Ctx, r: StoredCheckRun): void {
  const b = c.body;
  const output = b.output as { title?: string; summary?: string; text?: string } | undefined;
  for (const [k, v] of Object.entries({ summary: output?.summary, text: output?.text })) {
    if (v !== undefined && v.length > SUMMARY_MAX) {
      c.violation(`check run output.${k} has ${v.length} characters; GitHub refuses more than ${SUMMARY_MAX}`);
      throw new HttpError(422, `Invalid request. output.${k} is too long (maximum is ${SUMMARY_MAX} characters)`);
    }
  }
  if (typeof b.name === 'string') r.name = b.name;
  if (typeof b.details_url === 'string') r.detailsUrl = b.details_url;
  if (typeof b.external_id === 'string') r.externalId = b.external_id;
  if (typeof b.status === 'string') r.status = b.status;
  if (typeof b.started_at === 'string') r.startedAt = b.started_at;
  if (typeof b.conclusion === 'string') {
    // GitHub completes a run when a conclusion is given.
    r.conclusion = b.conclusion;
    r.status = 'completed';
  }
  if (r.status === 'completed') r.completedAt = typeof b.completed_at === 'string' ? b.completed_at : stamp();
  if (output) r.output = { title: output.title ?? r.output.title, summary: output.summary ?? r.output.summary, text: output.text ?? r.output.text };
}


type Handler = (c: Ctx) => Reply;

export { HttpError, type Ctx, type Reply };

export const handlers: Record<string, Handler> = {
  'GET /user': (c) => {
    // GITHUB_TOKEN and app installation tokens are not users.
    if (c.identity.type === 'Bot') throw new HttpError(403, 'Resource not accessible by integration');
    return { status: 200, body: { ...c.api.example(c.op, 200), ...userJson(c.identity, c.base), name: c.identity.login, email: null } };
  },

  'GET /repos/{owner}/{repo}': (c) => {
    const ex = c.api.example(c.op, 200);
    delete ex.source;
    delete ex.parent;
    delete ex.template_repository;
    const owner = { ...userJson({ login: c.owner, type: 'User', id: 1 }, c.base), type: 'Organization' };
    return {
      status: 200,
      body: { ...ex, language: 'TypeScript', name: c.repo, full_name: `${c.owner}/${c.repo}`, owner, private: c.private, default_branch: c.state.defaultBranch, html_url: `${WEB}/${c.owner}/${c.repo}`, url: repoUrl(c) },
    };
  },

  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (c) => {
    let items = c.state.issueComments(Number(c.params.issue_number));
    if (typeof c.query.since === 'string') items = items.filter((s) => s.updatedAt >= String(c.query.since));
    const { page, headers } = paginate(c, items);
    return { status: 200, headers, body: page.map((s) => commentJson(c, s)) };
  },

  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (c) => {
    const body = String(c.body.body);
    checkCommentBody(c, body);
    const now = stamp();
    const s: StoredComment = { id: c.state.id(), issue: Number(c.params.issue_number), body, user: c.identity, createdAt: now, updatedAt: now };
    c.state.comments.set(s.id, s);
    return { status: 201, headers: { location: `${repoUrl(c)}/issues/comments/${s.id}` }, body: commentJson(c, s) };
  },

  'GET /repos/{owner}/{repo}/issues/comments/{comment_id}': (c) => ({ status: 200, body: commentJson(c, comment(c)) }),

  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': (c) => {
    const s = comment(c);
    const body = String(c.body.body);
    checkCommentBody(c, body);
    // Like GitHub, anyone with write access may edit; the action must pick only its own.
    s.body = body;
    s.updatedAt = stamp();
    return { status: 200, body: commentJson(c, s) };
  },

  'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': (c) => {
    c.state.comments.delete(comment(c).id);
    return { status: 204 };
  },

  'POST /repos/{owner}/{repo}/check-runs': (c) => {
    const headSha = String(c.body.head_sha);
    if (!/^[0-9a-f]{40}$/.test(headSha)) throw new HttpError(422, `No commit found for SHA: ${headSha}`);
    const r: StoredCheckRun = {
      id: c.state.id(),
      name: String(c.body.name),
      headSha,
      status: 'queued',
      conclusion: null,
      startedAt: stamp(),
      completedAt: null,
      output: { title: null, summary: null, text: null },
      detailsUrl: null,
      externalId: null,
    };
    applyCheckRun(c, r);
    c.state.checkRuns.set(r.id, r);
    return { status: 201, body: checkRunJson(c, r) };
  },

  'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': (c) => {
    const r = c.state.checkRuns.get(Number(c.params.check_run_id));
    if (!r) throw new HttpError(404, 'Not Found');
    applyCheckRun(c, r);
    return { status: 200, body: checkRunJson(c, r) };
  },

  'GET /repos/{owner}/{repo}/check-runs/{check_run_id}': (c) => {
    const r = c.state.checkRuns.get(Number(c.params.check_run_id));
    if (!r) throw new HttpError(404, 'Not Found');
    return { status: 200, body: checkRunJson(c, r) };
  },

  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': (c) => {
    const sha = c.state.resolve(String(c.params.ref)) ?? String(c.params.ref);
    const runs = [...c.state.checkRuns.values()].filter((r) => r.headSha === sha && (c.query.check_name === undefined || r.name === c.query.check_name));
    const { page, headers } = paginate(c, runs);
    return { status: 200, headers, body: { total_count: runs.length, check_runs: page.map((r) => checkRunJson(c, r)) } };
  },

  ...contentsHandlers,
};
