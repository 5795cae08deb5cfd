// Container output, read as it arrives: split into lines, bounded in memory (over-long lines
// are cut), and scanned for stamped phase lines and the readiness pattern.

/** `<unix seconds with fraction>: <label>`, the seed's phase-line format. */
const STAMP = /^\s*(\d{9,11}(?:\.\d+)?):\s+(\S.*?)\s*$/;

export interface Stamp {
  wallMs: number;
  label: string;
}

export function parseStamp(line: string): Stamp | undefined {
  const m = STAMP.exec(line);
  if (!m) return undefined;
  // Labels are keys in reports and tables: keep them short and free of the details after '('.
  const label = (m[2] ?? '').replace(/\s*\(.*$/, '').slice(0, 60);
  return label === '' ? undefined : { wallMs: Number(m[1]) * 1000, label };
}

export interface LineSinkOptions {
  maxLineBytes: number;
  /**
   * One line, without its newline, at most maxLineBytes of it. The buffer may be a view of the
   * chunk being written: valid only during the call (decode or copy what you keep).
   */
  onLine: (line: Buffer, cut: boolean, at: number) => void;
}

/**
 * Splits a byte stream into lines without turning it into strings: a line is handed on as a
 * view of the chunk it sits in, and copied only when it spans chunks (then at most
 * maxLineBytes of it). A container that logs a gigabyte costs the runner almost no garbage,
 * and a 10 MB line costs 4 KiB.
 */
export class LineSink {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private partialCut = false;
  private readonly opts: LineSinkOptions;
  constructor(opts: LineSinkOptions) {
    this.opts = opts;
  }

  write(chunk: Buffer, at: number): void {
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf(10, start)) >= 0) {
      if (this.partBytes === 0 && !this.partialCut) {
        const end = Math.min(nl, start + this.opts.maxLineBytes);
        this.opts.onLine(chunk.subarray(start, end), end < nl, at);
      } else {
        this.append(chunk, start, nl);
        this.emit(at);
      }
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk, start, chunk.length);
  }

  /** Emits what is left when the stream ends without a final newline. */
  end(at: number): void {
    if (this.partBytes > 0 || this.partialCut) this.emit(at);
  }

  private append(chunk: Buffer, from: number, to: number): void {
    if (this.partialCut) return;
    const room = this.opts.maxLineBytes - this.partBytes;
    let end = to;
    if (to - from > room) {
      end = from + Math.max(0, room);
      this.partialCut = true;
    }
    if (end > from) {
      // A copy, not a view: the chunk is gone by the time the line ends.
      this.parts.push(Buffer.from(chunk.subarray(from, end)));
      this.partBytes += end - from;
    }
  }

  private emit(at: number): void {
    const line = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partBytes);
    const cut = this.partialCut;
    this.parts = [];
    this.partBytes = 0;
    this.partialCut = false;
    this.opts.onLine(line, cut, at);
  }
}

/** A line as text, with a visible mark where it was cut. */
export function lineText(line: Buffer, cut: boolean, maxLineBytes: number): string {
  const text = line.toString('utf8').replace(/\r$/, '');
  return cut ? `${text} [... line cut at ${maxLineBytes} bytes]` : text;
}

const NEWLINE = Buffer.from('\n');

/**
 * The last lines a container wrote, as bytes in a fixed ring: keeping the tail for an error
 * message allocates nothing per line. Whole lines go in (stdout and stderr interleave only
 * between lines, never inside one); text is made from it only when an error needs it.
 */
export class ByteTail {
  private readonly ring: Buffer;
  private written = 0;
  constructor(capacity: number) {
    this.ring = Buffer.alloc(capacity);
  }

  pushLine(line: Buffer, cut: boolean, maxLineBytes: number): void {
    this.push(line);
    if (cut) this.push(Buffer.from(` [... line cut at ${maxLineBytes} bytes]`));
    this.push(NEWLINE);
  }

  push(bytes: Buffer): void {
    const cap = this.ring.length;
    const src = bytes.length > cap ? bytes.subarray(bytes.length - cap) : bytes;
    const at = (this.written + (bytes.length - src.length)) % cap;
    const first = Math.min(src.length, cap - at);
    src.copy(this.ring, at, 0, first);
    if (first < src.length) src.copy(this.ring, 0, first);
    this.written += bytes.length;
  }

  /** The last `count` lines, each cut at maxLineBytes; a line the ring only holds the end of is marked. */
  lines(count: number, maxLineBytes: number): string[] {
    const cap = this.ring.length;
    const size = Math.min(this.written, cap);
    const start = this.written % cap;
    const bytes = this.written <= cap ? this.ring.subarray(0, size) : Buffer.concat([this.ring.subarray(start), this.ring.subarray(0, start)]);
    const raw = bytes.toString('utf8').split('\n');
    if (raw.at(-1) === '') raw.pop();
    // Lines went in cut already; this only guards the partial first line of a wrapped ring.
    const out = raw.map((l) => {
      const b = Buffer.from(l);
      return b.length > maxLineBytes + 64 ? lineText(b.subarray(0, maxLineBytes), true, maxLineBytes) : l.replace(/\r$/, '');
    });
    if (this.written > cap && out.length > 0) out[0] = `[...] ${out[0]}`;
    return out.slice(-count);
  }
}
