/** What the pipeline says while it runs; the action and the CLI each supply one. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Prints text that came from outside (container logs) so that it can never act. */
  untrusted(title: string, lines: readonly string[]): void;
}
