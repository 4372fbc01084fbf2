// Reads exact byte counts from a stream of chunks, for the few handshake messages the relay
// parses before it only copies bytes.
export class ByteReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiter?: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void };
  private error?: Error;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    this.flush();
  }

  /** The stream ended or failed: a pending and every later read rejects. */
  fail(error: Error): void {
    this.error ??= error;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(this.error);
  }

  read(n: number): Promise<Buffer> {
    if (this.waiter) return Promise.reject(new Error('ByteReader: one read at a time'));
    return new Promise((resolve, reject) => {
      this.waiter = { n, resolve, reject };
      this.flush();
      if (this.waiter && this.error) this.fail(this.error);
    });
  }

  /** Whatever arrived beyond the handshake: it belongs to the relayed stream. */
  drain(): Buffer {
    const rest = Buffer.concat(this.chunks);
    this.chunks = [];
    this.size = 0;
    return rest;
  }

  private flush(): void {
    const w = this.waiter;
    if (!w || this.size < w.n) return;
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > w.n ? [all.subarray(w.n)] : [];
    this.size = all.length - w.n;
    this.waiter = undefined;
    w.resolve(all.subarray(0, w.n));
  }
}
