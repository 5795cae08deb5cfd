// The request context and reply shape shared by the test API server's handlers.
import type { OpenApi, Operation } from './github-openapi.ts';
import type { GitHubState, Identity } from './github-state.ts';

type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Ctx {
  api: OpenApi;
  op: Operation;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Json;
  identity: Identity;
  state: GitHubState;
  base: string;
  owner: string;
  repo: string;
  private: boolean;
  url: URL;
  /** Records a request GitHub's schema allows but GitHub itself refuses (e.g. a body too long). */
  violation(problem: string): void;
}

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const WEB = 'https://github.com';

export function repoUrl(c: Ctx): string {
  return `${c.base}/repos/${c.owner}/${c.repo}`;
}
