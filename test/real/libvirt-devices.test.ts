/**
 * A running domain's devices changed through the libvirt adapter against the real daemon and QEMU
 * (scripts/real/libvirt.sh; issue 19): a disk added, grown online and removed with its data, the
 * CD changed live apart from the definition, a NIC hot-plugged, unlinked and removed.
 */
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualifyId, type QualifiedId, type VmStatus } from '@/lib/domain';
import type { Backend } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { realEnv } from './env';

const env = realEnv('libvirt (VM devices)', ['LIBVIRT_QEMU_URI', 'LIBVIRT_POOL', 'LIBVIRT_POOL_DIR'] as const);
const RUN = `vddev${Date.now().toString(36)}`;
const MiB = 1024 ** 2;

describe.skipIf(!env)('a running libvirt VM’s disks, CD-ROM and NICs', () => {
  const run = promisify(execFile);
  const virsh = async (...args: string[]) => (await run('virsh', ['-q', '-c', env!.LIBVIRT_QEMU_URI, ...args], { timeout: 60_000 })).stdout;
  const network = `${RUN}-net`;
  const bridge = `vd${RUN.slice(-8)}`.slice(0, 15);
  const iso = `${RUN}.iso`;
  let b: Backend;
  let poolId: QualifiedId;
  let vmId: QualifiedId;

  async function waitFor(status: VmStatus): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await b.getVm!(vmId)).status !== status) {
      if (Date.now() > deadline) throw new Error(`not ${status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    await fs.writeFile(path.join(env!.LIBVIRT_POOL_DIR, iso), Buffer.alloc(MiB));
    await virsh('pool-refresh', env!.LIBVIRT_POOL);
    const file = path.join(os.tmpdir(), `${network}.xml`);
    await fs.writeFile(
      file,
      `<network><name>${network}</name><forward mode='open'/><bridge name='${bridge}' stp='off'/><dns enable='no'/><ip address='198.51.100.${16 * randomInt(1, 15) + 1}' prefix='28'/></network>`,
    );
    await virsh('net-create', file);
    await fs.rm(file, { force: true });
    b = createBackend({ id: 'kvm-dev', kind: 'libvirt', name: 'CI host', url: env!.LIBVIRT_QEMU_URI });
    poolId = (await b.listStorageDomains!({ page: 1, pageSize: 50 })).items.find((p) => p.name === env!.LIBVIRT_POOL)!.id;
    const isoFile = (await b.listIsoFiles!()).find((f) => f.name === iso);
    expect(isoFile, 'the ISO among the pool’s ISO images').toBeDefined();
    ({ id: vmId } = await b.createVm!({
      name: `${RUN}-vm`,
      clusterId: qualifyId('kvm-dev', 'cluster'),
      memoryBytes: 64 * MiB,
      disks: [{ sizeBytes: 8 * MiB, storageDomainId: poolId, thin: true, interface: 'virtio' }],
      isoFileId: isoFile!.id,
    }));
    await b.vmAction!(vmId, 'start');
    await waitFor('running');
  }, 90_000);

  afterAll(async () => {
    if (vmId) {
      await b.vmAction!(vmId, 'stop').catch(() => undefined);
      await b.removeVm!(vmId, { keepDisks: false }).catch(() => undefined);
    }
    await b?.close();
    await virsh('net-destroy', network).catch(() => undefined);
    await virsh('vol-delete', '--pool', env!.LIBVIRT_POOL, iso).catch(() => undefined);
  }, 60_000);

  it('a disk is added to the running VM, grown online, and removed with its data', async () => {
    const name = `${RUN}-extra.qcow2`;
    // On virtio-scsi: a guest without an OS never acknowledges a virtio-blk unplug (a real guest does).
    await b.addVmDisk!(vmId, { name, sizeBytes: 16 * MiB, storageDomainId: poolId, thin: true, interface: 'virtio_scsi', bootable: false });
    const disk = (await b.getVm!(vmId)).disks!.find((d) => d.name === name);
    expect(disk, 'the new disk among the VM’s disks').toBeDefined();
    const live = await virsh('domblklist', `${RUN}-vm`);
    expect(live).toContain(name);

    await b.updateVmDisk!(vmId, disk!.id, { sizeBytes: 32 * MiB });
    // QEMU's own view of the running disk, and the volume's.
    expect(await virsh('domblkinfo', `${RUN}-vm`, disk!.description!)).toMatch(/Capacity:\s+33554432/);
    expect((await b.getDisk!(disk!.id)).provisionedBytes).toBe(32 * MiB);

    await expect(b.updateVmDisk!(vmId, disk!.id, { interface: 'sata' })).rejects.toThrow(/redefining the VM/);
    await b.detachVmDisk!(vmId, disk!.id, { removeData: true });
    expect((await b.getVm!(vmId)).disks!.some((d) => d.name === name)).toBe(false);
    expect(await virsh('vol-list', env!.LIBVIRT_POOL)).not.toContain(name);
  });

  it('the CD is ejected in the running VM only, its definition keeps the ISO; then inserted again', async () => {
    const before = await b.getVmCdrom!(vmId);
    expect(before.currentIsoFileId).toBeDefined();
    expect(before.persistentIsoFileId).toBe(before.currentIsoFileId);
    await b.setVmCdrom!(vmId, null, { live: true });
    const ejected = await b.getVmCdrom!(vmId);
    expect(ejected.currentIsoFileId).toBeUndefined();
    expect(ejected.persistentIsoFileId).toBe(before.persistentIsoFileId);
    await b.setVmCdrom!(vmId, before.persistentIsoFileId!, { live: true });
    expect((await b.getVmCdrom!(vmId)).currentIsoFileId).toBe(before.persistentIsoFileId);
  });

  it('a NIC is hot-plugged on a network, its link pulled, and removed', async () => {
    const profile = (await b.listVnicProfiles!()).find((p) => p.name === network)!;
    const nic = await b.addVmNic!(vmId, { name: 'nic1', vnicProfileId: profile.id, interface: 'virtio' });
    expect(nic.mac).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    const live = await virsh('domiflist', `${RUN}-vm`);
    expect(live).toContain(nic.mac!);
    expect(live).toContain(network);

    await b.updateVmNic!(vmId, nic.id, { linked: false });
    expect(await virsh('domif-getlink', `${RUN}-vm`, nic.mac!)).toMatch(/down/);
    expect((await b.getVm!(vmId)).nics!.find((n) => n.mac === nic.mac)?.linked).toBe(false);
    await expect(b.addVmNic!(vmId, { name: 'nic2', vnicProfileId: profile.id, interface: 'virtio', mac: nic.mac })).rejects.toThrow(/already used/);

    await b.removeVmNic!(vmId, nic.id);
    // Gone from the definition at once; the running PCI device leaves when the guest acknowledges the
    // unplug, which this OS-less guest never does (a real guest does it at once).
    expect(await virsh('domiflist', '--inactive', `${RUN}-vm`)).not.toContain(nic.mac!);
  });
});
