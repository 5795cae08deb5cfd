// A failed GitHub request the run could not do without (the baseline branch, for one), in the
// user's terms: GitHub's own message and one hint. Octokit's RequestError carries `status` and
// the `request` it made; that pair is what tells it from a dockerode error (`statusCode`).
import { errorMessage, GitHubError } from '../util/errors.ts';
import { httpStatus } from './client.ts';

function hintFor(status: number, message: string): string {
  if (status === 401) return 'the token was refused: check the `github-token` input (an expired or revoked token)';
  if ((status === 403 || status === 429) && /rate limit/i.test(message)) return 'GitHub rate-limited the token: run again later, or spread the jobs that share it';
  if (status === 403) return 'the token may not do this: give the job the permission it needs (contents: write for the baseline branch, checks: write, pull-requests: write); fork PRs always get a read-only token';
  if (status === 404) return 'GitHub does not show this repository or branch to the token: check the names and the token\'s scope';
  if (status >= 500) return 'GitHub had an outage: run again once its status page is green';
  return 'GitHub refused the request; its message says why';
}

export function gitHubErrorOf(e: unknown): GitHubError | undefined {
  if (e instanceof GitHubError) return e;
  const status = httpStatus(e);
  if (status === undefined || typeof e !== 'object' || e === null || !('request' in e)) return undefined;
  const message = errorMessage(e);
  return new GitHubError(`GitHub answered HTTP ${status}: ${message.split('\n')[0]}`, hintFor(status, message));
}
