/**
 * A mistake of the user's (bad input, missing image): printed as one clear message without a
 * stack. Anything else that escapes is our bug and keeps its stack.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A start that did not reach ready: timeout, exit before ready, a probe that can never work. */
export class StartError extends Error {
  override name = 'StartError';
  readonly logTail: string[];
  constructor(message: string, logTail: string[] = []) {
    super(message);
    this.logTail = logTail;
  }
}

/** A refusal that comes with the one thing to try. */
abstract class HintedError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

/**
 * The machine's problem, not the input's and not ours: the daemon refused a create or start, a
 * network or image is missing, a port is taken, the disk is full, the socket is not ours to use.
 * `message` quotes the daemon; `hint` is the one thing to try.
 */
export class HostError extends HintedError {
  override name = 'HostError';
}

/** GitHub refused or failed a request the run could not do without (an outage, a permission). */
export class GitHubError extends HintedError {
  override name = 'GitHubError';
}

export function isUserError(e: unknown): e is ConfigError | StartError | HostError | GitHubError {
  return e instanceof ConfigError || e instanceof StartError || e instanceof HostError || e instanceof GitHubError;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Why a file could not be read, short: the system's code (ENOENT, EACCES) where there is one. */
export function fileErrorReason(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
  return code ?? errorMessage(e);
}
