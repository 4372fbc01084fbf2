/**
 * A small RFB 3.8 (VNC) server for the demo engine: every running VM gets a real screen (see
 * rfb-screen.ts) behind VNC Authentication with the one-time password the engine's `ticket`
 * action set, like QEMU behind a real engine. One port serves all VMs: the password a client
 * proves tells which VM it is for. Raw encoding only; 3.7 and 3.8 clients; 32/16/8-bit
 * true-colour pixel formats as the client asks (noVNC asks for 32-bit).
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { changedRect, renderScreen, SCREEN_H, SCREEN_W, type ScreenState } from './rfb-screen';

export interface RfbServerOptions {
  host?: string;
  port?: number;
  /** Finds the VM whose current console password answers this challenge. */
  authenticate(challenge: Buffer, response: Buffer): { name: string } | undefined;
  /** How often the clock redraws (ms). */
  tickMs?: number;
}

export interface RfbServer {
  host: string;
  port: number;
  connections(): number;
  close(): Promise<void>;
}

/** RFB's VNC Authentication: DES of the challenge, keyed by the password with each byte's bits mirrored. */
export function vncResponse(challenge: Buffer, password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) {
    let b = 0;
    for (let bit = 0; bit < 8; bit++) if (key[i] & (1 << bit)) b |= 1 << (7 - bit);
    key[i] = b;
  }
  // Two-key 3DES with equal keys is single DES, which OpenSSL 3 only has in its legacy provider.
  const cipher = crypto.createCipheriv('des-ede-ecb', Buffer.concat([key, key]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(challenge), cipher.final()]);
}

interface PixelFormat {
  bpp: number;
  bigEndian: boolean;
  max: [number, number, number];
  shift: [number, number, number];
}

const SERVER_FORMAT: PixelFormat = { bpp: 32, bigEndian: false, max: [255, 255, 255], shift: [16, 8, 0] };

function pixelFormatBytes(pf: PixelFormat): Buffer {
  const b = Buffer.alloc(16);
  b[0] = pf.bpp;
  b[1] = 24;
  b[2] = pf.bigEndian ? 1 : 0;
  b[3] = 1;
  b.writeUInt16BE(pf.max[0], 4);
  b.writeUInt16BE(pf.max[1], 6);
  b.writeUInt16BE(pf.max[2], 8);
  b[10] = pf.shift[0];
  b[11] = pf.shift[1];
  b[12] = pf.shift[2];
  return b;
}

function encodeRect(px: Uint8Array, r: { x: number; y: number; w: number; h: number }, pf: PixelFormat): Buffer {
  const bytes = pf.bpp / 8;
  const out = Buffer.alloc(16 + r.w * r.h * bytes);
  out[0] = 0; // FramebufferUpdate
  out.writeUInt16BE(1, 2);
  out.writeUInt16BE(r.x, 4);
  out.writeUInt16BE(r.y, 6);
  out.writeUInt16BE(r.w, 8);
  out.writeUInt16BE(r.h, 10);
  out.writeInt32BE(0, 12); // Raw
  let o = 16;
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const i = (y * SCREEN_W + x) * 3;
      const v =
        (Math.round((px[i] * pf.max[0]) / 255) << pf.shift[0]) |
        (Math.round((px[i + 1] * pf.max[1]) / 255) << pf.shift[1]) |
        (Math.round((px[i + 2] * pf.max[2]) / 255) << pf.shift[2]);
      if (bytes === 4) {
        if (pf.bigEndian) out.writeUInt32BE(v >>> 0, o);
        else out.writeUInt32LE(v >>> 0, o);
      } else if (bytes === 2) {
        if (pf.bigEndian) out.writeUInt16BE(v & 0xffff, o);
        else out.writeUInt16LE(v & 0xffff, o);
      } else out[o] = v & 0xff;
      o += bytes;
    }
  }
  return out;
}

const KEY_NAMES: Record<number, string> = {
  0xffe3: 'CTRL', 0xffe4: 'CTRL', 0xffe9: 'ALT', 0xffea: 'ALT', 0xffe1: 'SHIFT', 0xffe2: 'SHIFT', 0xffff: 'DEL',
  0xff0d: 'ENTER', 0xff1b: 'ESC', 0xff09: 'TAB', 0xff08: 'BKSP', 0xffeb: 'SUPER', 0xff61: 'PRINT',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [0xffbe + i, `F${i + 1}`])),
};

function keyName(keysym: number): string {
  if (KEY_NAMES[keysym]) return KEY_NAMES[keysym];
  if (keysym >= 0x20 && keysym < 0x7f) return String.fromCharCode(keysym).toUpperCase();
  return `0X${keysym.toString(16).toUpperCase()}`;
}

/** Exact-length reads over a socket's chunks. */
function reader(socket: net.Socket) {
  let buf: Buffer = Buffer.alloc(0);
  let want: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  let ended: Error | undefined;
  const pump = () => {
    if (want && buf.length >= want.n) {
      const w = want;
      want = undefined;
      const out = buf.subarray(0, w.n);
      buf = buf.subarray(w.n);
      w.resolve(out);
    } else if (want && ended) {
      const w = want;
      want = undefined;
      w.reject(ended);
    }
  };
  socket.on('data', (d: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    pump();
  });
  const end = () => {
    ended ??= new Error('closed');
    pump();
  };
  socket.on('close', end);
  socket.on('error', end);
  return (n: number) =>
    new Promise<Buffer>((resolve, reject) => {
      want = { n, resolve, reject };
      pump();
    });
}

export async function startRfbServer(opts: RfbServerOptions): Promise<RfbServer> {
  const tickMs = opts.tickMs ?? 1000;
  const sockets = new Set<net.Socket>();

  async function session(socket: net.Socket): Promise<void> {
    const read = reader(socket);
    socket.write('RFB 003.008\n');
    const version = (await read(12)).toString('latin1');
    const v38 = version === 'RFB 003.008\n';
    if (!v38 && version !== 'RFB 003.007\n') return void socket.end();
    socket.write(Buffer.from([1, 2]));
    if ((await read(1))[0] !== 2) return void socket.end();
    const challenge = crypto.randomBytes(16);
    socket.write(challenge);
    const vm = opts.authenticate(challenge, await read(16));
    if (!vm) {
      const reason = Buffer.from('Authentication failed');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(reason.length);
      socket.end(Buffer.concat([Buffer.from([0, 0, 0, 1]), ...(v38 ? [len, reason] : [])]));
      return;
    }
    socket.write(Buffer.from([0, 0, 0, 0]));
    await read(1); // ClientInit: shared or not, every client shares here.
    const name = Buffer.from(vm.name, 'utf8');
    const init = Buffer.alloc(24);
    init.writeUInt16BE(SCREEN_W, 0);
    init.writeUInt16BE(SCREEN_H, 2);
    pixelFormatBytes(SERVER_FORMAT).copy(init, 4);
    init.writeUInt32BE(name.length, 20);
    socket.write(Buffer.concat([init, name]));

    let pf = SERVER_FORMAT;
    const state: ScreenState = { name: vm.name, now: new Date(), keys: [], clipboard: '' };
    let sent: Uint8Array | undefined;
    let pending = false;
    const flush = () => {
      if (!pending || socket.destroyed) return;
      state.now = new Date();
      const frame = renderScreen(state);
      const rect = sent ? changedRect(sent, frame) : { x: 0, y: 0, w: SCREEN_W, h: SCREEN_H };
      if (!rect) return;
      sent = frame;
      pending = false;
      socket.write(encodeRect(frame, rect, pf));
    };
    const timer = setInterval(flush, tickMs);
    socket.on('close', () => clearInterval(timer));

    for (;;) {
      const type = (await read(1))[0];
      if (type === 0) {
        const b = await read(19);
        if (b[6] !== 1 || ![8, 16, 32].includes(b[3])) return void socket.destroy(); // true colour only
        pf = { bpp: b[3], bigEndian: b[5] === 1, max: [b.readUInt16BE(7), b.readUInt16BE(9), b.readUInt16BE(11)], shift: [b[13], b[14], b[15]] };
        sent = undefined; // the next update must repaint everything in the new format
      } else if (type === 2) {
        const b = await read(3);
        await read(b.readUInt16BE(1) * 4);
      } else if (type === 3) {
        const b = await read(9);
        if (b[0] === 0) sent = undefined; // non-incremental: send the full screen
        pending = true;
        flush();
      } else if (type === 4) {
        const b = await read(7);
        if (b[0] === 1) {
          state.keys = [...state.keys, keyName(b.readUInt32BE(3))].slice(-8);
          flush();
        }
      } else if (type === 5) {
        await read(5);
      } else if (type === 6) {
        const b = await read(7);
        const length = b.readUInt32BE(3);
        if (length > 1 << 20) return void socket.destroy();
        state.clipboard = (await read(length)).toString('latin1').slice(0, 200);
        flush();
      } else {
        return void socket.destroy();
      }
    }
  }

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    session(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as net.AddressInfo;
  return {
    host: opts.host ?? '127.0.0.1',
    port: addr.port,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
