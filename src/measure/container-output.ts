// Attaches to a container before it starts and turns its output into timed lines.
import type Docker from 'dockerode';
import { Writable, type Readable } from 'node:stream';
import { LineSink, Tail } from './log-lines.ts';

export interface OutputWatch {
  tail: Tail;
  firstOutputAt(): number | undefined;
  bytes(): number;
  /** Resolves when the container's output ends (it exited), with the time that happened. */
  ended: Promise<number>;
  close(): void;
}

// A line cap keeps a 10 MB line from costing 10 MB; the tail is what an error message shows.
const MAX_LINE_BYTES = 4096;
const TAIL_LINES = 40;

export async function attachOutput(
  docker: Docker,
  container: Docker.Container,
  now: () => number,
  onLine: (line: string, at: number) => void,
): Promise<OutputWatch> {
  const tail = new Tail(TAIL_LINES);
  let first: number | undefined;
  let bytes = 0;
  const sinks: LineSink[] = [];
  // stdout and stderr each get their own splitter so a partial line of one never joins the other.
  const writer = () => {
    const sink = new LineSink({
      maxLineBytes: MAX_LINE_BYTES,
      onLine: (line, at) => {
        tail.push(line);
        onLine(line, at);
      },
    });
    sinks.push(sink);
    return new Writable({
      write(chunk: Buffer, _enc, cb) {
        const at = now();
        first ??= at;
        bytes += chunk.length;
        sink.write(chunk.toString('utf8'), at);
        cb();
      },
    });
  };
  const stream = (await container.attach({ stream: true, stdout: true, stderr: true, logs: false })) as unknown as Readable;
  docker.modem.demuxStream(stream, writer(), writer());
  const ended = new Promise<number>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const at = now();
      for (const s of sinks) s.end(at);
      resolve(at);
    };
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
  return { tail, firstOutputAt: () => first, bytes: () => bytes, ended, close: () => stream.destroy() };
}
