// What the runner tells the action about this run: the GITHUB_* variables and the event payload.
import { readFileSync } from 'node:fs';
import { eventInfo, missingPullRequestField, type EventInfo } from './event.ts';
import { errorMessage, fileErrorReason } from '../util/errors.ts';

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

/**
 * The event is read leniently: a runner without one (a local harness, some compatible runners)
 * or with one we cannot read still measures; only what needs the event (the PR comment, the
 * fork check) is skipped, and `warn` says why, naming the file or the missing field.
 */
export function readRunContext(env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = () => {}): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const payload = readPayload(env.GITHUB_EVENT_PATH, warn);
  const missing = missingPullRequestField(eventName, payload);
  if (missing !== undefined && env.GITHUB_EVENT_PATH) warn(`the ${eventName} event payload has no ${missing}; no PR comment, and the commit is GITHUB_SHA`);
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

function readPayload(path: string | undefined, warn: (message: string) => void): unknown {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    warn(`the event file GITHUB_EVENT_PATH=${path} cannot be read (${fileErrorReason(e)}); measuring without the event`);
    return {};
  }
  try {
    const payload: unknown = JSON.parse(text);
    if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) return payload;
    warn(`the event file GITHUB_EVENT_PATH=${path} is not a JSON object; measuring without the event`);
  } catch (e: unknown) {
    warn(`the event file GITHUB_EVENT_PATH=${path} is not JSON (${errorMessage(e)}); measuring without the event`);
  }
  return {};
}

/**
 * @actions/github parses GITHUB_EVENT_PATH the moment it is imported and throws on a file that
 * is not JSON, before any of our code could say what is wrong. The entry calls this first, then
 * imports the rest: the path is hidden from that import only, and readRunContext, given the
 * environment as it was, names the file in a warning.
 */
export function hideUnparsableEvent(env: NodeJS.ProcessEnv = process.env): void {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return;
  try {
    JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    delete env.GITHUB_EVENT_PATH;
  }
}
