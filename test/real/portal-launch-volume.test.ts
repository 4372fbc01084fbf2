/**
 * The portal's "launch on a volume", all real below the services: an admin publishes a Glance
 * image (on Ceph) as a catalog item launched on a volume; a portal user launches it and gets a
 * libvirt VM whose only disk is a new Cinder volume cloned in Ceph from the image, owned by them,
 * in My VMs and My volumes, counted once against their storage quota. Deleting the VM keeps the
 * volume (detached, available, still theirs); a launch that fails half-way leaves nothing.
 * Rigs: scripts/real/ceph.sh, cinder.sh, glance.sh, libvirt.sh; the database is a fresh one.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogItemSchema } from '@/lib/validations/portal';
import { freshDatabase } from '@/test/db/setup-env';
import { realEnv } from './env';
import { keystoneToken, uploadImage } from './glance-client';

const env = realEnv('portal launch on a volume (ceph + cinder rbd + glance + libvirt)', [
  'GLANCE_URL',
  'LIBVIRT_QEMU_URI',
  'KEYSTONE_URL',
  'CINDER_USER',
  'CINDER_PASSWORD',
  'CINDER_PROJECT',
  'CINDER_RBD_TYPE',
  'CEPH_USER_KEY',
  'CEPH_CONF',
] as const);

vi.mock('@/lib/auth/auth', () => ({ auth: async () => null }));

const run = promisify(execFile);
const RUN = `vdplv${Date.now().toString(36)}`;
const MIB = 1024 ** 2;
const SLOW = 240_000;
const virsh = async (...args: string[]) => (await run('virsh', ['-q', '-c', env!.LIBVIRT_QEMU_URI, ...args], { timeout: 60_000 })).stdout;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!env)('portal: launch on a volume (real Glance, Cinder RBD, Ceph, QEMU)', () => {
  const network = `${RUN}-net`;
  const images: string[] = [];
  let services: {
    db: Awaited<typeof import('@/lib/db/prisma')>['getDb'];
    portal: typeof import('@/lib/services/portal');
    portalVolumes: typeof import('@/lib/services/portal-volumes');
    catalog: typeof import('@/lib/services/portal-catalog');
    ownership: typeof import('@/lib/services/ownership');
    connections: typeof import('@/lib/services/connections');
    ActionRefusal: typeof import('@/lib/services/refusal').ActionRefusal;
  };
  let cinderId = '';
  let kvmId = '';
  let userId = '';
  let flavorId = '';
  let itemId = '';
  let imageId = '';

  beforeAll(async () => {
    await freshDatabase();
    process.env.SECRET_KEY ??= 'c'.repeat(64);
    const { databaseTarget } = await import('@/lib/db/target');
    const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    services = {
      db: (await import('@/lib/db/prisma')).getDb,
      portal: await import('@/lib/services/portal'),
      portalVolumes: await import('@/lib/services/portal-volumes'),
      catalog: await import('@/lib/services/portal-catalog'),
      ownership: await import('@/lib/services/ownership'),
      connections: await import('@/lib/services/connections'),
      ActionRefusal: (await import('@/lib/services/refusal')).ActionRefusal,
    };
    // An isolated bridge without DHCP/DNS for the VM's one NIC (transient: gone when destroyed).
    const file = path.join(os.tmpdir(), `${network}.xml`);
    await fs.writeFile(file, `<network><name>${network}</name><forward mode='open'/><bridge name='vd${RUN.slice(-10)}' stp='off'/><dns enable='no'/><ip address='198.51.100.241' prefix='28'/></network>`);
    await virsh('net-create', file);
    await fs.rm(file, { force: true });

    const { connections } = services;
    cinderId = (await connections.createConnection({ kind: 'cinder', name: 'Cloud', url: `${env!.KEYSTONE_URL}?project=${env!.CINDER_PROJECT}`, username: env!.CINDER_USER, password: env!.CINDER_PASSWORD, enabled: 'on' })).id;
    kvmId = (await connections.createConnection({ kind: 'libvirt', name: 'KVM', url: env!.LIBVIRT_QEMU_URI, cephKey: env!.CEPH_USER_KEY, enabled: 'on' })).id;
    userId = (await services.db().user.create({ data: { username: 'alice', role: 'user' } })).id;
    flavorId = (await services.db().flavor.create({ data: { name: 'tiny', vcpus: 1, memoryMiB: 256, diskGiB: 1 } })).id;
    imageId = await uploadImage(env!, `${RUN}-img`, randomBytes(8 * MIB), (id) => images.push(id));
  }, SLOW);

  afterAll(async () => {
    if (!services) return;
    const names = (await virsh('list', '--all', '--name').catch(() => '')).split('\n').filter((n) => n.startsWith(RUN));
    for (const n of names) {
      await virsh('destroy', n).catch(() => undefined);
      await virsh('undefine', n).catch(() => undefined);
    }
    await virsh('net-destroy', network).catch(() => undefined);
    const cinder = await services.connections.getBackend(cinderId).catch(() => undefined);
    for (const v of (await cinder?.listVolumes?.({ page: 1, pageSize: 500 }))?.items ?? []) {
      if (v.name.startsWith(RUN)) await cinder!.deleteVolume!(v.id).catch(() => undefined);
    }
    const t = await keystoneToken(env!);
    for (const id of images) await fetch(`${env!.GLANCE_URL}/v2/images/${id}`, { method: 'DELETE', headers: { 'X-Auth-Token': t } }).catch(() => undefined);
    await services.connections.closeAllBackends();
    await services.db().$disconnect();
  }, SLOW);

  it('an admin publishes the image as "launch on a volume": offered among the sources, refused on a bad volume type', async () => {
    const sources = await services.catalog.catalogSources();
    const kvm = sources.connections.find((c) => c.connectionId === kvmId)!;
    expect(kvm.bootChoices?.images.map((i) => i.id)).toContain(imageId);
    expect(sources.volumeTypes.find((v) => v.connectionId === cinderId)?.types.map((t) => t.name)).toContain(env!.CINDER_RBD_TYPE);
    const profile = kvm.vnicProfiles.find((p) => p.name === network)!;
    // What the admin form sends, through its schema.
    const input = {
      name: `${RUN}-debian`,
      source: `volume|${cinderId}:${imageId}`,
      clusterId: kvm.clusters[0]!.id,
      networkId: profile.id,
      volumeType: env!.CINDER_RBD_TYPE,
      minDiskGiB: '1',
    };
    const badType = await services.catalog.createCatalogItem(catalogItemSchema.parse({ ...input, volumeType: `${RUN}-no-such-type` })).catch((e: unknown) => e);
    expect(badType).toBeInstanceOf(services.ActionRefusal);
    expect((badType as { key: string }).key).toBe('portalAdmin.errors.volumeTypeGone');
    const item = await services.catalog.createCatalogItem(catalogItemSchema.parse(input));
    expect(item).toMatchObject({ sourceKind: 'volume', connectionId: kvmId, volumeType: env!.CINDER_RBD_TYPE });
    itemId = item.id;
  }, SLOW);

  it('a user launches it: a VM booting from a Ceph clone of the image, both theirs, the disk counted once; deleting the VM keeps the volume', async () => {
    const { portal, portalVolumes, ownership } = services;
    const user = { id: userId, role: 'user' as const };
    const launched = await portal.launchVm(user, { catalogItemId: itemId, flavorId, name: `${RUN}-vm`, groupId: undefined, sshKeyId: undefined });
    expect(launched.volumeId).toBeDefined();

    const cinder = await services.connections.getBackend(cinderId);
    const volume = await cinder.getVolume!(launched.volumeId!);
    expect(volume).toMatchObject({ name: `${RUN}-vm-boot`, sizeBytes: 1024 ** 3 });
    const { stdout } = await run('rbd', ['info', `volumes/volume-${volume.nativeId}`], { env: { ...process.env, CEPH_CONF: env!.CEPH_CONF }, timeout: 60_000 });
    expect(stdout).toContain(`parent: images/${imageId}@snap`);
    const saved = await virsh('dumpxml', '--inactive', `${RUN}-vm`);
    expect(saved.match(/<disk /g)).toHaveLength(1);
    expect(saved).toMatch(new RegExp(`<source protocol='rbd' name='volumes/volume-${volume.nativeId}'>[\\s\\S]*<boot order='1'/>`));
    expect(saved).toContain(`<source network='${network}'`);

    // Theirs: in My VMs and My volumes; the flavor's 1 GiB counts once (as the volume).
    expect((await portal.listMyVms(user, 1)).items.map((r) => r.id)).toEqual([launched.vmId]);
    const mine = await portalVolumes.listMyVolumes(user);
    expect(mine.map((r) => [r.id, r.volume?.status])).toEqual([[launched.volumeId, 'in_use']]);
    expect((await ownership.userQuotaScope(userId)).used).toEqual({ vms: 1, vcpus: 1, memoryMiB: 256, storageGiB: 1 });

    // It starts on QEMU from the volume.
    await portal.powerMyVm(user, launched.vmId, 'start');
    await until('the VM running', async () => (await virsh('domstate', `${RUN}-vm`)).trim() === 'running');
    expect(await virsh('qemu-monitor-command', `${RUN}-vm`, '--hmp', 'info block')).toContain(`"image": "volume-${volume.nativeId}"`);

    // Deleting the VM detaches the volume and keeps it: available, still in My volumes, still counted.
    await portal.powerMyVm(user, launched.vmId, 'stop');
    await until('the VM stopped', async () => (await virsh('domstate', `${RUN}-vm`)).trim() === 'shut off');
    await portal.deleteMyVm(user, launched.vmId, `${RUN}-vm`);
    expect(await virsh('list', '--all', '--name')).not.toContain(`${RUN}-vm\n`);
    await until('the volume available', async () => (await cinder.getVolume!(launched.volumeId!)).nativeStatus === 'available');
    expect((await portalVolumes.listMyVolumes(user)).map((r) => r.id)).toEqual([launched.volumeId]);
    expect((await ownership.userQuotaScope(userId)).used).toEqual({ vms: 0, vcpus: 0, memoryMiB: 0, storageGiB: 1 });
  }, SLOW);

  it('over the storage quota: refused naming the limit before any volume is made', async () => {
    await services.db().quota.create({ data: { scope: 'user', subjectId: userId, maxStorageGiB: 1 } });
    try {
      const error = await services.portal.launchVm({ id: userId }, { catalogItemId: itemId, flavorId, name: `${RUN}-over`, groupId: undefined, sshKeyId: undefined }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(services.ActionRefusal);
      expect((error as { values: Record<string, unknown> }).values).toMatchObject({ limit: 1 });
      const cinder = await services.connections.getBackend(cinderId);
      expect((await cinder.listVolumes!({ page: 1, pageSize: 500 })).items.map((v) => v.name)).not.toContain(`${RUN}-over-boot`);
    } finally {
      await services.db().quota.deleteMany({ where: { scope: 'user', subjectId: userId } });
    }
  }, SLOW);

  it('a launch that fails after its volume was made (the host already has a VM of that name) leaves no volume, no VM and no record', async () => {
    const name = `${RUN}-taken`;
    const file = path.join(os.tmpdir(), `${name}.xml`);
    await fs.writeFile(file, `<domain type='qemu'><name>${name}</name><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>`);
    await virsh('define', file);
    await fs.rm(file, { force: true });
    const error = await services.portal.launchVm({ id: userId }, { catalogItemId: itemId, flavorId, name, groupId: undefined, sshKeyId: undefined }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('already exists');
    const cinder = await services.connections.getBackend(cinderId);
    await until('the half-made volume gone', async () => (await cinder.listVolumes!({ page: 1, pageSize: 500 })).items.every((v) => v.name !== `${name}-boot` || v.nativeStatus === 'deleting'));
    expect(await services.db().vmOwnership.count({ where: { vmName: name } })).toBe(0);
    expect(await services.db().volumeOwnership.count({ where: { volumeName: `${name}-boot` } })).toBe(0);
    expect((await services.ownership.userQuotaScope(userId)).used).toEqual({ vms: 0, vcpus: 0, memoryMiB: 0, storageGiB: 1 });
  }, SLOW);
});
