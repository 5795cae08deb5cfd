// Attaches to a container before it starts and turns its output into timed lines, reading only
// what is needed: lines become text when they may be stamped phase lines, or while a `log:`
// readiness pattern or a `phases` rule is still waiting; everything else is only counted and
// kept in a byte tail.
import type { ContainerHandle } from '../docker/containers.ts';
import { Demux } from '../docker/demux.ts';
import { ByteTail, LineSink, lineText } from './log-lines.ts';

export interface OutputWatch {
  /** The last lines the container wrote, for error messages. */
  tail(): string[];
  firstOutputAt(): number | undefined;
  bytes(): number;
  /** Resolves when the container's output ends (it exited), with the time that happened. */
  ended: Promise<number>;
  close(): void;
}

// A line cap keeps a 10 MB line from costing 10 MB; the tail is what an error message shows.
export const MAX_LINE_BYTES = 4096;
const TAIL_LINES = 40;
const TAIL_BYTES = 64 * 1024;

/** A stamped line starts with digits (after spaces): the only lines worth decoding otherwise. */
function mayBeStamp(line: Buffer): boolean {
  for (const byte of line) {
    if (byte === 0x20 || byte === 0x09) continue;
    return byte >= 0x30 && byte <= 0x39;
  }
  return false;
}

export interface OutputOptions {
  now: () => number;
  onLine: (line: string, at: number) => void;
  /** While true every line is decoded and handed on (a `log:` pattern or `phases` rule waits). */
  everyLine: () => boolean;
}

export async function attachOutput(container: ContainerHandle, opts: OutputOptions): Promise<OutputWatch> {
  const tail = new ByteTail(TAIL_BYTES);
  let first: number | undefined;
  let bytes = 0;
  const sink = () =>
    new LineSink({
      maxLineBytes: MAX_LINE_BYTES,
      onLine: (line, cut, at) => {
        tail.pushLine(line, cut, MAX_LINE_BYTES);
        if (opts.everyLine() || mayBeStamp(line)) opts.onLine(lineText(line, cut, MAX_LINE_BYTES), at);
      },
    });
  // stdout and stderr each get their own splitter so a partial line of one never joins the other.
  const out = sink();
  const err = sink();
  let at = 0;
  const receive = (target: LineSink) => (payload: Buffer) => {
    bytes += payload.length;
    target.write(payload, at);
  };
  const demux = new Demux(receive(out), receive(err));
  const stream = await container.attach();
  stream.on('data', (chunk: Buffer) => {
    at = opts.now();
    first ??= at;
    demux.push(chunk);
  });
  const ended = new Promise<number>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const end = opts.now();
      out.end(end);
      err.end(end);
      resolve(end);
    };
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
  return { tail: () => tail.lines(TAIL_LINES, MAX_LINE_BYTES), firstOutputAt: () => first, bytes: () => bytes, ended, close: () => stream.destroy() };
}
