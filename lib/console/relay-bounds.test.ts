// The relay's bounds and session rules on loopback (issue 14, points 9 and 10): real WebSocket
// clients, the real relay, real session rows behind the cookie, and a TCP server standing in for
// the VM's console port: silent (a VM that never answers), or speaking the SPICE link as QEMU does.
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freshDatabase } from '@/test/db/setup-env';

await freshDatabase();
process.env.SECRET_KEY ??= 'b'.repeat(64);
const AUTH_SECRET = 'relay-bounds-secret-'.padEnd(40, 'x');
process.env.AUTH_SECRET = AUTH_SECRET;

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { createConsoleRelay, CONSOLE_WS_PATH, MAX_SPICE_CHANNELS } = await import('./relay');
const { revokeAuthSession, revokeUserSessions } = await import('@/lib/auth/sessions');
const { encode } = await import('next-auth/jwt');
type Ticket = import('./tickets').RedeemedConsoleTicket;

const origin = 'http://dash.example';
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A console port that accepts and never says a word. */
async function silentVm(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return (server.address() as net.AddressInfo).port;
}

/** A console port speaking the SPICE link as QEMU does (no capabilities, RSA-1024 key), then echoing. */
async function spiceVm(): Promise<number> {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    let buf = Buffer.alloc(0);
    let stage = 0;
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (stage === 0 && buf.length >= 16 && buf.length >= 16 + buf.readUInt32LE(12)) {
        buf = buf.subarray(16 + buf.readUInt32LE(12));
        const body = Buffer.alloc(4 + 162 + 12);
        der.copy(body, 4);
        body.writeUInt32LE(4 + 162 + 12, 4 + 162 + 8);
        const header = Buffer.alloc(16);
        header.write('REDQ', 0, 'latin1');
        header.writeUInt32LE(2, 4);
        header.writeUInt32LE(2, 8);
        header.writeUInt32LE(body.length, 12);
        s.write(Buffer.concat([header, body]));
        stage = 1;
      }
      if (stage === 1 && buf.length >= 128) {
        buf = buf.subarray(128);
        s.write(Buffer.alloc(4)); // SPICE_LINK_ERR_OK
        stage = 2;
      }
      if (stage === 2 && buf.length) {
        s.write(buf);
        buf = Buffer.alloc(0);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return (server.address() as net.AddressInfo).port;
}

/** Byte i of the stream a streaming VM sends: a pattern a lost, repeated or reordered chunk breaks. */
const patternByte = (i: number) => i % 251;

/**
 * A console port without a handshake ('raw') that writes `total` bytes of the pattern as fast as
 * its socket takes them; `vm.handedOver()` is how many the socket has taken so far.
 */
async function streamingVm(total: number) {
  const sockets = new Set<net.Socket>();
  let socket: net.Socket | undefined;
  const server = net.createServer((s) => {
    sockets.add(s);
    socket = s;
    s.on('error', () => {});
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const n = Math.min(chunk.length, total - sent);
        const out = Buffer.alloc(n);
        for (let i = 0; i < n; i++) out[i] = patternByte(sent + i);
        sent += n;
        if (!s.write(out)) return void s.once('drain', pump);
      }
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return { port: (server.address() as net.AddressInfo).port, handedOver: () => (socket ? socket.bytesWritten - socket.writableLength : 0) };
}

let cookie = '';
let userId = '';
let sessionId = '';

async function signedIn(username: string) {
  const db = getDb();
  const user = await db.user.create({ data: { username, role: 'user' } });
  const session = await db.authSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  userId = user.id;
  sessionId = session.id;
  cookie = `authjs.session-token=${await encode({ token: { sid: session.id }, secret: AUTH_SECRET, salt: 'authjs.session-token' })}`;
}

/** A relay on its own HTTP server, with tickets from a map (the ticket store has its own tests). */
async function relayWith(options: Partial<Parameters<typeof createConsoleRelay>[0]> = {}) {
  const tickets = new Map<string, Ticket>();
  const relay = createConsoleRelay({ publicUrl: origin, trustProxy: false, idleTimeoutMs: 60_000, maxPerUser: 2, audit: async () => {}, redeem: async (t) => {
      // Single-use, as the ticket store is.
      const ticket = tickets.get(t) ?? null;
      tickets.delete(t);
      return ticket;
    }, ...options });
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => relay.handleUpgrade(req, socket, head) || socket.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    void relay.close();
    server.close();
  });
  const base = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const ticketFor = (protocol: 'vnc' | 'spice' | 'raw', port: number) => {
    const token = crypto.randomBytes(16).toString('hex');
    tickets.set(token, { userId, connectionId: 'c', vmId: 'c:vm', vmName: 'vm', protocol, host: '127.0.0.1', port, password: 'pw' });
    return token;
  };
  const connect = (token: string) =>
    new Promise<{ ws?: WebSocket; status?: number }>((resolve) => {
      const ws = new WebSocket(`${base}${CONSOLE_WS_PATH}?ticket=${token}`, ['binary'], { headers: { origin, cookie } });
      ws.binaryType = 'nodebuffer';
      ws.once('open', () => resolve({ ws }));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        resolve({ status: res.statusCode });
      });
      ws.once('error', () => resolve({}));
    });
  return { relay, ticketFor, connect };
}

const closed = (ws: WebSocket) => new Promise<number>((r) => (ws.readyState === ws.CLOSED ? r(-1) : ws.once('close', (code) => r(code))));

/** The SPICE link as spice-html5 sends it (no capabilities): link message, then the 128-byte ticket block. */
async function spiceLink(ws: WebSocket): Promise<number> {
  let buf = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  ws.on('message', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    waiters.splice(0).forEach((w) => w());
  });
  const read = async (n: number) => {
    while (buf.length < n) await new Promise<void>((r) => waiters.push(r));
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  };
  const body = Buffer.alloc(18);
  body[4] = 1;
  body.writeUInt32LE(18, 14);
  const header = Buffer.alloc(16);
  header.write('REDQ', 0, 'latin1');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(2, 8);
  header.writeUInt32LE(body.length, 12);
  ws.send(Buffer.concat([header, body]));
  const reply = await read(16);
  await read(reply.readUInt32LE(12));
  ws.send(Buffer.alloc(128));
  return (await read(4)).readUInt32LE(0);
}

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
});
afterAll(async () => {
  await getDb().$disconnect();
});

describe('console relay bounds', () => {
  it('pauses a VM that sends faster than the browser reads, then relays every byte in order', async () => {
    await signedIn('bounds-backpressure');
    const total = 64 * 1024 * 1024;
    const vm = await streamingVm(total);
    const { ticketFor, connect } = await relayWith();
    const { ws } = await connect(ticketFor('raw', vm.port));
    // A browser that reads nothing: without backpressure the relay would take the whole stream into memory.
    ws!.pause();
    let last = -1;
    await expect
      .poll(async () => {
        const before = vm.handedOver();
        await new Promise((r) => setTimeout(r, 300));
        last = vm.handedOver();
        return last > 0 && last === before;
      }, { timeout: 20_000 })
      .toBe(true);
    // Stalled well short of the end: what it handed over sits in kernel buffers and the relay's bounded queue.
    expect(last).toBeLessThan(total / 2);

    let got = 0;
    let wrong = -1;
    const all = new Promise<void>((resolve) =>
      ws!.on('message', (d: Buffer) => {
        for (let i = 0; i < d.length && wrong < 0; i++) if (d[i] !== patternByte(got + i)) wrong = got + i;
        got += d.length;
        if (got >= total) resolve();
      }),
    );
    ws!.resume();
    await all;
    expect(wrong).toBe(-1);
    expect(got).toBe(total);
    ws!.close();
  });

  it('closes a browser that sends a message larger than the bound', async () => {
    await signedIn('bounds-payload');
    const { ticketFor, connect } = await relayWith({ maxPayloadBytes: 64 * 1024 });
    const { ws } = await connect(ticketFor('vnc', await silentVm()));
    const code = closed(ws!);
    ws!.send(Buffer.alloc(2 * 1024 * 1024));
    // 1009: message too big, as RFC 6455 names it.
    expect(await code).toBe(1009);
  });

  it('cuts off a browser that sends more handshake bytes than the relay holds', async () => {
    await signedIn('bounds-buffer');
    const { relay, ticketFor, connect } = await relayWith();
    const { ws } = await connect(ticketFor('vnc', await silentVm()));
    const code = closed(ws!);
    // Each message is small; together they pass what the relay holds while the VM has not answered.
    for (let i = 0; i < 200; i++) ws!.send(Buffer.alloc(1024));
    expect(await code).toBe(4001);
    await expect.poll(() => relay.openCount(userId)).toBe(0);
  });

  it('closes a console whose handshake does not finish in time (a VM that never answers)', async () => {
    await signedIn('bounds-deadline');
    const { relay, ticketFor, connect } = await relayWith({ handshakeTimeoutMs: 300 });
    const { ws } = await connect(ticketFor('vnc', await silentVm()));
    expect(relay.openCount(userId)).toBe(1);
    expect(await closed(ws!)).toBe(4001);
    await expect.poll(() => relay.openCount(userId)).toBe(0);
  });

  it('holds SPICE channels under their console: bounded, counted, and closed with the main channel', async () => {
    await signedIn('bounds-spice');
    const { relay, ticketFor, connect } = await relayWith({ maxPerUser: 1 });
    const port = await spiceVm();
    const token = ticketFor('spice', port);
    const main = await connect(token);
    expect(await spiceLink(main.ws!)).toBe(0);
    const channels: WebSocket[] = [];
    for (let i = 1; i < MAX_SPICE_CHANNELS; i++) {
      const c = await connect(token);
      expect(c.ws).toBeDefined();
      expect(await spiceLink(c.ws!)).toBe(0);
      channels.push(c.ws!);
    }
    expect(relay.openCount(userId)).toBe(MAX_SPICE_CHANNELS);
    // One more channel than a console may have, and another console past the user's limit: refused.
    expect((await connect(token)).status).toBe(429);
    expect((await connect(ticketFor('spice', port))).status).toBe(429);
    // The console ends: every channel goes with it, and the user holds nothing.
    const ends = channels.map(closed);
    main.ws!.close();
    await Promise.all(ends);
    await expect.poll(() => relay.openCount(userId)).toBe(0);
    // The ticket's channels are gone with it: the token opens nothing any more.
    expect((await connect(token)).status).toBe(403);
  });

  it('times out a SPICE channel that never finishes its link', async () => {
    await signedIn('bounds-channel-deadline');
    const { relay, ticketFor, connect } = await relayWith({ handshakeTimeoutMs: 2000 });
    const token = ticketFor('spice', await spiceVm());
    const main = await connect(token);
    expect(await spiceLink(main.ws!)).toBe(0);
    const channel = await connect(token);
    expect(relay.openCount(userId)).toBe(2);
    // The channel never sends its link message.
    await closed(channel.ws!);
    expect(relay.openCount(userId)).toBe(1);
    expect(main.ws!.readyState).toBe(WebSocket.OPEN);
  });
});

describe('consoles end with the session', () => {
  it('closes the consoles of a session at sign-out, and of every session at a password reset or disable', async () => {
    await signedIn('session-revoked');
    const { relay, ticketFor, connect } = await relayWith({ maxPerUser: 4 });
    const port = await spiceVm();
    const first = await connect(ticketFor('spice', port));
    expect(await spiceLink(first.ws!)).toBe(0);
    expect(relay.openCount(userId)).toBe(1);
    const code = closed(first.ws!);
    await revokeAuthSession(sessionId);
    expect(await code).toBe(4003);
    expect(relay.openCount(userId)).toBe(0);

    // A new session of the same user, then all of them revoked (what a password reset and disabling do).
    const db = getDb();
    const again = await db.authSession.create({ data: { userId, expiresAt: new Date(Date.now() + 3_600_000) } });
    cookie = `authjs.session-token=${await encode({ token: { sid: again.id }, secret: AUTH_SECRET, salt: 'authjs.session-token' })}`;
    const second = await connect(ticketFor('spice', port));
    expect(await spiceLink(second.ws!)).toBe(0);
    const code2 = closed(second.ws!);
    await revokeUserSessions(userId);
    expect(await code2).toBe(4003);
  });

  it('rechecks the session periodically: a session ended elsewhere (another instance, a disabled user) closes the console', async () => {
    await signedIn('session-recheck');
    const { relay, ticketFor, connect } = await relayWith({ sessionCheckMs: 100 });
    const port = await spiceVm();
    const { ws } = await connect(ticketFor('spice', port));
    expect(await spiceLink(ws!)).toBe(0);
    const code = closed(ws!);
    // Straight in the database, as another dashboard instance would: nobody tells this relay.
    await getDb().user.update({ where: { id: userId }, data: { disabled: true } });
    expect(await code).toBe(4003);
    expect(relay.openCount(userId)).toBe(0);
  });
});
