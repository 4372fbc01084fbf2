/**
 * BACKENDS_FILE and the demo registration against the real embedded database
 * (fresh data dir for this file) and the demo oVirt engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const TMP = await vi.hoisted(async () => {
  const fsh = await import('node:fs');
  const osh = await import('node:os');
  const pathh = await import('node:path');
  const dir = fsh.mkdtempSync(pathh.join(osh.tmpdir(), 'virtdash-backends-file-'));
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  process.env.SECRET_KEY = 'a passphrase that is long enough to be derived with scrypt';
  return dir;
});

import { startOvirtEngine, type OvirtEngine } from '@/fakes/ovirt/server';
import { isBackendError } from '@/lib/backends/errors';
import { closePglite } from '@/lib/db/adapter';
import { db } from '@/lib/db/client';
import { applyMigrations, openSqlRunner } from '@/lib/db/migrate';
import { databaseTarget } from '@/lib/db/target';
import { startCinderFake } from '@/fakes/cinder/server';
import { BackendsFileError, DEMO_CINDER_CONNECTION_NAME, DEMO_CONNECTION_NAME, loadBackendsFile, registerDemoCinderConnection, registerDemoConnection } from './backends-file';
import { closeAllBackends, createConnection, deleteConnection, getBackend, listConnections, setConnectionEnabled, testConnection, updateConnection } from './connections';

const PEM = `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUQ2V4YW1wbGVDQQ==
-----END CERTIFICATE-----
`;

let engine: OvirtEngine;
const dir = path.join(TMP, 'config');
const file = path.join(dir, 'backends.json');
const env = { LAB_PASSWORD: 'demo-admin' };

function write(body: unknown, name = file): string {
  fs.writeFileSync(name, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return name;
}

async function failure(body: unknown): Promise<string> {
  const error = await loadBackendsFile(write(body, path.join(dir, 'bad.json')), env).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BackendsFileError);
  return (error as Error).message;
}

beforeAll(async () => {
  await applyMigrations(await openSqlRunner(databaseTarget()));
  engine = await startOvirtEngine({ port: 0, timeScale: 0.01, backgroundEvents: false });
  fs.mkdirSync(path.join(dir, 'certs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'certs', 'ca.pem'), PEM);
});

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await db.$disconnect().catch(() => {});
  await closePglite();
  fs.rmSync(TMP, { recursive: true, force: true });
});

describe('loadBackendsFile', () => {
  it('does nothing without a file', async () => {
    expect(await loadBackendsFile(undefined, env)).toBeUndefined();
    expect(await loadBackendsFile('', env)).toBeUndefined();
  });

  it('upserts the entries by name as source "file", with passwordEnv and caCertFile', async () => {
    write({
      connections: [
        { name: 'Lab', kind: 'ovirt', url: `${engine.url}/ovirt-engine/api`, username: 'admin@internal', passwordEnv: 'LAB_PASSWORD' },
        {
          name: 'Lab (self-service)',
          kind: 'ovirt',
          url: engine.url,
          username: 'user1@internal',
          password: 'demo-user',
          useFilter: true,
          caCertFile: 'certs/ca.pem',
          simulated: true,
        },
      ],
    });
    const result = await loadBackendsFile(file, env);
    expect(result).toMatchObject({ path: file, created: ['Lab', 'Lab (self-service)'], updated: [], removed: [] });
    const list = await listConnections();
    expect(list.map((c) => [c.name, c.source, c.url, c.hasCaCert, c.useFilter, c.simulated, c.enabled])).toEqual([
      ['Lab', 'file', engine.url, false, false, false, true],
      ['Lab (self-service)', 'file', engine.url, true, true, true, true],
    ]);
    const rows = await db.backendConnection.findMany();
    for (const row of rows) expect(row.secretCipher).not.toMatch(/demo-admin|demo-user/);
    const lab = list.find((c) => c.name === 'Lab')!;
    await expect(testConnection(lab.id)).resolves.toMatchObject({ ok: true, about: { identity: { username: 'admin@internal' } } });
  });

  it('a second start with the same file changes nothing (the live backend survives)', async () => {
    const lab = (await listConnections()).find((c) => c.name === 'Lab')!;
    const backend = await getBackend(lab.id);
    const result = await loadBackendsFile(file, env);
    expect(result).toMatchObject({ created: [], updated: [], unchanged: ['Lab', 'Lab (self-service)'], removed: [] });
    expect(await getBackend(lab.id)).toBe(backend);
  });

  it('file connections are read-only in the UI, except enable/disable', async () => {
    const lab = (await listConnections()).find((c) => c.name === 'Lab')!;
    const edit = await updateConnection(lab.id, { kind: 'ovirt', name: 'Lab', url: engine.url, username: 'admin@internal', enabled: true }).catch((e: unknown) => e);
    expect(isBackendError(edit, 'conflict')).toBe(true);
    expect((edit as Error).message).toMatch(/BACKENDS_FILE/);
    expect(isBackendError(await deleteConnection(lab.id).catch((e: unknown) => e), 'conflict')).toBe(true);
    await expect(setConnectionEnabled(lab.id, false)).resolves.toMatchObject({ enabled: false });
  });

  it('changed entries are updated in place (same id), removed ones deleted', async () => {
    const before = await listConnections();
    env.LAB_PASSWORD = 'demo-admin';
    write({
      connections: [{ name: 'Lab', kind: 'ovirt', url: engine.url, username: 'admin@internal', passwordEnv: 'LAB_PASSWORD', insecureSkipVerify: true }],
    });
    const result = await loadBackendsFile(file, env);
    expect(result).toMatchObject({ created: [], updated: ['Lab'], removed: ['Lab (self-service)'] });
    const after = await listConnections();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before.find((c) => c.name === 'Lab')!.id, insecureSkipVerify: true, enabled: true });
  });

  it('does not take over a connection added in the UI', async () => {
    await createConnection({ kind: 'ovirt', name: 'Mine', url: engine.url, username: 'admin@internal', password: 'demo-admin', enabled: true });
    const message = await failure({ connections: [{ name: 'Mine', kind: 'ovirt', url: engine.url, username: 'admin@internal', password: 'x' }] });
    expect(message).toMatch(/bad\.json: connections\[0\] \("Mine"\): .*added in the dashboard/);
  });

  it('names the file and the entry in every error, and writes nothing', async () => {
    const count = (await listConnections()).length;
    expect(await failure('{ not json')).toMatch(/bad\.json: is not valid JSON/);
    expect(await failure({ backends: [] })).toMatch(/bad\.json: must be an object \{"connections"/);
    const ok = { name: 'Fine', kind: 'ovirt', url: engine.url, username: 'admin@internal', password: 'p' };
    expect(await failure({ connections: [ok, { ...ok, name: 'Typo', pasword: 'x' }] })).toMatch(/connections\[1\] \("Typo"\): .*pasword/);
    expect(await failure({ connections: [{ ...ok, kind: 'vmware' }] })).toMatch(/connections\[0\] \("Fine"\): kind/);
    expect(await failure({ connections: [{ ...ok, url: 'ftp://engine' }] })).toMatch(/connections\[0\] \("Fine"\): url: urlScheme/);
    expect(await failure({ connections: [{ ...ok, password: undefined, passwordEnv: 'NOPE_NOT_SET' }] })).toMatch(
      /connections\[0\] \("Fine"\): passwordEnv: the environment variable NOPE_NOT_SET is not set/,
    );
    expect(await failure({ connections: [{ ...ok, passwordEnv: 'LAB_PASSWORD' }] })).toMatch(/either "password" or "passwordEnv"/);
    expect(await failure({ connections: [{ ...ok, caCertFile: 'certs/missing.pem' }] })).toMatch(/caCertFile: .*missing\.pem cannot be read \(ENOENT\)/);
    expect(await failure({ connections: [ok, { ...ok }] })).toMatch(/connections\[1\] \("Fine"\): the name "Fine" appears more than once/);
    expect((await listConnections()).length).toBe(count);
    const missing = await loadBackendsFile(path.join(dir, 'nope.json'), env).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/BACKENDS_FILE .*nope\.json: cannot be read \(ENOENT\)/);
  });

  it('reads BACKENDS_FILE by default', async () => {
    process.env.BACKENDS_FILE = file;
    try {
      await expect(loadBackendsFile()).rejects.toThrow(/LAB_PASSWORD is not set/); // process.env has no LAB_PASSWORD
    } finally {
      delete process.env.BACKENDS_FILE;
    }
  });
});

describe('registerDemoConnection', () => {
  it('upserts the simulated engine as the demo connection, keeping its id across restarts', async () => {
    const first = await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'old-password' });
    expect(first).toMatchObject({ name: DEMO_CONNECTION_NAME, source: 'demo', simulated: true, enabled: true, hasPassword: true });
    const second = await registerDemoConnection({ url: engine.apiUrl, username: 'admin@internal', password: 'demo-admin' });
    expect(second.id).toBe(first.id);
    const vms = await (await getBackend(second.id)).listVms!({ page: 1, pageSize: 5 });
    expect(vms.items.length).toBeGreaterThan(0);
    expect((await listConnections()).filter((c) => c.name === DEMO_CONNECTION_NAME)).toHaveLength(1);
  });
});

describe('registerDemoCinderConnection', () => {
  it('registers the simulated Keystone + Cinder as a labelled Cinder connection whose volumes can be listed', async () => {
    const cloud = await startCinderFake({ port: 0, timeScale: 0.01, users: [{ name: 'admin', password: 'first', admin: true }] });
    try {
      const first = await registerDemoCinderConnection({ url: `${cloud.url}?project=demo`, username: 'admin', password: 'old-password' });
      expect(first).toMatchObject({ name: DEMO_CINDER_CONNECTION_NAME, kind: 'cinder', source: 'demo', simulated: true, enabled: true });
      // The next start: a new port and password, the same row.
      const second = await registerDemoCinderConnection({ url: `${cloud.url}?project=demo`, username: 'admin', password: 'first' });
      expect(second.id).toBe(first.id);
      const page = await (await getBackend(second.id)).listVolumes!({ page: 1, pageSize: 50 });
      expect(page.items.map((v) => v.name)).toContain('db-data');
    } finally {
      await closeAllBackends();
      await cloud.close();
    }
  });
});
