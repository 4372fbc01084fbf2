// Reads exact byte counts from a stream of chunks, for the few handshake messages the relay
// parses before it only copies bytes.
export class ByteReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiter?: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void };
  private error?: Error;

  /** `limit`: the most bytes held at once; a peer sending more before the handshake is done is cut off. */
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  /** False once more than `limit` bytes would be held: the reader has failed and the caller should cut the peer off. */
  push(chunk: Buffer): boolean {
    if (this.error) return false;
    if (this.size + chunk.length > this.limit) {
      this.chunks = [];
      this.size = 0;
      this.fail(new Error(`more than ${this.limit} bytes arrived before the console was ready`));
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    this.flush();
    return true;
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
