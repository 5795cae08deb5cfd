import { ConfigError } from '../util/errors.ts';

/**
 * A build the daemon refused or a step that failed: the user's Dockerfile or context, so it
 * prints as a ConfigError, with the builder's own message and the end of the build output.
 */
export class ImageBuildError extends ConfigError {
  override name = 'ImageBuildError';
  readonly outputTail: string[];
  constructor(message: string, outputTail: string[] = []) {
    super(outputTail.length > 0 ? `${message}\n--- last ${outputTail.length} lines of build output ---\n${outputTail.join('\n')}` : message);
    this.outputTail = outputTail;
  }
}
