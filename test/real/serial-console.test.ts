/**
 * The serial console as a browser gets it, against a real libvirtd + QEMU (scripts/real/libvirt.sh):
 * a WebSocket client (what xterm.js's page does) → the dashboard's relay with its real Origin check,
 * session cookie, ticket store and per-user limit → the VM's serial port through libvirt's own RPC
 * console stream, opened by the opener lib/console/service.ts registers over a connection in the
 * database. The guest is SeaBIOS alone (no disk): it writes to the serial port, offers its boot
 * menu there, and reads the key that opens it from the serial port too.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freshDatabase } from '@/test/db/setup-env';
import { realEnv } from './env';

const env = realEnv('libvirt serial console', ['LIBVIRT_QEMU_URI'] as const);
const RUN = `vdser${Date.now().toString(36)}`;
const ORIGIN = 'http://dash.test';
const AUTH_SECRET = 'serial-test-secret-'.padEnd(40, 'x');

describe.skipIf(!env)('serial console: browser WebSocket → relay → libvirt console stream', () => {
  const run = promisify(execFile);
  const virsh = async (...args: string[]) => (await run('virsh', ['-q', '-c', env!.LIBVIRT_QEMU_URI, ...args], { timeout: 60_000 })).stdout;
  const name = `${RUN}-bios`;
  let server: http.Server;
  let base: string;
  let relay: import('@/lib/console/relay').ConsoleRelay;
  let service: typeof import('@/lib/console/service');
  let tickets: typeof import('@/lib/console/tickets');
  let db: import('@prisma/client').PrismaClient;
  let vmId: string;
  const users: Record<'admin' | 'alice', { id: string; role: 'admin' | 'user'; cookie: string; sessionId: string }> = {} as never;

  /** Opens the relay's WebSocket as a browser would; resolves with the socket or the refusal's HTTP status. */
  const connect = (token: string, who: { cookie: string }, origin = ORIGIN) =>
    new Promise<{ ws?: WebSocket; status?: number }>((resolve) => {
      const ws = new WebSocket(`${base}?ticket=${encodeURIComponent(token)}`, ['binary'], { headers: { origin, cookie: who.cookie } });
      ws.binaryType = 'nodebuffer';
      ws.once('open', () => resolve({ ws }));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        resolve({ status: res.statusCode });
      });
      ws.once('error', () => resolve({}));
    });
  /** Collects what the guest sends; `until` resolves when the text so far matches. */
  const screen = (ws: WebSocket) => {
    let text = '';
    const waiters: { re: RegExp; resolve: () => void }[] = [];
    ws.on('message', (d: Buffer) => {
      text += d.toString('latin1');
      for (const w of [...waiters]) {
        if (!w.re.test(text)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
    return {
      get text() {
        return text;
      },
      clear: () => void (text = ''),
      until: (re: RegExp) => (re.test(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ re, resolve }))),
    };
  };
  const closedWith = (ws: WebSocket) =>
    new Promise<{ code: number; reason: string }>((resolve) =>
      ws.readyState === ws.CLOSED ? resolve({ code: -1, reason: '' }) : ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  const closed = async (ws: WebSocket) => (await closedWith(ws)).code;
  const auditRows = (action: string) => db.auditEntry.findMany({ where: { action }, orderBy: { at: 'asc' } });

  beforeAll(async () => {
    await freshDatabase();
    process.env.SECRET_KEY ??= 'c'.repeat(64);
    process.env.AUTH_SECRET = AUTH_SECRET;
    const { databaseTarget } = await import('@/lib/db/target');
    const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    db = (await import('@/lib/db/prisma')).getDb();
    const { encode } = await import('next-auth/jwt');
    for (const [username, role] of [['admin', 'admin'], ['alice', 'user']] as const) {
      const user = await db.user.create({ data: { username: `${RUN}-${username}`, role } });
      const session = await db.authSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } });
      const jwt = await encode({ token: { sid: session.id }, secret: AUTH_SECRET, salt: 'authjs.session-token' });
      users[username] = { id: user.id, role, cookie: `authjs.session-token=${jwt}`, sessionId: session.id };
    }
    const { createConnection } = await import('@/lib/services/connections');
    const connection = await createConnection({ name: `${RUN} KVM`, kind: 'libvirt', url: env!.LIBVIRT_QEMU_URI, useFilter: false, enabled: true, insecureSkipVerify: false });

    // SeaBIOS on the serial port (useserial), its boot menu offered for 2.5 s (ESC opens it, read from
    // the serial port too), no boot device: it reboots after 1 s and prints it all again.
    const file = path.join(os.tmpdir(), `${name}.xml`);
    await fs.writeFile(
      file,
      `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>` +
        `<os><type arch='x86_64' machine='pc'>hvm</type><bootmenu enable='yes' timeout='2500'/><bios useserial='yes' rebootTimeout='1000'/></os>` +
        `<devices><serial type='pty'><target port='0'/></serial><console type='pty'><target type='serial' port='0'/></console></devices></domain>`,
    );
    await virsh('define', file);
    await fs.rm(file, { force: true });
    vmId = `${connection.id}:${(await virsh('domuuid', name)).trim()}`;

    // The service registers the opener the relay uses (the relay gets no opener of its own here).
    service = await import('@/lib/console/service');
    tickets = await import('@/lib/console/tickets');
    const { createConsoleRelay, CONSOLE_WS_PATH } = await import('@/lib/console/relay');
    relay = createConsoleRelay({ publicUrl: ORIGIN, trustProxy: false, idleTimeoutMs: 60_000, maxPerUser: 1, sessionCheckMs: 60_000 });
    server = http.createServer((_req, res) => res.end());
    server.on('upgrade', (req, socket, head) => relay.handleUpgrade(req, socket, head) || socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}${CONSOLE_WS_PATH}`;
  });

  afterAll(async () => {
    relay?.close();
    server?.close();
    await virsh('destroy', name).catch(() => undefined);
    await virsh('undefine', name).catch(() => undefined);
    const { closeAllBackends } = await import('@/lib/services/connections');
    await closeAllBackends();
    await db?.$disconnect();
  }, 60_000);

  it('a stopped VM gets no serial ticket; a running one streams SeaBIOS to the browser, and a key from the browser opens its boot menu', async () => {
    await expect(service.issueSerialConsole(users.admin, vmId)).rejects.toMatchObject({ code: 'conflict' });
    await virsh('start', name);

    const issued = await service.issueSerialConsole(users.admin, vmId);
    expect(issued).toMatchObject({ protocol: 'serial', vmName: name });
    const { ws } = await connect(issued.token, users.admin);
    expect(ws, 'the relay accepted the WebSocket').toBeDefined();
    const guest = screen(ws!);
    await guest.until(/^serial-open/);
    // Wait for a fresh boot's menu prompt, then press ESC in the "browser": SeaBIOS answers with its menu.
    await guest.until(/No bootable device/);
    guest.clear();
    await guest.until(/Press ESC for boot menu/);
    ws!.send(Buffer.from([0x1b]));
    await guest.until(/Select boot device/);

    ws!.close();
    await closed(ws!);
    await expect.poll(async () => (await auditRows('console.close')).length).toBe(1);
    const [open] = await auditRows('console.open');
    expect(open).toMatchObject({ actorId: users.admin.id, result: 'success', targetId: vmId });
    const [close] = await auditRows('console.close');
    expect(close.detail).toMatchObject({ protocol: 'serial', reason: 'browser', bytesToVm: 1 });
    expect((close.detail as { bytesToBrowser: number }).bytesToBrowser).toBeGreaterThan(100);
    // The ticket was single-use.
    expect((await connect(issued.token, users.admin)).status).toBe(403);
  }, 120_000);

  it('refuses another user\'s VM, a foreign Origin, an expired or someone else\'s ticket, and more than the per-user limit; sign-out closes it', async () => {
    const since = new Date();
    // alice owns nothing: the VM is "not found" to her, word for word as an unknown one.
    await expect(service.issueSerialConsole(users.alice, vmId)).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.serialConsolePageFor(users.alice, vmId)).resolves.toEqual({ allowed: false, offered: false });

    const foreign = await service.issueSerialConsole(users.admin, vmId);
    expect((await connect(foreign.token, users.admin, 'http://evil.example')).status).toBe(403);
    // Someone else's ticket is refused to alice and not burned for its owner.
    expect((await connect(foreign.token, users.alice)).status).toBe(403);

    const past = new Date(Date.now() - 120_000);
    const expired = await tickets.issueConsoleTicket({ userId: users.admin.id, connectionId: vmId.split(':')[0]!, vmId, protocol: 'serial', host: '', port: 0 }, { now: () => past });
    expect((await connect(expired.token, users.admin)).status).toBe(403);
    const refusals = (await auditRows('console.open')).filter((r) => r.result === 'failure' && r.at >= since).map((r) => [r.actorId, (r.detail as { reason: string }).reason]);
    expect(refusals).toEqual([
      [users.alice.id, 'ticket_invalid'],
      [users.admin.id, 'ticket_invalid'],
    ]);

    // The foreign-Origin attempt did not burn the owner's ticket: it opens the console now.
    const { ws } = await connect(foreign.token, users.admin);
    expect(ws).toBeDefined();
    const guest = screen(ws!);
    // The first test left SeaBIOS waiting in its boot menu (silent): a reset starts it over.
    await virsh('reset', name);
    await guest.until(/SeaBIOS/);
    // One console per user here (maxPerUser 1): a second one is refused before any ticket is spent.
    const second = await service.issueSerialConsole(users.admin, vmId);
    expect((await connect(second.token, users.admin)).status).toBe(429);

    // Signing out ends the console at once (code 4003, which the page shows as "session ended").
    const { revokeAuthSession } = await import('@/lib/auth/sessions');
    await revokeAuthSession(users.admin.sessionId);
    expect(await closed(ws!)).toBe(4003);
    expect(relay.openCount()).toBe(0);

    // A ticket whose VM stopped before it was used: the daemon's refusal reaches the page as the close reason.
    await virsh('destroy', name);
    const late = await tickets.issueConsoleTicket({ userId: users.alice.id, connectionId: vmId.split(':')[0]!, vmId, protocol: 'serial', host: '', port: 0 });
    const { ws: lateWs } = await connect(late.token, users.alice);
    expect(lateWs).toBeDefined();
    expect(await closedWith(lateWs!)).toEqual({ code: 4001, reason: expect.stringMatching(/not running/) });
    await expect.poll(async () => (await auditRows('console.open')).some((r) => r.actorId === users.alice.id && (r.detail as { reason?: string }).reason?.includes('not running'))).toBe(true);
    expect(relay.openCount()).toBe(0);
  }, 120_000);
});
