import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './setup-env';

/**
 * Snapshots of portal VMs and volumes count against a quota (issue 14, point 14): the quota sets
 * how many snapshots each VM or volume may hold; one more is refused naming the limit and nothing
 * is created, against the demo oVirt engine and the demo Cinder on a real database.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { startCinderFake } = await import('@/fakes/cinder/server');
const { registerDemoCinderConnection, registerDemoConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends, getBackend } = await import('@/lib/services/connections');
const { recordOwnership, recordVolumeOwnership } = await import('@/lib/services/ownership');
const { snapshotMyVm } = await import('@/lib/services/portal');
const { snapshotMyVolume } = await import('@/lib/services/portal-volumes');
const en = (await import('@/messages/en.json')).default;

let engine: Awaited<ReturnType<typeof startOvirtEngine>>;
let cinder: Awaited<ReturnType<typeof startCinderFake>>;
const owner = { id: '', role: 'user' as const };
let vmId = '';
let volumeId = '';

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  owner.id = (await getDb().user.create({ data: { username: 'snap-owner', role: 'user' } })).id;
  engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01 });
  const connection = await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'demo-admin' });
  const vm = (await (await getBackend(connection.id)).listVms!({ page: 1, pageSize: 100 })).items.find((v) => v.status === 'stopped')!;
  vmId = vm.id;
  await recordOwnership({ vmId, vmName: vm.name, ownerId: owner.id, allocation: { vms: 1, vcpus: 1, memoryMiB: 1024, storageGiB: 10 } });
  cinder = await startCinderFake({ port: 0, timeScale: 0.01 });
  const cloud = await registerDemoCinderConnection({ url: `${cinder.url}?project=demo`, username: 'admin', password: 'demo-admin' });
  const volume = (await (await getBackend(cloud.id)).listVolumes!({ page: 1, pageSize: 50, filters: { status: 'available' } })).items[0]!;
  volumeId = volume.id;
  await recordVolumeOwnership({ volumeId, volumeName: volume.name, ownerId: owner.id, sizeGiB: Math.ceil(volume.sizeBytes / 1024 ** 3) });
}, 120_000);

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await cinder?.close();
  await getDb().$disconnect();
});

const countVmSnapshots = async () => (await (await getBackend(vmId.split(':')[0])).listSnapshots!(vmId)).filter((s) => s.snapshotType !== 'active').length;
const countVolumeSnapshots = async () => (await (await getBackend(volumeId.split(':')[0])).listVolumeSnapshots!(volumeId)).length;

async function refusal(work: Promise<unknown>) {
  const err = (await work.then(
    () => null,
    (e: unknown) => e,
  )) as { key?: string; values?: Record<string, unknown> } | null;
  return err && { key: err.key, values: err.values };
}

describe('snapshot quota', () => {
  it('a VM holds at most the snapshots its owner\'s quota allows; one more is refused naming the limit', async () => {
    const before = await countVmSnapshots();
    await getDb().quota.create({ data: { scope: 'default', subjectId: '', maxSnapshots: before + 1 } });
    await snapshotMyVm(owner, vmId, 'within the quota');
    await expect.poll(countVmSnapshots).toBe(before + 1);
    expect(await refusal(snapshotMyVm(owner, vmId, 'one too many'))).toEqual({ key: 'portal.errors.snapshotLimit', values: { limit: before + 1 } });
    expect(await countVmSnapshots()).toBe(before + 1);
    // The words the user reads name the limit.
    expect(en.portal.errors.snapshotLimit).toContain('{limit, plural');
  });

  it('a volume the same, under the owner\'s own quota (which replaces the default)', async () => {
    const before = await countVolumeSnapshots();
    await getDb().quota.create({ data: { scope: 'user', subjectId: owner.id, maxSnapshots: before + 1 } });
    await snapshotMyVolume(owner, volumeId, 'within');
    await expect.poll(countVolumeSnapshots).toBe(before + 1);
    expect(await refusal(snapshotMyVolume(owner, volumeId, 'over'))).toEqual({ key: 'portal.errors.snapshotLimit', values: { limit: before + 1 } });
    expect(await countVolumeSnapshots()).toBe(before + 1);
  });
});
