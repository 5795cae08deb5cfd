// Docker's multiplexed attach/logs stream (no TTY): 8-byte frame headers, then the payload.
// https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Container/operation/ContainerAttach
// dockerode's demuxStream concatenates its whole pending buffer with every chunk; this one
// hands on views of the chunks it is given and copies only the 8 header bytes.

export class Demux {
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  private remaining = 0;
  private stream = 1;
  private readonly onStdout: (payload: Buffer) => void;
  private readonly onStderr: (payload: Buffer) => void;

  constructor(onStdout: (payload: Buffer) => void, onStderr: (payload: Buffer) => void) {
    this.onStdout = onStdout;
    this.onStderr = onStderr;
  }

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(8 - this.headerFill, chunk.length - i);
        chunk.copy(this.header, this.headerFill, i, i + take);
        this.headerFill += take;
        i += take;
        if (this.headerFill < 8) return;
        this.headerFill = 0;
        this.stream = this.header[0] ?? 1;
        this.remaining = this.header.readUInt32BE(4);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - i);
      const payload = chunk.subarray(i, i + take);
      if (this.stream === 2) this.onStderr(payload);
      else this.onStdout(payload);
      this.remaining -= take;
      i += take;
    }
  }
}
