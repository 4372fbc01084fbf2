/**
 * The libvirt adapter against a real libvirtd with QEMU (TCG) on loopback
 * (scripts/real/libvirt.sh): the VM life cycle an operator goes through, the
 * consoles the relay connects to, pool volumes, and the connection surviving a
 * dropped socket.
 */
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { qualifyId, type ConsoleEndpoint, type QualifiedId, type VmStatus } from '@/lib/domain';
import { isBackendError, type Backend } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { ByteReader } from '@/lib/console/byte-reader';
import type { ConsoleAuditInput } from '@/lib/console/console-audit';
import { CONSOLE_WS_PATH, createConsoleRelay, type ConsoleRelay } from '@/lib/console/relay';
import { authenticateToVnc } from '@/lib/console/rfb-handshake';
import { freshDatabase } from '@/test/db/setup-env';
import { spiceLink, vncSession } from './console-client';
import { launchCreateInput } from '@/lib/portal/launch-spec';
import { createSpecOf } from '@/lib/services/vm-create';
import { vmCreateSchema } from '@/lib/validations/vm';
import { realEnv } from './env';

const env = realEnv('libvirt (qemu)', ['LIBVIRT_QEMU_URI', 'LIBVIRT_POOL'] as const);
const RUN = `vdci${Date.now().toString(36)}`;

async function waitFor(b: Backend, id: QualifiedId, status: VmStatus, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    const vm = await b.getVm!(id);
    if (vm.status === status) return;
    last = `${vm.status}/${vm.nativeStatus}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`VM ${id} did not become ${status} (last ${last})`);
}

/** The first bytes a console server sends (VNC) or answers to a link message (SPICE). */
function greet(host: string, port: number, send?: Buffer, bytes = 12): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no greeting from ${host}:${port}`));
    }, 5000);
    socket.on('connect', () => send && socket.write(send));
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= bytes) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got.subarray(0, bytes));
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** The console relay's own VNC handshake with the endpoint's password, then ServerInit's screen size. */
async function vncLogin(host: string, port: number, password: string): Promise<{ width: number; height: number }> {
  const socket = net.connect({ host, port });
  const reader = new ByteReader();
  socket.on('data', (d: Buffer) => reader.push(d));
  socket.on('error', (e) => reader.fail(e));
  socket.on('close', () => reader.fail(new Error('closed')));
  try {
    await authenticateToVnc(reader, (b) => void socket.write(b), password);
    socket.write(Buffer.from([1])); // ClientInit, shared
    const init = await reader.read(4);
    return { width: init.readUInt16BE(0), height: init.readUInt16BE(2) };
  } finally {
    socket.destroy();
  }
}

// SpiceLinkHeader: magic REDQ, version 2.2, size 18, then an empty SpiceLinkMess for the main channel.
const SPICE_LINK = Buffer.from('5245445102000000020000001200000000000000010000000000000000001200000000', 'hex');

const PUBLIC_URL = 'http://dash.test';

/**
 * The dashboard's console path for real: tickets in a fresh database (issueConsoleTicket, redeemed
 * by the relay's own redeemConsoleTicket), the relay on an HTTP server, a WebSocket client.
 */
async function startRelay(): Promise<{
  open(endpoint: ConsoleEndpoint, vmName: string): Promise<{ ws: WebSocket; token: string }>;
  reopen(token: string): Promise<WebSocket>;
  openCount(): number;
  audits: ConsoleAuditInput[];
  stop(): Promise<void>;
}> {
  await freshDatabase();
  process.env.SECRET_KEY ??= 'b'.repeat(64);
  const { databaseTarget } = await import('@/lib/db/target');
  const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
  const { getDb } = await import('@/lib/db/prisma');
  const { issueConsoleTicket } = await import('@/lib/console/tickets');
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();

  const audits: ConsoleAuditInput[] = [];
  const relay: ConsoleRelay = createConsoleRelay({
    publicUrl: PUBLIC_URL,
    trustProxy: false,
    idleTimeoutMs: 60_000,
    maxPerUser: 4,
    resolveUser: async () => ({ id: 'u1', username: 'tester', role: 'admin' }),
    audit: async (entry) => void audits.push(entry),
  });
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => relay.handleUpgrade(req, socket, head) || socket.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}${CONSOLE_WS_PATH}`;
  const reopen = (token: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${base}?ticket=${encodeURIComponent(token)}`, ['binary'], { headers: { origin: PUBLIC_URL } });
      ws.binaryType = 'nodebuffer';
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  return {
    audits,
    reopen,
    openCount: () => relay.openCount(),
    async open(endpoint, vmName) {
      const { token } = await issueConsoleTicket({
        userId: 'u1',
        connectionId: endpoint.connectionId,
        vmId: endpoint.vm.id,
        vmName,
        protocol: endpoint.protocol,
        host: endpoint.host,
        port: endpoint.port!,
        password: endpoint.password,
        passwordExpiresAt: endpoint.passwordExpiresAt,
      });
      return { ws: await reopen(token), token };
    },
    async stop() {
      relay.close();
      await new Promise((r) => server.close(r));
      await getDb().$disconnect();
    },
  };
}

describe.skipIf(!env)('libvirt adapter against libvirtd + QEMU', () => {
  let b: Backend;
  let poolId: QualifiedId;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const created: QualifiedId[] = [];

  beforeAll(async () => {
    relay = await startRelay();
    b = createBackend({ id: 'kvm-ci', kind: 'libvirt', name: 'CI host', url: env!.LIBVIRT_QEMU_URI });
    const pools = await b.listStorageDomains!({ page: 1, pageSize: 50 });
    const pool = pools.items.find((p) => p.name === env!.LIBVIRT_POOL);
    expect(pool, 'the CI pool').toBeDefined();
    poolId = pool!.id;
  });

  afterAll(async () => {
    for (const id of created) {
      await b.vmAction!(id, 'stop').catch(() => undefined);
      await b.removeVm!(id, { keepDisks: false }).catch(() => undefined);
    }
    await b?.close();
    await relay?.stop();
  });

  it('about names libvirt QEMU and the library version', async () => {
    const about = await b.about();
    expect(about.product).toMatch(/^libvirt QEMU/);
    expect(about.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(['vnc', 'spice'] as const)('create → start → %s console → suspend → resume → destroy → undefine with storage', async (protocol) => {
    const cluster = (await b.listClusters!({ page: 1, pageSize: 1 })).items[0]!;
    const { id } = await b.createVm!({
      name: `${RUN}-${protocol}`,
      clusterId: cluster.id,
      memoryBytes: 64 * 1024 ** 2,
      cpu: { sockets: 1, cores: 1, threads: 1 },
      disks: [{ sizeBytes: 16 * 1024 ** 2, storageDomainId: poolId, thin: true, interface: 'virtio' }],
      console: protocol,
    });
    created.push(id);
    const vm = await b.getVm!(id);
    expect(vm).toMatchObject({ name: `${RUN}-${protocol}`, status: 'stopped', memoryBytes: 64 * 1024 ** 2 });
    expect(vm.disks).toHaveLength(1);
    const diskId = vm.disks![0]!.id;
    expect((await b.getDisk!(diskId)).format).toBe('cow');

    await b.vmAction!(id, 'start');
    await waitFor(b, id, 'running');

    const endpoint = await b.getConsoleEndpoint!(id);
    expect(endpoint).toMatchObject({ protocol, host: '127.0.0.1', vm: { id } });
    expect(endpoint.port).toBeGreaterThan(5899);
    expect(endpoint.password).toMatch(/\S{6,8}/);
    if (protocol === 'vnc') {
      expect((await greet(endpoint.host, endpoint.port!)).toString()).toBe('RFB 003.008\n');
      // The relay (lib/console) logs in with the password the endpoint reported; a wrong one is refused.
      expect((await vncLogin(endpoint.host, endpoint.port!, endpoint.password!)).width).toBeGreaterThan(0);
      await expect(vncLogin(endpoint.host, endpoint.port!, 'wrong-pw')).rejects.toThrow(/refused|password|closed/i);
    }
    else expect((await greet(endpoint.host, endpoint.port!, SPICE_LINK, 4)).toString()).toBe('REDQ');

    // What the console page does: a ticket for this endpoint, the WebSocket through the relay, which
    // redeems it from the database and logs in with the VM's password (VNC) or re-encrypts it into the
    // SPICE link, so the browser's side completes without ever holding the password.
    const { ws, token } = await relay.open(endpoint, `${RUN}-${protocol}`);
    if (protocol === 'vnc') {
      const screen = await vncSession(ws);
      expect(screen.name).toContain(`${RUN}-${protocol}`); // QEMU names the desktop after the domain
      expect(screen.firstMessage).toBe(0); // FramebufferUpdate
      expect(screen.width).toBeGreaterThan(0);
    } else {
      expect(await spiceLink(ws)).toBe(0); // SPICE_LINK_ERR_OK
    }
    ws.close();
    // Until the relay has seen the close, a SPICE ticket still admits further channels of that console.
    await expect.poll(() => relay.openCount()).toBe(0);
    expect(relay.audits).toContainEqual(expect.objectContaining({ action: 'console.open', result: 'success', vm: { id, name: `${RUN}-${protocol}` } }));
    // The ticket was single-use: a second WebSocket with it is refused before the upgrade.
    await expect(relay.reopen(token)).rejects.toThrow(/403/);

    await b.vmAction!(id, 'suspend');
    await waitFor(b, id, 'paused');
    await b.vmAction!(id, 'resume');
    await waitFor(b, id, 'running');
    await b.vmAction!(id, 'stop');
    await waitFor(b, id, 'stopped');

    await b.removeVm!(id, { keepDisks: false });
    created.splice(created.indexOf(id), 1);
    await expect(b.getVm!(id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(b.getDisk!(diskId)).rejects.toMatchObject({ code: 'not_found' });

    // libvirt's lifecycle events of this VM, newest first, in the events feed.
    const feed = await b.listEvents!({ max: 100 });
    const mine = feed.items.filter((e) => e.vm?.id === id).map((e) => e.description.replace(`VM ${RUN}-${protocol} `, ''));
    expect(mine[0]).toBe('undefined.');
    expect(mine).toEqual(expect.arrayContaining(['defined.', 'started.', 'suspended.', 'resumed.', 'stopped.']));
    // Newest first: started before suspended before resumed.
    expect(mine.indexOf('resumed.')).toBeLessThan(mine.indexOf('suspended.'));
    expect(mine.indexOf('suspended.')).toBeLessThan(mine.indexOf('started.'));
  });

  it('a running VM cannot be removed; its definition and disks stay', async () => {
    const cluster = qualifyId('kvm-ci', 'cluster');
    const { id } = await b.createVm!({
      name: `${RUN}-keep`,
      clusterId: cluster,
      memoryBytes: 64 * 1024 ** 2,
      disks: [{ sizeBytes: 8 * 1024 ** 2, storageDomainId: poolId, thin: true, interface: 'virtio' }],
    });
    created.push(id);
    await b.vmAction!(id, 'start');
    await waitFor(b, id, 'running');
    await expect(b.removeVm!(id, { keepDisks: false })).rejects.toMatchObject({ code: 'conflict' });
    expect((await b.getVm!(id)).disks).toHaveLength(1);
    await b.vmAction!(id, 'stop');
    await waitFor(b, id, 'stopped');

    // Edit while stopped, then snapshots of the stopped VM (internal qcow2 snapshot).
    // The description holds what String.replace and XML would misread (issue 14.13).
    const description = `edited by CI: $& $1 $' <b> & "quoted" 中文`;
    await b.updateVm!(id, { memoryBytes: 96 * 1024 ** 2, description });
    expect(await b.getVm!(id)).toMatchObject({ memoryBytes: 96 * 1024 ** 2, description });
    const snap = await b.createSnapshot!(id, { description: 'ci snapshot' });
    const snaps = await b.listSnapshots!(id);
    expect(snaps.map((s) => s.id)).toContain(snap.id);
    await b.revertToSnapshot!(id, snap.id);
    await b.removeSnapshot!(id, snap.id);
    expect(await b.listSnapshots!(id)).toHaveLength(0);

    // keepDisks: the volume outlives the VM.
    const diskId = (await b.getVm!(id)).disks![0]!.id;
    await b.removeVm!(id, { keepDisks: true });
    created.splice(created.indexOf(id), 1);
    expect((await b.getDisk!(diskId)).name).toBe(`${RUN}-keep-disk0.qcow2`);
    await b.removeDisk!(diskId);
  });

  it('a VM with the same name is refused and nothing is created', async () => {
    const cluster = qualifyId('kvm-ci', 'cluster');
    const { id } = await b.createVm!({ name: `${RUN}-dup`, clusterId: cluster, memoryBytes: 32 * 1024 ** 2 });
    created.push(id);
    const before = (await b.listDisks!({ page: 1, pageSize: 500 })).items.length;
    await expect(
      b.createVm!({
        name: `${RUN}-dup`,
        clusterId: cluster,
        disks: [{ sizeBytes: 8 * 1024 ** 2, storageDomainId: poolId, thin: true, interface: 'virtio' }],
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await b.listDisks!({ page: 1, pageSize: 500 })).items.length).toBe(before);
  });

  it('volumes: create, grow (never shrink), ISO upload, delete', async () => {
    const disk = await b.createDisk!({ storageDomainId: poolId, name: `${RUN}-data.qcow2`, sizeBytes: 8 * 1024 ** 2, thin: true });
    expect(disk).toMatchObject({ provisionedBytes: 8 * 1024 ** 2, format: 'cow' });
    await b.resizeDisk!(disk.id, 16 * 1024 ** 2);
    expect((await b.getDisk!(disk.id)).provisionedBytes).toBe(16 * 1024 ** 2);
    await expect(b.resizeDisk!(disk.id, 4 * 1024 ** 2)).rejects.toMatchObject({ code: 'invalid_input' });
    await b.removeDisk!(disk.id);
    await expect(b.getDisk!(disk.id)).rejects.toMatchObject({ code: 'not_found' });

    const bytes = Buffer.alloc(300 * 1024, 7); // spans several stream messages
    const upload = await b.startDiskUpload!({ storageDomainId: poolId, name: `${RUN}-boot`, sizeBytes: bytes.length, contentType: 'iso' });
    await b.writeDiskUpload!(upload.transferId, { offset: 0, length: bytes.length, totalBytes: bytes.length, body: Readable.from([bytes]) });
    expect((await b.finalizeDiskUpload!(upload.transferId)).phase).toBe('finished');
    // The browser polls the upload right after finalize: it must still read "finished", and a late
    // cancel (which deletes the volume) must not take the written ISO away.
    expect(await b.getDiskUpload!(upload.transferId)).toMatchObject({ phase: 'finished', transferredBytes: bytes.length });
    await expect(b.cancelDiskUpload!(upload.transferId)).rejects.toMatchObject({ code: 'conflict' });
    const isos = await b.listIsoFiles!();
    const iso = isos.find((i) => i.name === `${RUN}-boot.iso`);
    expect(iso).toBeDefined();
    expect((await b.getDisk!(iso!.id)).provisionedBytes).toBe(bytes.length);

    // The uploaded ISO boots as the CD-ROM of a new VM.
    const { id } = await b.createVm!({ name: `${RUN}-iso`, clusterId: qualifyId('kvm-ci', 'cluster'), memoryBytes: 32 * 1024 ** 2, isoFileId: iso!.id });
    created.push(id);
    expect((await b.getVm!(id)).disks?.map((d) => d.contentType)).toEqual(['iso']);
    await expect(b.removeDisk!(iso!.id)).rejects.toMatchObject({ code: 'conflict' }); // in the VM's CD-ROM
    await b.removeVm!(id, { keepDisks: false });
    created.splice(created.indexOf(id), 1);
    expect((await b.getDisk!(iso!.id)).name).toBe(`${RUN}-boot.iso`); // ISOs are never deleted with a VM
    await b.removeDisk!(iso!.id);
  });

  it('one connection is kept, and reopened after the daemon connection drops', async () => {
    const target = new URL(env!.LIBVIRT_QEMU_URI.replace(/^qemu\+tcp/, 'http'));
    const sockets = new Set<net.Socket>();
    let accepted = 0;
    const proxy = net.createServer((client) => {
      accepted++;
      const upstream = net.connect({ host: target.hostname, port: Number(target.port || 16509) });
      client.pipe(upstream).pipe(client);
      sockets.add(client).add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;
    const viaProxy = createBackend({ id: 'kvm-proxy', kind: 'libvirt', name: 'via proxy', url: `qemu+tcp://127.0.0.1:${port}/system` });
    try {
      await Promise.all([viaProxy.about(), viaProxy.listVms!({ page: 1, pageSize: 10 }), viaProxy.listHosts!({ page: 1, pageSize: 1 })]);
      expect(accepted).toBe(1);
      for (const s of sockets) s.destroy();
      const failed = await viaProxy.about().then(
        () => undefined,
        (e: unknown) => e,
      );
      // The drop is seen either by this call (unreachable) or before it (then the call reconnects).
      if (failed) expect(isBackendError(failed, 'unreachable')).toBe(true);
      await viaProxy.about();
      expect(accepted).toBe(2);
    } finally {
      await viaProxy.close();
      proxy.close();
    }
  });

  it('a daemon that goes silent (no FIN, no answers) → timeout, and the next call reconnects', async () => {
    const target = new URL(env!.LIBVIRT_QEMU_URI.replace(/^qemu\+tcp/, 'http'));
    let silent = false;
    let accepted = 0;
    const proxy = net.createServer((client) => {
      accepted++;
      const upstream = net.connect({ host: target.hostname, port: Number(target.port || 16509) });
      // Silence swallows bytes both ways while keeping both sockets open, like a host that froze.
      client.on('data', (d) => !silent && upstream.write(d));
      upstream.on('data', (d) => !silent && client.write(d));
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;
    const b2 = createBackend(
      { id: 'kvm-silent', kind: 'libvirt', name: 'silent', url: `qemu+tcp://127.0.0.1:${port}/system` },
      { timeouts: { requestMs: 700 } },
    );
    try {
      await b2.about();
      silent = true;
      await expect(b2.about()).rejects.toMatchObject({ code: 'timeout' });
      silent = false;
      await b2.about();
      expect(accepted).toBe(2);
    } finally {
      await b2.close();
      proxy.close();
    }
  });

  it('a daemon that is not there → unreachable, quickly', async () => {
    const nowhere = createBackend({ id: 'kvm-none', kind: 'libvirt', name: 'nowhere', url: 'qemu+tcp://127.0.0.1:1/system' });
    await expect(nowhere.about()).rejects.toMatchObject({ code: 'unreachable' });
    await nowhere.close();
  });
});

const sshEnv = realEnv('libvirt (qemu+ssh)', ['LIBVIRT_SSH_URI', 'LIBVIRT_SSH_KEY_FILE'] as const);

describe.skipIf(!sshEnv)('libvirt over ssh, key-based', () => {
  it('the stored private key opens qemu+ssh (netcat onto the daemon socket) and lists the host', async () => {
    const { readFileSync } = await import('node:fs');
    const b = createBackend({
      id: 'kvm-ssh',
      kind: 'libvirt',
      name: 'over ssh',
      url: sshEnv!.LIBVIRT_SSH_URI,
      sshKey: readFileSync(sshEnv!.LIBVIRT_SSH_KEY_FILE, 'utf8'),
    });
    try {
      expect((await b.about()).product).toMatch(/^libvirt QEMU/);
      const hosts = await b.listHosts!({ page: 1, pageSize: 5 });
      expect(hosts.items).toHaveLength(1);
      expect(Array.isArray((await b.listVms!({ page: 1, pageSize: 5 })).items)).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('a key the host does not accept → unreachable, with ssh’s own words', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vd-wrong-key-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
    const b = createBackend({ id: 'kvm-ssh-bad', kind: 'libvirt', name: 'bad key', url: sshEnv!.LIBVIRT_SSH_URI, sshKey: readFileSync(join(dir, 'k'), 'utf8') });
    try {
      const error = await b.about().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isBackendError(error, 'unreachable')).toBe(true);
      expect((error as { detail?: string }).detail).toMatch(/Permission denied/);
    } finally {
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const tlsEnv = realEnv('libvirt (qemu+tls)', ['LIBVIRT_TLS_URI', 'LIBVIRT_TLS_DIR'] as const);

describe.skipIf(!tlsEnv)('libvirt over TLS with a client certificate', () => {
  const pem = async (name: string) => (await import('node:fs')).readFileSync(`${tlsEnv!.LIBVIRT_TLS_DIR}/${name}`, 'utf8');

  it('the CA, client certificate and key from the connection open qemu+tls', async () => {
    const b = createBackend({
      id: 'kvm-tls',
      kind: 'libvirt',
      name: 'over TLS',
      url: tlsEnv!.LIBVIRT_TLS_URI,
      caCert: await pem('ca.pem'),
      clientCert: await pem('client.pem'),
      clientKey: await pem('client.key'),
    });
    try {
      expect((await b.about()).product).toMatch(/^libvirt QEMU/);
      expect((await b.listHosts!({ page: 1, pageSize: 1 })).items).toHaveLength(1);
    } finally {
      await b.close();
    }
  });

  it.each([
    ['a client certificate of another CA', 'auth_failed', { clientCert: 'foreign.pem', clientKey: 'foreign.key', caCert: 'ca.pem' }],
    ['no client certificate', 'auth_failed', { caCert: 'ca.pem' }],
    ['a daemon certificate the connection does not trust', 'unreachable', { clientCert: 'client.pem', clientKey: 'client.key', caCert: 'foreign.pem' }],
  ] as const)('%s → %s', async (_what, code, files) => {
    const read = async (f?: string) => (f ? pem(f) : undefined);
    const b = createBackend({
      id: 'kvm-tls-bad',
      kind: 'libvirt',
      name: 'bad TLS',
      url: tlsEnv!.LIBVIRT_TLS_URI,
      caCert: await read(files.caCert),
      clientCert: await read('clientCert' in files ? files.clientCert : undefined),
      clientKey: await read('clientKey' in files ? files.clientKey : undefined),
    });
    try {
      await expect(b.about()).rejects.toMatchObject({ code });
    } finally {
      await b.close();
    }
  });
});

const unixEnv = realEnv('libvirt (qemu+unix)', ['LIBVIRT_UNIX_URI', 'LIBVIRT_QEMU_URI', 'LIBVIRT_POOL'] as const);

describe.skipIf(!unixEnv)('libvirt on the local UNIX socket (a dashboard on the KVM host itself)', () => {
  it.each([
    ['qemu+unix:///system?socket=…', () => unixEnv!.LIBVIRT_UNIX_URI],
    ['qemu:///system?socket=… (no transport, no host: the UNIX socket)', () => unixEnv!.LIBVIRT_UNIX_URI.replace('qemu+unix://', 'qemu://')],
  ])('%s opens the same daemon as qemu+tcp', async (_what, uri) => {
    const local = createBackend({ id: 'kvm-unix', kind: 'libvirt', name: 'local', url: uri() });
    const remote = createBackend({ id: 'kvm-unix', kind: 'libvirt', name: 'over TCP', url: unixEnv!.LIBVIRT_QEMU_URI });
    try {
      expect((await local.about()).product).toMatch(/^libvirt QEMU/);
      const [hostsLocal, hostsRemote] = await Promise.all([local.listHosts!({ page: 1, pageSize: 5 }), remote.listHosts!({ page: 1, pageSize: 5 })]);
      expect(hostsLocal.items.map((h) => h.name)).toEqual(hostsRemote.items.map((h) => h.name));
      const pools = await local.listStorageDomains!({ page: 1, pageSize: 50 });
      expect(pools.items.map((p) => p.name)).toContain(unixEnv!.LIBVIRT_POOL);
      const ids = (r: { items: { id: string }[] }) => r.items.map((v) => v.id).sort();
      expect(ids(await local.listVms!({ page: 1, pageSize: 500 }))).toEqual(ids(await remote.listVms!({ page: 1, pageSize: 500 })));
    } finally {
      await local.close();
      await remote.close();
    }
  });

  it('a socket path where no daemon listens → unreachable', async () => {
    const nowhere = createBackend({ id: 'kvm-unix-none', kind: 'libvirt', name: 'none', url: `qemu+unix:///system?socket=${os.tmpdir()}/no-such-libvirt-sock` });
    try {
      await expect(nowhere.about()).rejects.toMatchObject({ code: 'unreachable' });
    } finally {
      await nowhere.close();
    }
  });
});

const writeEnv = realEnv('libvirt (base images, networks)', ['LIBVIRT_QEMU_URI', 'LIBVIRT_POOL', 'LIBVIRT_POOL_DIR'] as const);

describe.skipIf(!writeEnv)('libvirt VMs from a base image volume and with a network interface', () => {
  const run = promisify(execFile);
  const virsh = async (...args: string[]) => (await run('virsh', ['-q', '-c', writeEnv!.LIBVIRT_QEMU_URI, ...args], { timeout: 60_000 })).stdout;
  const RUN2 = `${RUN}b`;
  const base = `${RUN2}-base.qcow2`;
  // An isolated bridge without DHCP/DNS (no dnsmasq, no firewall rules), on a TEST-NET-2 /28.
  const network = `${RUN2}-net`;
  const bridge = `vd${RUN2.slice(-8)}`.slice(0, 15);
  let b: Backend;
  let poolId: QualifiedId;
  const created: QualifiedId[] = [];

  beforeAll(async () => {
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(writeEnv!.LIBVIRT_POOL_DIR, base), '32M']);
    await virsh('pool-refresh', writeEnv!.LIBVIRT_POOL);
    const file = path.join(os.tmpdir(), `${network}.xml`);
    await fs.writeFile(
      file,
      `<network><name>${network}</name><forward mode='open'/><bridge name='${bridge}' stp='off'/><dns enable='no'/><ip address='198.51.100.${16 * randomInt(1, 15) + 1}' prefix='28'/></network>`,
    );
    await virsh('net-create', file); // transient: gone when destroyed
    await fs.rm(file, { force: true });
    b = createBackend({ id: 'kvm-ci2', kind: 'libvirt', name: 'CI host', url: writeEnv!.LIBVIRT_QEMU_URI });
    poolId = (await b.listStorageDomains!({ page: 1, pageSize: 50 })).items.find((p) => p.name === writeEnv!.LIBVIRT_POOL)!.id;
  }, 60_000);

  afterAll(async () => {
    for (const id of created) {
      await b.vmAction!(id, 'stop').catch(() => undefined);
      await b.removeVm!(id, { keepDisks: false }).catch(() => undefined);
    }
    await b?.close();
    await virsh('net-destroy', network).catch(() => undefined);
    await virsh('vol-delete', '--pool', writeEnv!.LIBVIRT_POOL, base).catch(() => undefined);
  }, 60_000);

  async function baseDisk() {
    const disks = await b.listDisks!({ page: 1, pageSize: 500 });
    const disk = disks.items.find((d) => d.name === base);
    expect(disk, 'the base image volume in the disks list').toBeDefined();
    return disk!;
  }

  it('a copy-on-write overlay: the new disk is a qcow2 whose backing store is the base image; the VM boots from it', async () => {
    const image = await baseDisk();
    const basePath = path.join(writeEnv!.LIBVIRT_POOL_DIR, base);
    const { id } = await b.createVm!({
      name: `${RUN2}-cow`,
      clusterId: qualifyId('kvm-ci2', 'cluster'),
      memoryBytes: 64 * 1024 ** 2,
      baseImageId: image.id,
    });
    created.push(id);
    const vm = await b.getVm!(id);
    expect(vm.disks?.map((d) => d.name)).toEqual([`${RUN2}-cow-disk0.qcow2`]);
    expect((await b.getDisk!(vm.disks![0]!.id)).provisionedBytes).toBe(32 * 1024 ** 2); // the base image's virtual size

    // The pool volume names the base image as its backing store...
    const volXml = await virsh('vol-dumpxml', '--pool', writeEnv!.LIBVIRT_POOL, `${RUN2}-cow-disk0.qcow2`);
    expect(volXml).toMatch(new RegExp(`<backingStore>\\s*<path>${basePath}</path>\\s*<format type='qcow2'/>`));
    // ...and so does the running domain's disk.
    await b.vmAction!(id, 'start');
    await waitFor(b, id, 'running');
    const live = await virsh('dumpxml', id.slice('kvm-ci2:'.length));
    const disk = /<disk type='file' device='disk'>[\s\S]*?<\/disk>/.exec(live)?.[0] ?? '';
    expect(disk).toContain(`${RUN2}-cow-disk0.qcow2`);
    expect(disk).toMatch(new RegExp(`<backingStore type='file'[^>]*>\\s*<format type='qcow2'/>\\s*<source file='${basePath}'`));
    await b.vmAction!(id, 'stop');
    await waitFor(b, id, 'stopped');

    // Neither the VM's own disk nor the base image under its overlay can be deleted on its own.
    await expect(b.removeDisk!(vm.disks![0]!.id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`"${RUN2}-cow"`) });
    await expect(b.removeDisk!(image.id)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`"${RUN2}-cow-disk0.qcow2"`) });
    expect((await baseDisk()).id).toBe(image.id);

    // Removing the VM with its storage deletes the overlay, never the base image.
    await b.removeVm!(id, { keepDisks: false });
    created.splice(created.indexOf(id), 1);
    expect((await baseDisk()).id).toBe(image.id);
  });

  it('a full copy (cloneTemplateDisks) has no backing store', async () => {
    const image = await baseDisk();
    const { id } = await b.createVm!({
      name: `${RUN2}-copy`,
      clusterId: qualifyId('kvm-ci2', 'cluster'),
      memoryBytes: 64 * 1024 ** 2,
      baseImageId: image.id,
      cloneTemplateDisks: true,
    });
    created.push(id);
    const volXml = await virsh('vol-dumpxml', '--pool', writeEnv!.LIBVIRT_POOL, `${RUN2}-copy-disk0.qcow2`);
    expect(volXml).toContain(`<capacity unit='bytes'>${32 * 1024 ** 2}</capacity>`);
    expect(volXml).not.toContain('<backingStore>');
    await b.removeVm!(id, { keepDisks: false });
    created.splice(created.indexOf(id), 1);
  });

  it('clone: a stopped VM becomes a full copy (own disk without backing store, new UUID and MAC) that boots; a running VM and a taken name are refused; removing the clone leaves the source whole', async () => {
    const image = await baseDisk();
    const profile = (await b.listVnicProfiles!()).find((p) => p.name === network)!;
    const { id: sourceId } = await b.createVm!({
      name: `${RUN2}-src`,
      clusterId: qualifyId('kvm-ci2', 'cluster'),
      memoryBytes: 64 * 1024 ** 2,
      baseImageId: image.id,
      nics: [{ name: 'nic1', vnicProfileId: profile.id, interface: 'virtio' }],
    });
    created.push(sourceId);
    const source = await b.getVm!(sourceId);

    const { id } = await b.cloneVm!(sourceId, `${RUN2}-twin`);
    created.push(id);
    expect(id).not.toBe(sourceId);
    const clone = await b.getVm!(id);
    expect(clone.name).toBe(`${RUN2}-twin`);
    expect(clone.nics).toHaveLength(1);
    expect(clone.nics![0]!.network?.name).toBe(network);
    expect(clone.nics![0]!.mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(clone.nics![0]!.mac).not.toBe(source.nics![0]!.mac);
    // The source's disk is an overlay on the base image; the clone's is a whole copy of it.
    const copyXml = await virsh('vol-dumpxml', '--pool', writeEnv!.LIBVIRT_POOL, `${RUN2}-twin-disk0.qcow2`);
    expect(copyXml).toContain(`<capacity unit='bytes'>${32 * 1024 ** 2}</capacity>`);
    expect(copyXml).not.toContain('<backingStore>');
    expect(clone.disks!.map((d) => d.name)).toEqual([`${RUN2}-twin-disk0.qcow2`]);

    await expect(b.cloneVm!(sourceId, `${RUN2}-twin`)).rejects.toMatchObject({ code: 'conflict', detail: expect.stringContaining('already exists') });
    await b.vmAction!(id, 'start');
    await waitFor(b, id, 'running');
    await expect(b.cloneVm!(id, `${RUN2}-twin2`)).rejects.toMatchObject({ code: 'conflict', detail: expect.stringContaining('stop it before cloning') });
    expect(await virsh('vol-list', '--pool', writeEnv!.LIBVIRT_POOL)).not.toContain(`${RUN2}-twin2`);
    await b.vmAction!(id, 'stop');
    await waitFor(b, id, 'stopped');
    await b.removeVm!(id, { keepDisks: false });
    created.splice(created.indexOf(id), 1);
    const left = await b.getVm!(sourceId);
    expect(left.disks!.map((d) => d.name)).toEqual([`${RUN2}-src-disk0.qcow2`]);
    await virsh('vol-info', '--pool', writeEnv!.LIBVIRT_POOL, `${RUN2}-src-disk0.qcow2`);
  });

  it('a portal launch from a base image: one boot disk of the flavor\u2019s size, one NIC on the item\u2019s network, the key in a NoCloud seed; removal takes the seed too', async () => {
    const image = await baseDisk();
    const profile = (await b.listVnicProfiles!()).find((p) => p.name === network);
    expect(profile, 'the network among the vNIC profiles').toBeDefined();
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDvjY7C1ZEx2nlzNHhnFS+viKPSPNCVrwQDjAAqxPupK alice@laptop';
    const name = `${RUN2}-launch`;
    // Exactly what lib/services/portal.ts launchVm asks for: a catalog item with its network, a 1 GiB flavor.
    const input = vmCreateSchema.parse(
      launchCreateInput({ connectionId: 'kvm-ci2', sourceKind: 'image', sourceId: image.id, clusterId: qualifyId('kvm-ci2', 'cluster'), networkId: profile!.id }, { vcpus: 1, memoryMiB: 256, diskGiB: 1 }, name, key),
    );
    const { id } = await b.createVm!(createSpecOf(input));
    created.push(id);
    const vm = await b.getVm!(id);
    expect(vm.disks?.filter((d) => d.contentType !== 'iso').map((d) => d.name)).toEqual([`${name}-disk0.qcow2`]);
    expect((await b.getDisk!(vm.disks!.find((d) => d.name === `${name}-disk0.qcow2`)!.id)).provisionedBytes).toBe(1024 ** 3);
    expect(vm.nics).toHaveLength(1);
    expect(vm.nics![0]).toMatchObject({ network: { name: network } });

    // The domain has one disk, the seed as a read-only CD-ROM, and the overlay still backed by the image.
    const xml = await virsh('dumpxml', '--inactive', id.slice('kvm-ci2:'.length));
    expect(xml.match(/device='disk'/g)).toHaveLength(1);
    expect(xml).toContain(`${name}-cidata.iso`);
    const volXml = await virsh('vol-dumpxml', '--pool', writeEnv!.LIBVIRT_POOL, `${name}-disk0.qcow2`);
    expect(volXml).toContain(`<capacity unit='bytes'>${1024 ** 3}</capacity>`);
    expect(volXml).toContain('<backingStore>');
    // The seed's bytes in the pool: an ISO 9660 volume "cidata" whose user-data holds the key.
    const seedFile = path.join(writeEnv!.LIBVIRT_POOL_DIR, `${name}-cidata.iso`);
    const seed = await fs.readFile(seedFile);
    expect(seed.toString('ascii', 16 * 2048 + 1, 16 * 2048 + 6)).toBe('CD001');
    expect(seed.toString('ascii', 16 * 2048 + 40, 16 * 2048 + 46)).toBe('cidata');
    expect(seed.toString('utf8')).toContain(`ssh_authorized_keys:\n  - "${key}"`);

    // It boots with both (QEMU opens the overlay and the seed).
    await b.vmAction!(id, 'start');
    await waitFor(b, id, 'running');
    await b.vmAction!(id, 'stop');
    await waitFor(b, id, 'stopped');
    await b.removeVm!(id, { keepDisks: false });
    created.splice(created.indexOf(id), 1);
    const left = await virsh('vol-list', '--pool', writeEnv!.LIBVIRT_POOL);
    expect(left).not.toContain(`${name}-disk0.qcow2`);
    expect(left).not.toContain(`${name}-cidata.iso`);
    expect((await baseDisk()).id).toBe(image.id);
  });

  it('a network interface on a libvirt network: in the VM, in the domain XML, and plugged into the bridge when running', async () => {
    const profiles = await b.listVnicProfiles!();
    const profile = profiles.find((p) => p.name === network);
    expect(profile, 'the network among the wizard’s vNIC profiles').toBeDefined();
    const { id } = await b.createVm!({
      name: `${RUN2}-nic`,
      clusterId: qualifyId('kvm-ci2', 'cluster'),
      memoryBytes: 64 * 1024 ** 2,
      disks: [{ sizeBytes: 8 * 1024 ** 2, storageDomainId: poolId, thin: true, interface: 'virtio' }],
      nics: [{ name: 'nic1', vnicProfileId: profile!.id, interface: 'e1000' }],
    });
    created.push(id);
    const vm = await b.getVm!(id);
    expect(vm.nics).toHaveLength(1);
    expect(vm.nics![0]).toMatchObject({ interface: 'e1000', network: { name: network } });
    expect(vm.nics![0]!.mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);

    await b.vmAction!(id, 'start');
    await waitFor(b, id, 'running');
    const live = await virsh('dumpxml', id.slice('kvm-ci2:'.length));
    const nic = /<interface type='network'>[\s\S]*?<\/interface>/.exec(live)?.[0] ?? '';
    expect(nic).toContain(`network='${network}'`);
    expect(nic).toContain(`bridge='${bridge}'`);
    expect(nic).toMatch(/<target dev='[^']+'/); // QEMU's tap device, on the bridge
    expect(nic).toContain("<model type='e1000'/>");

    // Addresses: this guest has no OS, so no agent answers (libvirt: "QEMU guest agent is not
    // configured") and no DHCP client asks. A lease is put where dnsmasq's helper keeps them
    // (<state dir>/<bridge>.status, the file libvirtd itself reads for virNetworkGetDHCPLeases), so the
    // real daemon hands it out; the VM page falls back from the agent to it, the list reads it in bulk.
    const mac = vm.nics![0]!.mac!;
    const leaseFile = `/var/lib/libvirt/dnsmasq/${bridge}.status`;
    const gateway = /address='198\.51\.100\.(\d+)'/.exec(await virsh('net-dumpxml', network))!;
    const leased = `198.51.100.${Number(gateway[1]) + 5}`;
    await fs.writeFile(leaseFile, JSON.stringify([{ 'ip-address': leased, 'mac-address': mac, hostname: `${RUN2}-guest`, 'client-id': '01:' + mac, 'expiry-time': Math.floor(Date.now() / 1000) + 3600 }]));
    try {
      const withAddress = await b.getVm!(id);
      expect(withAddress.ips).toEqual([leased]);
      expect(withAddress.guestInterfaces).toEqual([{ name: 'nic1', mac, ipv4: [leased], ipv6: [] }]);
      expect(withAddress.fqdn).toBe(`${RUN2}-guest`);
      const listed = (await b.listVms!({ page: 1, pageSize: 500 })).items.find((v) => v.id === id);
      expect(listed?.ips).toEqual([leased]);
    } finally {
      await fs.rm(leaseFile, { force: true });
    }
    expect((await b.getVm!(id)).ips).toBeUndefined();
    await b.vmAction!(id, 'stop');
    await waitFor(b, id, 'stopped');
    await b.removeVm!(id, { keepDisks: false });
    created.splice(created.indexOf(id), 1);
  });
});

describe.skipIf(!writeEnv)('libvirt serial console through the RPC stream', () => {
  const run = promisify(execFile);
  const virsh = async (...args: string[]) => (await run('virsh', ['-q', '-c', writeEnv!.LIBVIRT_QEMU_URI, ...args], { timeout: 60_000 })).stdout;
  const name = `${RUN}s-serial`;
  let b: Backend;

  afterAll(async () => {
    await virsh('destroy', name).catch(() => undefined);
    await virsh('undefine', name).catch(() => undefined);
    await b?.close();
  }, 60_000);

  it('what the guest writes to its serial port arrives through virDomainOpenConsole; a stopped VM is refused; a finished console can be opened again', async () => {
    // No guest OS: SeaBIOS itself writes to the serial port (useserial), finds no boot device and
    // reboots every second (rebootTimeout), so there is always fresh output to read.
    const file = path.join(os.tmpdir(), `${name}.xml`);
    await fs.writeFile(
      file,
      `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>` +
        `<os><type arch='x86_64' machine='pc'>hvm</type><bios useserial='yes' rebootTimeout='1000'/></os>` +
        `<devices><serial type='pty'><target port='0'/></serial><console type='pty'><target type='serial' port='0'/></console></devices></domain>`,
    );
    await virsh('define', file);
    await fs.rm(file, { force: true });
    const uuid = (await virsh('domuuid', name)).trim();
    b = createBackend({ id: 'kvm-serial', kind: 'libvirt', name: 'CI host', url: writeEnv!.LIBVIRT_QEMU_URI });
    const id = qualifyId('kvm-serial', uuid);

    await expect(b.openSerialConsole!(id)).rejects.toMatchObject({ code: 'conflict' });

    await virsh('start', name);
    const stream = await b.openSerialConsole!(id);
    let got = '';
    await new Promise<void>((resolve) => {
      stream.onData((bytes) => {
        got += Buffer.from(bytes).toString('latin1');
        if (/SeaBIOS/.test(got) && /No bootable device/.test(got)) resolve();
      });
    });
    // Keys go the other way on the same stream (the guest has nothing reading them: no error is all there is to see).
    stream.write(Buffer.from('\r'));
    stream.finish();
    await stream.closed;

    const again = await b.openSerialConsole!(id);
    let more = '';
    await new Promise<void>((resolve) => {
      again.onData((bytes) => {
        more += Buffer.from(bytes).toString('latin1');
        if (/SeaBIOS/.test(more)) resolve();
      });
    });
    again.finish();
    // The connection still serves ordinary calls after two streams on it.
    expect((await b.getVm!(id)).status).toBe('running');
  }, 60_000);
});
