// The relay end to end on loopback: a real WebSocket client speaking RFB as noVNC does, the relay
// with the real ticket store and session-cookie check, and the demo engine's VNC server behind
// VNC Authentication with the engine's ticket password.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freshDatabase } from '@/test/db/setup-env';

await freshDatabase();
process.env.SECRET_KEY ??= 'b'.repeat(64);
const AUTH_SECRET = 'relay-test-secret-'.padEnd(40, 'x');
process.env.AUTH_SECRET = AUTH_SECRET;

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { issueConsoleTicket } = await import('./tickets');
const { createConsoleRelay, CONSOLE_WS_PATH } = await import('./relay');
const { encode } = await import('next-auth/jwt');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { screenColors } = await import('@/fakes/ovirt/rfb-screen');

type Engine = Awaited<ReturnType<typeof startOvirtEngine>>;
let engine: Engine;
let server: http.Server;
let relay: ReturnType<typeof createConsoleRelay>;
let base: string;
let vm: { id: string; name: string };
let cookie: string;
let userId: string;
const origin = 'http://dash.example';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the engine's JSON, read loosely as a client would
async function engineApi(path: string, method = 'GET', body?: unknown): Promise<any> {
  const res = await fetch(`${engine.apiUrl}${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from('admin@internal:demo-admin').toString('base64')}`, accept: 'application/json', 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.json();
}

/** Polls `read` until `done` holds (a condition, not a fixed sleep); fails after 10 s naming `what`. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within 10 s (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What the dashboard's ticket action does: the engine's ticket, then a dashboard ticket. */
async function consoleTicket(opts: { user?: string; port?: number; now?: () => Date; password?: string } = {}) {
  const consoles = await engineApi(`/vms/${vm.id}/graphicsconsoles?current=true`);
  const gc = consoles.graphics_console[0];
  const t = await engineApi(`/vms/${vm.id}/graphicsconsoles/${gc.id}/ticket`, 'POST', {});
  return issueConsoleTicket(
    { userId: opts.user ?? userId, connectionId: 'demo', vmId: `demo:${vm.id}`, vmName: vm.name, protocol: 'vnc', host: gc.address, port: opts.port ?? Number(gc.port), password: opts.password ?? t.ticket.value },
    { now: opts.now },
  );
}

function connect(token: string | null, headers: Record<string, string> = {}): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const url = `${base}${CONSOLE_WS_PATH}${token === null ? '' : `?ticket=${encodeURIComponent(token)}`}`;
    const ws = new WebSocket(url, ['binary'], { headers: { origin, cookie, ...headers } });
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode });
    });
    ws.once('error', () => resolve({}));
  });
}

/** Reads exact byte counts from the WebSocket. */
function wsReader(ws: WebSocket) {
  let buf = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  ws.on('message', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    waiters.splice(0).forEach((w) => w());
  });
  return async (n: number): Promise<Buffer> => {
    while (buf.length < n) await new Promise<void>((r) => waiters.push(r));
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  };
}

describe('console relay', () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    const db = getDb();
    const user = await db.user.create({ data: { username: 'relay-admin', role: 'admin' } });
    userId = user.id;
    const session = await db.authSession.create({ data: { userId, expiresAt: new Date(Date.now() + 3_600_000) } });
    const jwt = await encode({ token: { sid: session.id }, secret: AUTH_SECRET, salt: 'authjs.session-token' });
    cookie = `authjs.session-token=${jwt}`;

    engine = await startOvirtEngine({ size: 'demo', timeScale: 0.01, rfbPort: 0, backgroundEvents: false });
    const up = await engineApi(`/vms?search=${encodeURIComponent('status=up')}`);
    vm = { id: up.vm[0].id, name: up.vm[0].name };

    relay = createConsoleRelay({ publicUrl: origin, trustProxy: false, idleTimeoutMs: 60_000, maxPerUser: 2 });
    server = http.createServer((_req, res) => res.end());
    server.on('upgrade', (req, socket, head) => {
      if (!relay.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    void relay?.close();
    server?.close();
    await engine?.close();
    await getDb().$disconnect();
  });

  it('relays the VM screen after answering VNC Authentication itself', async () => {
    const { token } = await consoleTicket();
    const { ws } = await connect(token);
    expect(ws?.protocol).toBe('binary');
    const read = wsReader(ws!);
    expect((await read(12)).toString()).toBe('RFB 003.008\n');
    ws!.send(Buffer.from('RFB 003.008\n'));
    // The browser is offered security None only: the password stays on the server.
    expect([...(await read(2))]).toEqual([1, 1]);
    ws!.send(Buffer.from([1]));
    expect((await read(4)).readUInt32BE(0)).toBe(0);
    ws!.send(Buffer.from([1])); // ClientInit, shared
    const init = await read(24);
    expect([init.readUInt16BE(0), init.readUInt16BE(2)]).toEqual([640, 400]);
    expect((await read(init.readUInt32BE(20))).toString()).toBe(vm.name);
    // FramebufferUpdateRequest (full), in the server's own 32-bit little-endian format (shifts 16/8/0).
    const req = Buffer.alloc(10);
    req[0] = 3;
    req.writeUInt16BE(640, 6);
    req.writeUInt16BE(400, 8);
    ws!.send(req);
    const head = await read(16);
    expect(head[0]).toBe(0);
    expect([head.readUInt16BE(8), head.readUInt16BE(10)]).toEqual([640, 400]);
    const pixels = await read(640 * 400 * 4);
    const at = (x: number, y: number) => {
      const v = pixels.readUInt32LE((y * 640 + x) * 4);
      return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    };
    expect(at(600, 380)).toEqual(screenColors(vm.name).background);
    ws!.close();
    // The close is audited once the relay has torn down both sides: wait for that entry.
    const actions = await eventually(
      async () => (await getDb().auditEntry.findMany({ where: { action: { startsWith: 'console.' }, result: 'success' } })).map((e) => e.action).sort(),
      (found) => found.includes('console.close'),
      'console.close audited',
    );
    expect(actions).toEqual(['console.close', 'console.open']);
  });

  it('refuses a used ticket, a missing one, an expired one, another user\'s and a foreign Origin before touching the VM', async () => {
    // A TCP listener standing in for the VM counts every connection attempt.
    let touched = 0;
    const sentinel = net.createServer((s) => {
      touched++;
      s.destroy();
    });
    await new Promise<void>((r) => sentinel.listen(0, '127.0.0.1', r));
    const port = (sentinel.address() as net.AddressInfo).port;
    try {
      expect((await connect(null)).status).toBe(403);
      expect((await connect('not-a-ticket')).status).toBe(403);

      const expired = await consoleTicket({ port, now: () => new Date(Date.now() - 120_000) });
      expect((await connect(expired.token)).status).toBe(403);

      const foreignUser = await consoleTicket({ port, user: 'someone-else' });
      expect((await connect(foreignUser.token)).status).toBe(403);

      const fresh = await consoleTicket({ port });
      expect((await connect(fresh.token, { origin: 'http://evil.example' })).status).toBe(403);
      expect((await connect(fresh.token, { cookie: '' })).status).toBe(401);
      // Neither refusal burned the ticket: it still opens once, and only once.
      const first = await connect(fresh.token);
      expect(first.ws).toBeDefined();
      first.ws!.close();
      expect((await connect(fresh.token)).status).toBe(403);
      expect(touched).toBe(1);
    } finally {
      sentinel.close();
    }
    const refused = await getDb().auditEntry.count({ where: { action: 'console.open', result: 'failure' } });
    expect(refused).toBeGreaterThanOrEqual(4);
  });

  it('tells the browser why when the VM refuses the password', async () => {
    const { token } = await consoleTicket({ password: 'wrong-pw' });
    const { ws } = await connect(token);
    const read = wsReader(ws!);
    await read(12);
    ws!.send(Buffer.from('RFB 003.008\n'));
    expect((await read(1))[0]).toBe(0);
    const reason = (await read((await read(4)).readUInt32BE(0))).toString();
    expect(reason).toMatch(/refused the console password: Authentication failed/);
  });

  it('limits open consoles per user', async () => {
    const a = await connect((await consoleTicket()).token);
    const b = await connect((await consoleTicket()).token);
    expect(a.ws && b.ws).toBeTruthy();
    // Both count as open once the relay has them (after the upgrade): wait for that, not a fixed time.
    await eventually(async () => relay.openCount(userId), (n) => n === 2, 'two consoles open');
    expect((await connect((await consoleTicket()).token)).status).toBe(429);
    // Another instance on the same database counts them too (the leases, ./leases.ts).
    expect(await getDb().consoleLease.count({ where: { userId } })).toBe(2);
    const other = createConsoleRelay({ publicUrl: origin, trustProxy: false, idleTimeoutMs: 60_000, maxPerUser: 2 });
    const s2 = http.createServer();
    s2.on('upgrade', (req, socket, head) => other.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => s2.listen(0, '127.0.0.1', r));
    const saved = base;
    base = `ws://127.0.0.1:${(s2.address() as net.AddressInfo).port}`;
    try {
      expect((await connect((await consoleTicket()).token)).status).toBe(429);
    } finally {
      base = saved;
      await other.close();
      s2.close();
    }
    a.ws!.close();
    b.ws!.close();
    // Closed consoles give their places back at once, on every instance.
    await eventually(() => getDb().consoleLease.count({ where: { userId } }), (n) => n === 0, 'leases released');
  });

  it('closes an idle console', async () => {
    const idle = createConsoleRelay({ publicUrl: origin, trustProxy: false, idleTimeoutMs: 300, maxPerUser: 2 });
    const s2 = http.createServer();
    s2.on('upgrade', (req, socket, head) => idle.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => s2.listen(0, '127.0.0.1', r));
    const saved = base;
    base = `ws://127.0.0.1:${(s2.address() as net.AddressInfo).port}`;
    try {
      const { ws } = await connect((await consoleTicket()).token);
      const read = wsReader(ws!);
      await read(12);
      ws!.send(Buffer.from('RFB 003.008\n'));
      await read(2);
      ws!.send(Buffer.from([1]));
      await read(4);
      const code = await new Promise<number>((r) => ws!.once('close', (c) => r(c)));
      expect(code).toBe(4000);
    } finally {
      base = saved;
      void idle.close();
      s2.close();
    }
  });
});
