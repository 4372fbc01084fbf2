/**
 * Boot from volume, all real: an image in Glance (on Ceph), a Cinder volume made from it (a Ceph
 * clone), a libvirt VM defined without disks of its own whose first boot device is that volume,
 * started on QEMU. Rigs: scripts/real/ceph.sh, cinder.sh, glance.sh, libvirt.sh.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBackendError, type Backend, type BackendWith } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import type { QualifiedId } from '@/lib/domain';
import { bootFromVolumeWith } from '@/lib/services/boot-from-volume';
import { detachWith } from '@/lib/services/volume-attachments';
import { realEnv } from './env';
import { keystoneToken, uploadImage } from './glance-client';

const env = realEnv('boot from volume (ceph + cinder rbd + glance + libvirt)', [
  'GLANCE_URL',
  'LIBVIRT_QEMU_URI',
  'KEYSTONE_URL',
  'CINDER_USER',
  'CINDER_PASSWORD',
  'CINDER_PROJECT',
  'CINDER_RBD_TYPE',
  'CEPH_USER_KEY',
  'CEPH_CONF',
  'CINDER_RBD_SECRET_UUID',
] as const);

const run = promisify(execFile);
const RUN = `vdbfv${Date.now().toString(36)}`;
const MIB = 1024 ** 2;
const SLOW = 240_000;

type CinderBackend = BackendWith<'volumes' | 'volumeManagement'>;
const opened: Backend[] = [];
const images: string[] = [];

const virsh = async (...args: string[]) => (await run('virsh', ['-q', '-c', env!.LIBVIRT_QEMU_URI, ...args], { timeout: 60_000 })).stdout;
const nativeOf = (id: QualifiedId) => id.slice(id.indexOf(':') + 1);

const token = () => keystoneToken(env!);

/** An image in Glance, deleted with the suite. */
async function upload(name: string, bytes: Buffer): Promise<string> {
  return uploadImage(env!, name, bytes, (id) => images.push(id));
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!env)('boot from volume (real Glance, Cinder RBD, Ceph, QEMU)', () => {
  let cinder: CinderBackend;
  let kvm: Backend;
  let clusterId: QualifiedId;
  const vms: QualifiedId[] = [];
  const volumes: QualifiedId[] = [];

  beforeAll(async () => {
    cinder = createBackend({ id: 'cinder-bfv', kind: 'cinder', name: 'Cinder RBD', url: `${env!.KEYSTONE_URL}?project=${env!.CINDER_PROJECT}`, username: env!.CINDER_USER, password: env!.CINDER_PASSWORD }) as CinderBackend;
    kvm = createBackend({ id: 'kvm-bfv', kind: 'libvirt', name: 'KVM', url: env!.LIBVIRT_QEMU_URI, cephKey: env!.CEPH_USER_KEY });
    opened.push(cinder, kvm);
    clusterId = (await kvm.listClusters!({ page: 1, pageSize: 1 })).items[0]!.id;
  });

  afterAll(async () => {
    for (const id of vms) {
      await virsh('destroy', nativeOf(id)).catch(() => undefined);
      for (const v of volumes) await detachWith(cinder, kvm, v, id).catch(() => undefined);
      await virsh('undefine', nativeOf(id)).catch(() => undefined);
    }
    for (const id of volumes) await cinder.deleteVolume(id).catch(() => undefined);
    const t = await token();
    for (const id of images) await fetch(`${env!.GLANCE_URL}/v2/images/${id}`, { method: 'DELETE', headers: { 'X-Auth-Token': t } }).catch(() => undefined);
    await Promise.all(opened.map((b) => b.close()));
  }, SLOW);

  it('a new VM boots from a new volume made from a Glance image: a Ceph clone, the first boot device, opened by QEMU', async () => {
    const imageId = await upload(`${RUN}-img`, randomBytes(16 * MIB));
    const made = await bootFromVolumeWith(cinder, kvm, { name: `${RUN}-vm`, clusterId, memoryBytes: 64 * MIB }, { kind: 'image', imageId, sizeGiB: 1, volumeType: env!.CINDER_RBD_TYPE, name: `${RUN}-boot` });
    vms.push(made.vmId);
    volumes.push(made.volumeId);
    const volume = await cinder.getVolume(made.volumeId);
    const { stdout } = await run('rbd', ['info', `volumes/volume-${volume.nativeId}`], { env: { ...process.env, CEPH_CONF: env!.CEPH_CONF }, timeout: 60_000 });
    expect(stdout).toContain(`parent: images/${imageId}@snap`);

    const saved = await virsh('dumpxml', '--inactive', nativeOf(made.vmId));
    // The volume is the VM's only disk and its first boot device.
    expect(saved.match(/<disk /g)).toHaveLength(1);
    expect(saved).toMatch(new RegExp(`<source protocol='rbd' name='volumes/volume-${volume.nativeId}'>[\\s\\S]*<boot order='1'/>`));
    await until('the volume in use', async () => (await cinder.getVolume(made.volumeId)).nativeStatus === 'in-use');

    await kvm.vmAction!(made.vmId, 'start');
    await until('the VM running', async () => (await kvm.getVm!(made.vmId)).status === 'running');
    expect(await virsh('qemu-monitor-command', nativeOf(made.vmId), '--hmp', 'info block')).toContain(`"image": "volume-${volume.nativeId}"`);
  }, SLOW);

  it('an existing volume that is not bootable is refused before any VM is made', async () => {
    const blank = await cinder.createVolume({ name: `${RUN}-blank`, sizeGiB: 1, volumeType: env!.CINDER_RBD_TYPE, source: { kind: 'blank' } });
    volumes.push(blank.id);
    await until('the blank volume available', async () => (await cinder.getVolume(blank.id)).nativeStatus === 'available');
    const error = await bootFromVolumeWith(cinder, kvm, { name: `${RUN}-never`, clusterId, memoryBytes: 64 * MIB }, { kind: 'volume', volumeId: blank.id }).catch((e: unknown) => e);
    expect(isBackendError(error)).toBe(true);
    expect((error as { detail?: string }).detail).toContain('is not marked bootable');
    expect(await virsh('list', '--all', '--name')).not.toContain(`${RUN}-never`);
  }, SLOW);

  it('a failure after the VM was defined (the volume service refuses the attachment) removes the VM and the volume made for it', async () => {
    const imageId = await upload(`${RUN}-img2`, randomBytes(MIB));
    // A connection that cannot reach the Ceph key: no secret, no key stored, so the attach fails after the VM exists.
    await virsh('secret-undefine', env!.CINDER_RBD_SECRET_UUID).catch(() => undefined);
    const keyless = createBackend({ id: 'kvm-bfv', kind: 'libvirt', name: 'KVM (no key)', url: env!.LIBVIRT_QEMU_URI });
    opened.push(keyless);
    const before = (await cinder.listVolumes({ page: 1, pageSize: 500 })).items.filter((v) => v.name === `${RUN}-half`);
    expect(before).toEqual([]);
    const error = await bootFromVolumeWith(cinder, keyless, { name: `${RUN}-half`, clusterId, memoryBytes: 64 * MIB }, { kind: 'image', imageId, sizeGiB: 1, volumeType: env!.CINDER_RBD_TYPE, name: `${RUN}-half` }).catch((e: unknown) => e);
    expect(isBackendError(error)).toBe(true);
    expect(await virsh('list', '--all', '--name')).not.toContain(`${RUN}-half`);
    // Deleted (or being deleted): no volume of that name is left available.
    await until('the half-made volume gone', async () => (await cinder.listVolumes({ page: 1, pageSize: 500 })).items.every((v) => v.name !== `${RUN}-half` || v.nativeStatus === 'deleting'));
  }, SLOW);
});
