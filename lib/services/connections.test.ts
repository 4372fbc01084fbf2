/**
 * The connection registry against the REAL embedded database (PGlite, fresh
 * data dir, real migrations) and the demo oVirt engine over HTTP.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Before any module reads them: the database location and the encryption key.
const TMP = await vi.hoisted(async () => {
  const fsh = await import('node:fs');
  const osh = await import('node:os');
  const pathh = await import('node:path');
  const dir = fsh.mkdtempSync(pathh.join(osh.tmpdir(), 'virtdash-connections-'));
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  process.env.SECRET_KEY = '0f'.repeat(32);
  return dir;
});

import { startOvirtEngine, type OvirtEngine } from '@/fakes/ovirt/server';
import { isBackendError } from '@/lib/backends/errors';
import { closePglite } from '@/lib/db/adapter';
import { db } from '@/lib/db/client';
import { applyMigrations, openSqlRunner } from '@/lib/db/migrate';
import { databaseTarget } from '@/lib/db/target';
import { CONNECTION_ERRORS } from '@/lib/validations/connection';
import { backendCacheStats, cachedRead } from './backend-cache';
import {
  ConnectionInputError,
  checkEditFormTest,
  closeAllBackends,
  createConnection,
  deleteConnection,
  getBackend,
  getConnection,
  listConnections,
  listEnabledBackends,
  removeConnections,
  setConnectionEnabled,
  testConnection,
  updateConnection,
  upsertConnectionByName,
} from './connections';

const ADMIN = { username: 'admin@internal', password: 'demo-admin' };
// Any well-formed certificate other than the one stored (none): a changed TLS setting.
const OTHER_CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2V4YW1wbGVDQQ==\n-----END CERTIFICATE-----\n';
let engine: OvirtEngine;

beforeAll(async () => {
  await applyMigrations(await openSqlRunner(databaseTarget()));
  engine = await startOvirtEngine({ port: 0, timeScale: 0.01, backgroundEvents: false });
});

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await db.$disconnect().catch(() => {});
  await closePglite();
  fs.rmSync(TMP, { recursive: true, force: true });
});

function form(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'ovirt' as const,
    name: 'Demo engine',
    url: engine.apiUrl,
    username: ADMIN.username,
    password: ADMIN.password,
    insecureSkipVerify: false,
    useFilter: false,
    enabled: true,
    ...overrides,
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('connections registry', () => {
  let id: string;

  it('creates a connection: password encrypted at rest, URL normalised to the engine base', async () => {
    const view = await createConnection(form());
    id = view.id;
    expect(view).toMatchObject({ name: 'Demo engine', url: engine.url, hasPassword: true, source: 'ui', simulated: false, enabled: true });
    const row = await db.backendConnection.findUniqueOrThrow({ where: { id } });
    expect(row.secretCipher).toMatch(/^v1:/);
    expect(row.secretCipher).not.toContain(ADMIN.password);
    expect(Buffer.from(row.secretCipher!.split(':')[3], 'base64').toString('latin1')).not.toContain(ADMIN.password);
  });

  it('listConnections and getConnection expose no secret', async () => {
    const list = await listConnections();
    expect(list).toHaveLength(1);
    const text = JSON.stringify([list, await getConnection(id)]);
    expect(text).not.toContain(ADMIN.password);
    expect(text).not.toContain('secretCipher');
    expect(text).not.toContain('v1:');
    expect(list[0]).toMatchObject({ id, hasPassword: true, hasCaCert: false, username: ADMIN.username });
    expect(list[0]).not.toHaveProperty('password');
  });

  it('testConnection(id) signs in and reports the engine version and identity', async () => {
    const result = await testConnection(id);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.about.version).toMatch(/^4\.5/);
    expect(result.about.identity.username).toBe('admin@internal');
    expect(result.about.isAdmin).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.warnings).toEqual([]);
  });

  it('testConnection of a self-service identity warns while Filter is off, and not once it is on', async () => {
    const user = { username: 'user1@internal', password: 'demo-user' };
    const off = await testConnection(form({ name: 'Self-service', ...user, useFilter: false }));
    expect(off).toMatchObject({ ok: true, about: { isAdmin: false, identity: { username: user.username } }, warnings: ['nonAdminWithoutFilter'] });
    const on = await testConnection(form({ name: 'Self-service', ...user, useFilter: true }));
    expect(on).toMatchObject({ ok: true, about: { isAdmin: false }, warnings: [] });
  });

  it('testConnection(form values) before saving; a wrong password → auth_failed, never echoed', async () => {
    await expect(testConnection(form({ name: 'Unsaved' }))).resolves.toMatchObject({ ok: true });
    const result = await testConnection(form({ name: 'Unsaved', password: 'wrong-password' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'auth_failed' } });
    expect(JSON.stringify(result)).not.toContain('wrong-password');
  });

  it('testConnection of an edit form with the password left empty uses the stored one', async () => {
    await expect(testConnection(form({ id, password: '' }))).resolves.toMatchObject({ ok: true });
  });

  it('never sends the stored password to another address, user or TLS setting unless it is typed again', async () => {
    // Whatever reaches this server is what an admin's form could have sent anywhere.
    const seen: string[] = [];
    const spy = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''} ${body}`);
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"access_denied"}');
      });
    });
    await new Promise<void>((resolve) => spy.listen(0, '127.0.0.1', resolve));
    const elsewhere = `http://127.0.0.1:${(spy.address() as net.AddressInfo).port}/ovirt-engine/api`;
    try {
      for (const changed of [{ url: elsewhere }, { username: 'other@internal' }, { insecureSkipVerify: true }, { caCert: OTHER_CA }]) {
        const tested = await testConnection(form({ id, password: '', ...changed }));
        expect(tested).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        const checked = await errorOf(checkEditFormTest(form({ id, password: '', ...changed })));
        expect((checked as ConnectionInputError).fieldErrors).toEqual({ password: [CONNECTION_ERRORS.passwordAgain] });
        const edited = await errorOf(updateConnection(id, form({ password: '', ...changed })));
        expect((edited as ConnectionInputError).fieldErrors).toEqual({ password: [CONNECTION_ERRORS.passwordAgain] });
      }
      expect(seen).toEqual([]);
      expect((await getConnection(id)).url).toBe(engine.url);
      // Typed again, the password typed goes there (and only that one).
      expect(await testConnection(form({ id, url: elsewhere, password: 'typed-again' }))).toMatchObject({ ok: false });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.join('\n')).not.toContain(ADMIN.password);
      // Unchanged settings still use the stored password.
      await expect(checkEditFormTest(form({ id, password: '' }))).resolves.toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => spy.close(() => resolve()));
    }
  });

  it('a connection from BACKENDS_FILE is tested with its own settings only, never with a form\'s', async () => {
    const { connection: file } = await upsertConnectionByName(form({ name: 'From file' }), { source: 'file', simulated: false });
    try {
      expect(await testConnection(file.id)).toMatchObject({ ok: true });
      const same = await testConnection(form({ id: file.id, name: 'From file', password: '' }));
      expect(same).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(isBackendError(await errorOf(checkEditFormTest(form({ id: file.id, name: 'From file', password: '' }))), 'conflict')).toBe(true);
      expect(isBackendError(await errorOf(updateConnection(file.id, form({ name: 'From file', password: '' }))), 'conflict')).toBe(true);
    } finally {
      await removeConnections([file.id]);
    }
  });

  it('an unreachable engine → unreachable', async () => {
    const port = await closedPort();
    const result = await testConnection(form({ url: `http://127.0.0.1:${port}` }), { timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'unreachable' } });
  });

  it('invalid values → invalid_input with the form keys, never a throw', async () => {
    const result = await testConnection(form({ url: 'ftp://x' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const error = await errorOf(createConnection(form({ name: 'Bad', username: 'admin' })));
    expect(error).toBeInstanceOf(ConnectionInputError);
    expect((error as ConnectionInputError).fieldErrors.username).toEqual([CONNECTION_ERRORS.usernameProfile]);
  });

  it('names are unique: create and rename answer conflict (nameTaken on the name field)', async () => {
    const dup = await errorOf(createConnection(form({ name: '  Demo engine ' })));
    expect(isBackendError(dup, 'conflict')).toBe(true);
    expect((dup as ConnectionInputError).fieldErrors).toEqual({ name: [CONNECTION_ERRORS.nameTaken] });

    const other = await createConnection(form({ name: 'Second' }));
    const rename = await errorOf(updateConnection(other.id, form({ name: 'Demo engine', password: '' })));
    expect(isBackendError(rename, 'conflict')).toBe(true);
    await deleteConnection(other.id);
  });

  it('getBackend: one live instance per connection, which lists VMs', async () => {
    const a = await getBackend(id);
    const b = await getBackend(id);
    expect(b).toBe(a);
    const [c, d] = await Promise.all([getBackend(id), getBackend(id)]);
    expect(c).toBe(a);
    expect(d).toBe(a);
    const page = await a.listVms!({ page: 1, pageSize: 10 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items[0].connectionId).toBe(id);
    expect((await listEnabledBackends()).map((x) => x.id)).toEqual([id]);
  });

  it('updating with an empty password keeps the stored one, and replaces the live backend', async () => {
    const before = await db.backendConnection.findUniqueOrThrow({ where: { id } });
    const old = await getBackend(id);
    await cachedRead(id, 'vms:list', 60_000, async () => 'cached');
    const view = await updateConnection(id, form({ name: 'Demo engine (renamed)', password: '' }));
    expect(view.name).toBe('Demo engine (renamed)');
    const after = await db.backendConnection.findUniqueOrThrow({ where: { id } });
    expect(after.secretCipher).toBe(before.secretCipher);
    // Its cached reads went with it.
    expect(await cachedRead(id, 'vms:list', 60_000, async () => 'fresh')).toBe('fresh');

    const fresh = await getBackend(id);
    expect(fresh).not.toBe(old);
    expect(fresh.name).toBe('Demo engine (renamed)');
    expect((await fresh.listVms!({ page: 1, pageSize: 1 })).items).toHaveLength(1);
  });

  it('a new password is re-encrypted; a wrong one then fails on use', async () => {
    await updateConnection(id, form({ name: 'Demo engine (renamed)', password: 'not-it' }));
    const error = await errorOf((await getBackend(id)).about());
    expect(isBackendError(error, 'auth_failed')).toBe(true);
    await updateConnection(id, form({ name: 'Demo engine (renamed)' }));
    await expect((await getBackend(id)).about()).resolves.toMatchObject({ identity: { username: 'admin@internal' } });
  });

  it('a stored password under another SECRET_KEY gives a clear error, not garbage', async () => {
    const saved = process.env.SECRET_KEY;
    process.env.SECRET_KEY = '1e'.repeat(32);
    try {
      const result = await testConnection(id);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!result.ok) expect(result.error.message).toMatch(/cannot be read.*SECRET_KEY/);
    } finally {
      process.env.SECRET_KEY = saved;
    }
  });

  it('disabled: no backend, left out of listEnabledBackends; enabled again: back', async () => {
    const view = await setConnectionEnabled(id, false);
    expect(view.enabled).toBe(false);
    const error = await errorOf(getBackend(id));
    expect(isBackendError(error, 'conflict')).toBe(true);
    expect(await listEnabledBackends()).toEqual([]);
    await setConnectionEnabled(id, true);
    expect((await getBackend(id)).id).toBe(id);
  });

  it('deleted: gone from the list, getBackend → not_found, cache dropped', async () => {
    await cachedRead(id, 'hosts:list', 60_000, async () => 1);
    const entries = backendCacheStats().entries;
    await deleteConnection(id);
    expect(backendCacheStats().entries).toBeLessThan(entries);
    expect(await listConnections()).toEqual([]);
    expect(isBackendError(await errorOf(getBackend(id)), 'not_found')).toBe(true);
    expect(isBackendError(await errorOf(getConnection(id)), 'not_found')).toBe(true);
    expect(isBackendError(await errorOf(deleteConnection(id)), 'not_found')).toBe(true);
  });
});

describe('libvirt connections', () => {
  const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-not-a-real-key\n-----END OPENSSH PRIVATE KEY-----';
  const TLS_KEY = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI-not-a-real-key\n-----END PRIVATE KEY-----';
  const libvirtForm = (port: number, overrides: Record<string, unknown> = {}) => ({
    kind: 'libvirt' as const,
    name: 'KVM 1',
    url: `qemu+tcp://127.0.0.1:${port}/system`,
    insecureSkipVerify: false,
    useFilter: false,
    enabled: true,
    ...overrides,
  });

  it('ssh and TLS client keys are sealed with the other secrets, kept on an edit that leaves them empty, never shown', async () => {
    const port = await closedPort();
    const view = await createConnection(libvirtForm(port, { sshKey: KEY, clientKey: TLS_KEY }));
    const row = await db.backendConnection.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.secretCipher).toMatch(/^v1:/);
    expect(row.secretCipher).not.toContain('not-a-real-key');
    expect(JSON.stringify([await listConnections(), await getConnection(view.id)])).not.toContain('not-a-real-key');

    await updateConnection(view.id, libvirtForm(port, { name: 'KVM 1 renamed' }));
    const after = await db.backendConnection.findUniqueOrThrow({ where: { id: view.id } });
    expect(after.secretCipher).toBe(row.secretCipher);

    // The adapter is built from the stored settings: no daemon there → unreachable, with libvirt's words.
    const result = await testConnection(view.id);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unreachable');
    await deleteConnection(view.id);
  });

  it('a Ceph key for rbd volumes is sealed with the other secrets and never shown; a malformed one is refused on its field', async () => {
    const cephKey = 'AQDs0hVrHN6uIhAABWK6/IEeHmw5HBdg+LmZvA==';
    const port = await closedPort();
    const view = await createConnection(libvirtForm(port, { name: 'KVM ceph', cephKey }));
    const row = await db.backendConnection.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.secretCipher).not.toContain(cephKey);
    expect(JSON.stringify([await listConnections(), await getConnection(view.id)])).not.toContain(cephKey);
    await deleteConnection(view.id);
    const error = await errorOf(createConnection(libvirtForm(port, { name: 'KVM ceph bad', cephKey: 'not a key' })));
    expect((error as ConnectionInputError).fieldErrors).toEqual({ cephKey: ['libvirt.validation.cephKeyInvalid'] });
  });

  it('a key that is not a private key → invalid_input on its field', async () => {
    const error = await errorOf(createConnection(libvirtForm(1, { name: 'KVM bad', sshKey: 'ssh-ed25519 AAAA… a public key' })));
    expect(error).toBeInstanceOf(ConnectionInputError);
    expect((error as ConnectionInputError).fieldErrors).toEqual({ sshKey: ['libvirt.validation.sshKeyInvalid'] });
  });
});

describe('the connection rows this process keeps (2 s, dropped on its own writes)', () => {
  it('every write of this instance counts from the very next read, with the rows just read', async () => {
    const created = await createConnection(form({ name: 'Kept rows' }));
    // Read now: the copy is held, and each write below must drop it.
    expect((await listConnections()).map((c) => c.name)).toContain('Kept rows');
    await updateConnection(created.id, form({ id: created.id, name: 'Kept rows renamed', password: '' }));
    expect((await listConnections()).map((c) => c.name)).toContain('Kept rows renamed');
    expect((await getBackend(created.id)).id).toBe(created.id);
    await setConnectionEnabled(created.id, false);
    expect(isBackendError(await errorOf(getBackend(created.id)), 'conflict')).toBe(true);
    expect((await listEnabledBackends()).map((b) => b.id)).not.toContain(created.id);
    await setConnectionEnabled(created.id, true);
    expect((await getBackend(created.id)).id).toBe(created.id);
    const { outcome } = await upsertConnectionByName(form({ name: 'Kept rows renamed', url: `http://127.0.0.1:${await closedPort()}` }), { source: 'demo', simulated: true }, { adopt: ['ui'] });
    expect(outcome).toBe('updated');
    expect((await listConnections()).find((c) => c.id === created.id)).toMatchObject({ source: 'demo', simulated: true });
    await removeConnections([created.id]);
    expect((await listConnections()).map((c) => c.id)).not.toContain(created.id);
    expect(isBackendError(await errorOf(getBackend(created.id)), 'not_found')).toBe(true);
  });

  it('an edit by another instance (a write straight to the shared database) counts here within 2 s', async () => {
    const created = await createConnection(form({ name: 'Edited elsewhere' }));
    expect((await getBackend(created.id)).id).toBe(created.id);
    await db.backendConnection.update({ where: { id: created.id }, data: { enabled: false } });
    // Not announced to this process: its copy may still say enabled, but not for longer than 2 s.
    await new Promise((r) => setTimeout(r, 2_100));
    expect(isBackendError(await errorOf(getBackend(created.id)), 'conflict')).toBe(true);
    await db.backendConnection.delete({ where: { id: created.id } });
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await listConnections()).map((c) => c.id)).not.toContain(created.id);
  });
});
