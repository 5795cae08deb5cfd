// A stand-in for api.github.com in tests: a local HTTP server that holds every request to
// GitHub's published OpenAPI description (a request GitHub would refuse is answered 4xx and
// recorded in `violations`) and keeps enough state (comments, check runs, refs and contents) to
// answer what the action asks, with bodies shaped like GitHub's. Importable from tests and from
// a harness that runs the bundled action with GITHUB_API_URL pointing here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { githubOpenApi, type Operation } from './github-openapi.ts';
import { GitHubState, GITHUB_ACTIONS_BOT, type Identity, type TokenSpec } from './github-state.ts';
import { handlers, HttpError, type Ctx, type Reply } from './github-handlers.ts';

export { GitHubState, type TokenSpec, type Identity, type InjectedFailure, type StoredComment } from './github-state.ts';

export interface GitHubServerOptions {
  /** Valid tokens; default `{ 'test-token': {} }` (github-actions[bot], read-write). */
  tokens?: Record<string, TokenSpec>;
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  private?: boolean;
  /** Check our 2xx bodies against the response schemas too (into `responseProblems`). Default on. */
  validateResponses?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  token?: string;
  /** ms since the server started. */
  at: number;
}

export interface GitHubServer {
  /** Base URL, for GITHUB_API_URL / the Octokit baseUrl. */
  url: string;
  owner: string;
  repo: string;
  state: GitHubState;
  /** Requests GitHub would refuse (unknown route, invalid params or body, over a limit). */
  violations: string[];
  /** Our own responses that do not match GitHub's response schemas: bugs in this server. */
  responseProblems: string[];
  requests: LoggedRequest[];
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

type OpReply = Reply & { op?: Operation };

function tokenOf(req: IncomingMessage): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGitHubServer(opts: GitHubServerOptions = {}): Promise<GitHubServer> {
  const api = githubOpenApi();
  const owner = opts.owner ?? 'octo-org';
  const repo = opts.repo ?? 'octo-repo';
  const tokens = opts.tokens ?? { 'test-token': {} };
  const state = new GitHubState(opts.defaultBranch ?? 'main');
  const violations: string[] = [];
  const responseProblems: string[] = [];
  const requests: LoggedRequest[] = [];
  const started = Date.now();
  let base = '';

  const identityOf = (spec: TokenSpec): Identity => ({
    login: spec.login ?? GITHUB_ACTIONS_BOT.login,
    type: spec.type ?? (spec.login === undefined ? 'Bot' : 'User'),
    id: spec.id ?? (spec.login === undefined ? GITHUB_ACTIONS_BOT.id : 5000 + Object.keys(tokens).indexOf(spec.login)),
  });

  async function handle(req: IncomingMessage): Promise<OpReply> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', base);
    const text = await readBody(req);
    const what = `${method} ${url.pathname}${url.search}`;
    const refuse = (status: number, problem: string, message: string): Reply => {
      violations.push(`${what}: ${problem}`);
      return { status, body: { message, documentation_url: DOCS, status: String(status) } };
    };
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        return refuse(400, 'body is not JSON', 'Problems parsing JSON');
      }
    }
    const m = api.match(method, url.pathname);
    if ('error' in m) return refuse(404, m.error, 'Not Found');
    const query: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const problems = api.validateRequest(m, query, body, text !== '');
    if (problems.length > 0) return refuse(422, `${m.op.operationId}: ${problems.join('; ')}`, `Invalid request.\n\n${problems.join('\n')}`);

    const token = tokenOf(req);
    if (token === undefined) return refuse(401, 'no Authorization header', 'Requires authentication');
    const spec = tokens[token];
    if (spec === undefined) return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' } };

    const failure = state.takeFailure(method, url.pathname);
    if (failure) return failureReply(failure.status, failure.kind, failure.retryAfterS ?? 1);

    if (spec.readOnly && method !== 'GET' && method !== 'HEAD') {
      return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' } };
    }
    if (m.params.owner !== undefined && (m.params.owner !== owner || m.params.repo !== repo)) {
      return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
    }
    const handler = handlers[`${method} ${m.op.template}`];
    if (!handler) return { ...refuse(501, `${m.op.operationId} is not implemented by the test server`, 'Not Implemented'), op: m.op };
    const ctx: Ctx = {
      api,
      op: m.op,
      params: m.params,
      query,
      body: (body ?? {}) as Record<string, unknown>,
      identity: identityOf(spec),
      state,
      base,
      owner,
      repo,
      private: opts.private ?? false,
      url,
      violation: (problem: string) => violations.push(`${what}: ${problem}`),
    };
    try {
      return { ...handler(ctx), op: m.op };
    } catch (e: unknown) {
      if (e instanceof HttpError) return { status: e.status, body: { message: e.message, documentation_url: DOCS, status: String(e.status) } };
      throw e;
    }
  }

  function failureReply(status: number, kind: 'secondary' | 'primary' | 'server', retryAfterS: number): Reply {
    const reset = Math.ceil(Date.now() / 1000) + retryAfterS;
    if (kind === 'server') return { status, body: { message: 'Server Error' } };
    if (kind === 'primary') {
      return {
        status,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-limit': '5000' },
        body: { message: 'API rate limit exceeded for installation ID 1.', documentation_url: DOCS, status: String(status) },
      };
    }
    return {
      status,
      headers: { 'retry-after': String(retryAfterS) },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: DOCS,
        status: String(status),
      },
    };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req)
      .catch((e: unknown): OpReply => {
        violations.push(`${req.method} ${req.url}: test server crashed: ${e instanceof Error ? e.stack : String(e)}`);
        return { status: 500, body: { message: 'test server error' } };
      })
      .then((r) => {
        if (r.op && r.status < 300 && opts.validateResponses !== false) {
          for (const p of api.validateResponse(r.op, r.status, r.body)) responseProblems.push(`${r.op.operationId}: ${p}`);
        }
        const path = req.url ?? '/';
        const token = tokenOf(req);
        requests.push({ method: req.method ?? 'GET', path, status: r.status, at: Date.now() - started, ...(token ? { token } : {}) });
        const payload = r.body === undefined ? '' : JSON.stringify(r.body);
        res.writeHead(r.status, {
          'content-type': 'application/json; charset=utf-8',
          'x-github-request-id': `TEST:${requests.length}`,
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '4999',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
          'x-ratelimit-resource': 'core',
          ...r.headers,
        });
        res.end(payload);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    owner,
    repo,
    state,
    violations,
    responseProblems,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
