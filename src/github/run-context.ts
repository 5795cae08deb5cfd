// What the runner tells the action about this run: the GITHUB_* variables and the event payload.
import { readFileSync } from 'node:fs';
import { eventInfo, type EventInfo } from './event.ts';

export interface RunContext {
  eventName: string;
  payload: unknown;
  event: EventInfo;
  repository?: string | undefined;
  sha: string;
  ref: string;
  runId: string;
  runUrl?: string | undefined;
  apiUrl?: string | undefined;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let payload: unknown = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    } catch {
      // No readable event (a local run pretending to be a runner): act as if it were empty.
      payload = {};
    }
  }
  const event = eventInfo(eventName, payload);
  const repository = env.GITHUB_REPOSITORY ?? event.repository;
  const { GITHUB_SERVER_URL: server, GITHUB_RUN_ID: id } = env;
  return {
    eventName,
    payload,
    event,
    repository,
    // On a PR the runner's GITHUB_SHA is the merge commit; the PR's own head is what we report.
    sha: event.pullRequest?.headSha ?? env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    runId: [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join('-'),
    runUrl: server && repository && id ? `${server}/${repository}/actions/runs/${id}` : undefined,
    apiUrl: env.GITHUB_API_URL,
  };
}
