import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

/**
 * Managed block storage through the real server actions (roleAction, zod, services, the oVirt
 * adapter) against the demo engine on a real database: a domain made from the form's option rows
 * is audited by name only, the keyring never reaches the audit log nor the answer; a qcow2 disk
 * on it is refused before the engine is asked; the engine's refusal of options without
 * volume_driver comes back in its words, audited as a failure.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);
const request = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-virtdash-client-ip': '203.0.113.7' }) }));
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  const messages = (await import('@/messages/en.json')).default;
  return { getTranslations: async () => createTranslator({ locale: 'en', messages }) };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { createAuthSession } = await import('@/lib/auth/sessions');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { registerDemoConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends, getBackend } = await import('@/lib/services/connections');
const { createStorageDomainAction } = await import('@/lib/actions/storage');
const { vmDiskAddAction } = await import('@/lib/actions/disks');

const SECRET = 'AQBdbTESTkeyringNEVERshownAAAAAAAAAAAAAA==';
let engine: Awaited<ReturnType<typeof startOvirtEngine>>;
let connectionId = '';
let hostId = '';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  const admin = await getDb().user.create({ data: { username: 'mbs-admin', role: 'admin' } });
  request.sid = (await createAuthSession(admin.id, '203.0.113.1', null)).id;
  engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01 });
  connectionId = (await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'demo-admin' })).id;
  const hosts = (await (await getBackend(connectionId)).listHosts!({ page: 1, pageSize: 100 })).items;
  hostId = hosts.find((h) => h.name === 'host-01')!.id;
}, 120_000);

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await getDb().$disconnect();
});

const rbdRows = (name: string) => ({
  hostId, name, purpose: 'data', storageType: 'managed_block_storage',
  'opt.0.name': 'volume_driver', 'opt.0.value': 'cinder.volume.drivers.rbd.RBDDriver',
  'opt.1.name': 'rbd_pool', 'opt.1.value': 'volumes',
  'opt.2.name': 'rbd_keyring_conf', 'opt.2.value': SECRET, 'opt.2.sensitive': 'on',
});

describe(`managed block storage through the server actions on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  it('creates the domain from the form rows, audited by name; the keyring is in no answer and no audit entry', async () => {
    const state = await createStorageDomainAction(undefined, form(rbdRows('mbs-db')));
    expect(state).toMatchObject({ ok: true });
    expect(JSON.stringify(state)).not.toContain(SECRET);
    const sd = (await (await getBackend(connectionId)).listStorageDomains!({ page: 1, pageSize: 500 })).items.find((d) => d.name === 'mbs-db');
    expect(sd).toMatchObject({ kind: 'managed_block', status: 'unattached' });
    const entry = await getDb().auditEntry.findFirstOrThrow({ where: { action: 'storagedomains.create' }, orderBy: { at: 'desc' } });
    expect(entry).toMatchObject({ result: 'success', targetType: 'storage_domain', targetName: 'mbs-db' });
    const all = await getDb().auditEntry.findMany();
    expect(JSON.stringify(all)).not.toContain(SECRET);
  });

  it('answers options without volume_driver with the engine\u2019s words, audited as a failure, nothing created', async () => {
    const fields: Record<string, string> = { ...rbdRows('mbs-db-bad') };
    fields['opt.0.name'] = 'rbd_user';
    fields['opt.0.value'] = 'ovirt';
    const state = await createStorageDomainAction(undefined, form(fields));
    expect(state.ok).toBe(false);
    expect(`${state.message} ${state.detail ?? ''}`).toContain('must contain volume_driver');
    expect(JSON.stringify(state)).not.toContain(SECRET);
    expect(await getDb().auditEntry.findFirstOrThrow({ where: { action: 'storagedomains.create' }, orderBy: { at: 'desc' } })).toMatchObject({ result: 'failure', targetName: 'mbs-db-bad' });
    const names = (await (await getBackend(connectionId)).listStorageDomains!({ page: 1, pageSize: 500 })).items.map((d) => d.name);
    expect(names).not.toContain('mbs-db-bad');
  });

  it('refuses a qcow2 disk on the seeded ceph-mbs domain before asking the engine; raw goes through', async () => {
    const backend = await getBackend(connectionId);
    const sd = (await backend.listStorageDomains!({ page: 1, pageSize: 500 })).items.find((d) => d.name === 'ceph-mbs')!;
    const vm = (await backend.listVms!({ page: 1, pageSize: 5, filters: { name: 'mq-01' } })).items.find((v) => v.name === 'mq-01')!;
    const disk = { vmId: vm.id, name: 'mq01-mbs', sizeGiB: '1', storageDomainId: sd.id, interface: 'virtio_scsi', bootable: 'false' };
    const refused = await vmDiskAddAction(undefined, form({ ...disk, format: 'qcow2' }));
    expect(refused).toMatchObject({ ok: false, message: 'ceph-mbs is managed block storage: its disks are Cinder volumes, raw and preallocated only.' });
    expect((await backend.getVm!(vm.id)).disks!.some((d) => d.name === 'mq01-mbs')).toBe(false);
    expect(await vmDiskAddAction(undefined, form({ ...disk, format: 'raw' }))).toMatchObject({ ok: true });
    await expect.poll(async () => (await backend.getVm!(vm.id)).disks!.find((d) => d.name === 'mq01-mbs')?.format).toBe('raw');
  });
});
