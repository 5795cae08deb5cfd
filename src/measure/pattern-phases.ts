// Phases from the server's own lines: the first line matching each rule marks that phase, at
// the time the line reached the runner, or, when the rule's `ts` group captured the line's own
// timestamp, at that time. Lines are tested only while some rule still waits; once every rule
// has its line the output goes back to being counted, not read.
import type { PhaseRule } from '../config/phases.ts';
import type { ContainerHandle } from '../docker/containers.ts';
import { Demux } from '../docker/demux.ts';
import type { PhaseSource } from '../model.ts';
import type { Clock } from '../util/clock.ts';
import { rfc3339ToMs } from '../util/time.ts';
import { parseLineTime, settle } from './line-time.ts';
import { LineSink, lineText } from './log-lines.ts';

export interface PatternHit {
  label: string;
  /** When the line arrived, on the runner's monotonic clock. */
  at: number;
  line: string;
  /** What the `ts` group captured, when the rule has one and it took part in the match. */
  ts?: string | undefined;
}

export interface LineMark {
  label: string;
  at: number;
  source: PhaseSource;
}

export class PhaseMatcher {
  private waiting: { label: string; re: RegExp }[];
  private readonly found: PatternHit[] = [];
  constructor(rules: readonly PhaseRule[]) {
    this.waiting = rules.map((r) => ({ label: r.label, re: new RegExp(r.pattern) }));
  }

  pending(): boolean {
    return this.waiting.length > 0;
  }

  offer(line: string, at: number): void {
    if (this.waiting.length === 0) return;
    let matched = false;
    for (const rule of this.waiting) {
      const m = rule.re.exec(line);
      if (!m) continue;
      this.found.push({ label: rule.label, at, line, ts: m.groups?.ts });
      matched = true;
    }
    if (matched) this.waiting = this.waiting.filter((w) => !this.found.some((f) => f.label === w.label));
  }

  hits(): readonly PatternHit[] {
    return this.found;
  }
}

export interface ResolveOptions {
  clock: Clock;
  /** Added to daemon-clock times to put them on the runner's (0 on a local daemon). */
  offset: number;
  /** The daemon's own timestamp (epoch ms) of each of these lines, as far as it can be read. */
  daemonTimes: (lines: readonly string[]) => Promise<Map<string, number>>;
  warn?: (message: string) => void;
}

/**
 * Each hit's mark. A zoned timestamp (unix seconds, ISO with zone) is the instant itself: the
 * container shares the daemon host's clock. A naive one (glog, ISO without zone) gets its zone
 * and year from the daemon's timestamp of the same line, or, when the daemon's log cannot be
 * read (log driver none), from the arrival time.
 */
export async function resolveLineMarks(hits: readonly PatternHit[], opts: ResolveOptions): Promise<LineMark[]> {
  const { clock, offset } = opts;
  const toWall = (at: number) => at - clock.fromWall(0);
  const year = new Date(toWall(hits[0]?.at ?? 0)).getUTCFullYear();
  const naive = hits.filter((h) => h.ts !== undefined && parseLineTime(h.ts, year)?.zoned === false);
  const daemon = naive.length > 0 ? await opts.daemonTimes(naive.map((h) => h.line)).catch(() => new Map<string, number>()) : new Map<string, number>();
  return hits.map((h): LineMark => {
    if (h.ts === undefined) return { label: h.label, at: h.at, source: 'arrival' };
    const parsed = parseLineTime(h.ts, year);
    if (!parsed) {
      opts.warn?.(`phase "${h.label}": "${h.ts.slice(0, 40)}" is no timestamp form startup-sla reads (ISO 8601, MMDD HH:MM:SS.micro, unix seconds); the arrival time is used`);
      return { label: h.label, at: h.at, source: 'arrival' };
    }
    if (parsed.zoned) return { label: h.label, at: clock.fromWall(parsed.ms) + offset, source: 'line-timestamp' };
    const ref = daemon.get(h.line);
    const wall = settle(h.ts, ref ?? toWall(h.at - offset));
    if (wall === undefined) return { label: h.label, at: h.at, source: 'arrival' };
    return { label: h.label, at: clock.fromWall(wall) + offset, source: ref === undefined ? 'line-timestamp-arrival-zone' : 'line-timestamp' };
  });
}

const DAEMON_LOG_WAIT_MS = 2000;

/**
 * Reads the container's log back from the daemon, with the daemon's timestamps, until each
 * wanted line is found (they came early in the start, so this stops early), or 2 s pass.
 * Off the timed path: the start is already ready. Lines are made text the way the attach
 * stream made them, so the same line compares equal.
 */
export async function daemonLineTimes(container: ContainerHandle, lines: readonly string[], maxLineBytes: number): Promise<Map<string, number>> {
  const wanted = new Set(lines);
  const found = new Map<string, number>();
  const stream = await container.followLogsWithTimes();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stream.destroy();
      resolve(found);
    };
    const timer = setTimeout(done, DAEMON_LOG_WAIT_MS);
    // The timestamp and its space come before the line, so a line keeps its own length limit.
    const sink = () =>
      new LineSink({
        maxLineBytes: maxLineBytes + 40,
        onLine: (line) => {
          const space = line.indexOf(0x20);
          if (space < 0) return;
          const rest = line.subarray(space + 1);
          const text = lineText(rest.subarray(0, maxLineBytes), rest.length > maxLineBytes, maxLineBytes);
          if (!wanted.has(text) || found.has(text)) return;
          const ms = rfc3339ToMs(line.subarray(0, space).toString('latin1'));
          if (ms !== undefined) found.set(text, ms);
          if (found.size === wanted.size) done();
        },
      });
    const out = sink();
    const err = sink();
    const demux = new Demux((b) => out.write(b, 0), (b) => err.write(b, 0));
    stream.on('data', (chunk: Buffer) => demux.push(chunk));
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}
