/**
 * XDR (RFC 4506), the encoding of libvirt's remote protocol: big-endian 4-byte
 * units, strings and opaques padded to 4 bytes, `hyper` as 8 bytes. 64-bit
 * values come back as numbers: byte counts stay far below 2^53.
 */
export class XdrWriter {
  private chunks: Buffer[] = [];

  int(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value | 0);
    this.chunks.push(b);
    return this;
  }

  uint(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    this.chunks.push(b);
    return this;
  }

  uhyper(value: number): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(Math.trunc(value)));
    this.chunks.push(b);
    return this;
  }

  hyper(value: number): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(Math.trunc(value)));
    this.chunks.push(b);
    return this;
  }

  /** Fixed-length opaque (e.g. a 16-byte UUID). */
  fixedOpaque(bytes: Buffer): this {
    this.chunks.push(bytes);
    this.pad(bytes.length);
    return this;
  }

  /** Variable-length opaque (`opaque x<>`): length, bytes, padding. */
  opaque(bytes: Buffer): this {
    this.uint(bytes.length);
    return this.fixedOpaque(bytes);
  }

  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    this.uint(bytes.length);
    return this.fixedOpaque(bytes);
  }

  /** `remote_string`: an optional string (XDR pointer). */
  optionalString(value: string | undefined): this {
    if (value === undefined) return this.int(0);
    return this.int(1).string(value);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private pad(length: number): void {
    const rest = (4 - (length % 4)) % 4;
    if (rest) this.chunks.push(Buffer.alloc(rest));
  }
}

export class XdrReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  int(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  uint(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  uhyper(): number {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.offset);
    this.offset += 8;
    return Number(v);
  }

  hyper(): number {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return Number(v);
  }

  double(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }

  fixedOpaque(length: number): Buffer {
    const padded = length + ((4 - (length % 4)) % 4);
    this.need(padded);
    const out = this.buf.subarray(this.offset, this.offset + length);
    this.offset += padded;
    return out;
  }

  string(): string {
    return this.fixedOpaque(this.uint()).toString('utf8');
  }

  optionalString(): string | undefined {
    return this.int() ? this.string() : undefined;
  }

  array<T>(item: (r: XdrReader) => T): T[] {
    const n = this.uint();
    // Each element takes at least 4 bytes: a count beyond that is a corrupt message, not a huge allocation.
    if (n > this.remaining / 4 + 1) throw new RangeError(`XDR array of ${n} elements in ${this.remaining} bytes`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new RangeError('XDR message ends early');
  }
}
