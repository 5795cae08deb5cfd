/**
 * A mistake of the user's (bad input, missing image, unreachable daemon): printed as one clear
 * message without a stack. Anything else that escapes is our bug and keeps its stack.
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

/** The Docker daemon went away mid-run (stopped, restarted): not a bug, nothing to retry here. */
export class DaemonError extends Error {
  override name = 'DaemonError';
}

export function isUserError(e: unknown): e is ConfigError | StartError | DaemonError {
  return e instanceof ConfigError || e instanceof StartError || e instanceof DaemonError;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
