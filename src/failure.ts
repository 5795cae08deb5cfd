// Whatever ended a run, sorted by whose it is: the user's (bad input, a failing build), the
// host's (the daemon refused, or is gone), GitHub's (outage, permission) or ours (a bug: only
// then a stack). Each comes with the one thing to do about it.
import { daemonGoneMessage, isDaemonGone } from './docker/client.ts';
import { hostErrorOf, isSocketPermissionDenied, SOCKET_PERMISSION_HINT } from './docker/host-errors.ts';
import { EngineBuildError } from './engine/errors.ts';
import { gitHubErrorOf } from './github/errors.ts';
import { ImageBuildError } from './image/errors.ts';
import { ConfigError, errorMessage, GitHubError, HostError, StartError } from './util/errors.ts';

export type Owner = 'user' | 'host' | 'github' | 'ours';

export interface Failure {
  owner: Owner;
  /** What happened, in the words of whoever refused (the daemon's, GitHub's) where there are any. */
  message: string;
  /** The one thing to do about it. */
  hint: string;
  /** Only for our own bugs: where to look. */
  stack?: string;
}

export const OWNER_TITLE: Record<Owner, string> = {
  user: 'the input or the code under test',
  host: "this runner's Docker host",
  github: 'GitHub',
  ours: 'startup-sla itself (a bug)',
};

export function describeFailure(e: unknown): Failure {
  if (e instanceof ImageBuildError) return { owner: 'user', message: e.message, hint: 'the build output above says why: fix the Dockerfile or its context and run again' };
  if (e instanceof EngineBuildError) return { owner: 'user', message: e.message, hint: "the builder's output above says why: check the model, the flags and builder-image" };
  if (e instanceof StartError) return { owner: 'user', message: e.message, hint: "the container's last log lines say why it did not become ready" };
  if (e instanceof ConfigError) return { owner: 'user', message: e.message, hint: 'correct the input named above and run again' };
  if (e instanceof HostError || e instanceof GitHubError) return { owner: e instanceof HostError ? 'host' : 'github', message: e.message, hint: e.hint };
  if (isSocketPermissionDenied(e)) return { owner: 'host', message: `the Docker socket refused this user (${errorMessage(e)})`, hint: SOCKET_PERMISSION_HINT };
  if (isDaemonGone(e)) return { owner: 'host', message: daemonGoneMessage(e), hint: 'restart Docker and run again' };
  const host = hostErrorOf(e);
  if (host) return { owner: 'host', message: host.message, hint: host.hint };
  const github = gitHubErrorOf(e);
  if (github) return { owner: 'github', message: github.message, hint: github.hint };
  const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { owner: 'ours', message: errorMessage(e), hint: 'please report it with the log of this step', stack };
}

/** The one line for the log and the step's failure. A user's mistake is its message alone. */
export function failureLine(f: Failure): string {
  switch (f.owner) {
    case 'user':
      return f.message;
    case 'ours':
      return `startup-sla crashed (a bug, please report it): ${f.stack ?? f.message}`;
    default: {
      // Messages of the daemon-down kind already end with their hint; do not say it twice. A
      // message that is a whole sentence ("Docker daemon at ...") needs no prefix.
      const line = f.message.includes(f.hint) ? f.message : `${f.message}. Hint: ${f.hint}`;
      return /^[a-z(]/.test(line) ? `startup-sla: ${line}` : line;
    }
  }
}
