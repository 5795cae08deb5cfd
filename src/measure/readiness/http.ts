// Ready when a GET on the path answers 2xx: the time of the answer's first byte.
import { probeHttp, type ProbeResult } from '../probe.ts';
import { ProbingReadiness, type ProbeTarget } from './probing.ts';

export class HttpReadiness extends ProbingReadiness {
  private readonly path: string;

  constructor(port: number, path: string) {
    super(port);
    this.path = path;
  }

  protected probe(target: ProbeTarget, now: () => number): Promise<ProbeResult> {
    return probeHttp({ ...target, path: this.path }, now);
  }

  describeWait(): string {
    return `last answer on port ${this.port}${this.path}: ${this.last}`;
  }
}
