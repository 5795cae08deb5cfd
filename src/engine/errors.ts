import { ConfigError } from '../util/errors.ts';

/**
 * An engine build that did not give a usable engine. It is the user's model, flags or builder
 * image at fault far more often than us, so it prints as a ConfigError: one message, no stack,
 * with the end of the builder's output in it because that is where the reason is.
 */
export class EngineBuildError extends ConfigError {
  override name = 'EngineBuildError';
  readonly logTail: string[];
  constructor(message: string, logTail: string[] = []) {
    super(logTail.length > 0 ? `${message}\n--- last ${logTail.length} lines of output ---\n${logTail.join('\n')}` : message);
    this.logTail = logTail;
  }
}

export function tail(lines: string[], n = 30): string[] {
  return lines.slice(Math.max(0, lines.length - n));
}
