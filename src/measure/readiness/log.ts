// Ready when an output line matches the pattern: the time that line reached the runner.
import { ListeningReadiness } from './strategy.ts';

export class LogReadiness extends ListeningReadiness {
  readonly daemonClock = false;
  private readonly source: string;
  private readonly pattern: RegExp;

  constructor(pattern: string) {
    super();
    this.source = pattern;
    this.pattern = new RegExp(pattern);
  }

  override wantsLines(): boolean {
    return !this.first.seen();
  }

  override onLine(line: string, at: number): void {
    if (!this.first.seen() && this.pattern.test(line)) this.first.mark(at);
  }

  describeWait(): string {
    return `no log line matched /${this.source}/`;
  }
}
