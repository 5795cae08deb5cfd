// Ready when a connection to the port is accepted by a listening process (not only by Docker's proxy).
import { probeTcp, type ProbeResult } from '../probe.ts';
import { ProbingReadiness, type ProbeTarget } from './probing.ts';

/** How long a connection must stay open to count as reaching the container (see probeTcp). */
const TCP_SETTLE_MS = 30;

export class TcpReadiness extends ProbingReadiness {
  protected probe(target: ProbeTarget, now: () => number): Promise<ProbeResult> {
    return probeTcp({ ...target, settleMs: TCP_SETTLE_MS }, now);
  }

  describeWait(): string {
    return `last attempt on port ${this.port}: ${this.last}`;
  }
}
