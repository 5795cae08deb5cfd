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
  onLine: (line: string, at: number) => void;
}

export class LineSink {
  private partial = '';
  private partialCut = false;
  private readonly opts: LineSinkOptions;
  bytes = 0;
  constructor(opts: LineSinkOptions) {
    this.opts = opts;
  }

  write(chunk: string, at: number): void {
    this.bytes += chunk.length;
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      this.append(chunk.slice(start, nl));
      this.emit(at);
      start = nl + 1;
    }
    this.append(chunk.slice(start));
  }

  /** Emits what is left when the stream ends without a final newline. */
  end(at: number): void {
    if (this.partial !== '' || this.partialCut) this.emit(at);
  }

  private append(text: string): void {
    if (this.partialCut) return;
    const room = this.opts.maxLineBytes - this.partial.length;
    if (text.length > room) {
      this.partial += text.slice(0, Math.max(0, room));
      this.partialCut = true;
    } else {
      this.partial += text;
    }
  }

  private emit(at: number): void {
    const line = this.partialCut ? `${this.partial} [... line cut at ${this.opts.maxLineBytes} bytes]` : this.partial;
    this.partial = '';
    this.partialCut = false;
    this.opts.onLine(line.replace(/\r$/, ''), at);
  }
}

/** The last lines seen, for error messages: memory stays bounded whatever the container prints. */
export class Tail {
  private readonly lines: string[] = [];
  private readonly size: number;
  constructor(size: number) {
    this.size = size;
  }
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.shift();
  }
  get(): string[] {
    return [...this.lines];
  }
}
