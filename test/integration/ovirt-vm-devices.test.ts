/**
 * The oVirt adapter's VM device methods (issue 19) against the demo engine over HTTP: a disk added
 * to a running VM, grown, deactivated and removed with its data; the CD changed in the running VM
 * apart from its definition; a NIC added on a profile, unlinked, unplugged and removed; and the
 * engine's refusals reaching the caller as conflicts with its words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import { demoAdapterForFile, vmNamed } from '@/test/contract/ovirt-demo';
import { conflictWords } from '@/test/contract/refusal';

const adapter = demoAdapterForFile();
let backend: Backend;
const GiB = 1024 ** 3;
beforeAll(() => {
  backend = adapter();
});

describe('oVirt VM devices through the adapter', () => {
  it('a disk: added to a running VM, grown, refused a detach while active, removed with its data', async () => {
    const vm = await vmNamed(backend, 'web-02');
    const cluster = await backend.getCluster!(vm.cluster!.id);
    const domains = (await backend.listStorageDomains!({ page: 1, pageSize: 50 })).items;
    const data = domains.find((d) => d.kind === 'data' && d.status === 'active' && d.dataCenter?.id === cluster.dataCenter?.id)!;
    await backend.addVmDisk!(vm.id, { name: 'web02-extra', sizeBytes: GiB, storageDomainId: data.id, thin: true, interface: 'virtio_scsi', bootable: false });
    let disk = (await backend.getVm!(vm.id)).disks!.find((d) => d.name === 'web02-extra')!;
    expect(disk).toMatchObject({ provisionedBytes: GiB, interface: 'virtio_scsi', bootable: false });
    const deadline = Date.now() + 10_000;
    while ((await backend.getDisk!(disk.id)).status !== 'ok' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    await backend.updateVmDisk!(vm.id, disk.id, { sizeBytes: 2 * GiB });
    expect((await backend.getDisk!(disk.id)).provisionedBytes).toBe(2 * GiB);
    expect(await conflictWords(backend.updateVmDisk!(vm.id, disk.id, { interface: 'sata' }))).toContain('running VM cannot be changed');
    expect(await conflictWords(backend.detachVmDisk!(vm.id, disk.id, { removeData: true }))).toContain('deactivate it first');

    await backend.updateVmDisk!(vm.id, disk.id, { active: false });
    disk = (await backend.getVm!(vm.id)).disks!.find((d) => d.name === 'web02-extra')!;
    expect(disk.active).toBe(false);
    await backend.detachVmDisk!(vm.id, disk.id, { removeData: true });
    expect((await backend.getVm!(vm.id)).disks!.some((d) => d.name === 'web02-extra')).toBe(false);
    await expect(backend.getDisk!(disk.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the CD: live only, then the definition; a live change on a stopped VM is refused', async () => {
    const vm = await vmNamed(backend, 'web-02');
    const iso = (await backend.listIsoFiles!()).find((f) => f.id === 'debian-12.5.0-amd64-netinst.iso')!;
    await backend.setVmCdrom!(vm.id, iso.id, { live: true });
    expect(await backend.getVmCdrom!(vm.id)).toEqual({ currentIsoFileId: iso.id, persistentIsoFileId: undefined });
    await backend.setVmCdrom!(vm.id, iso.id, { live: false });
    await backend.setVmCdrom!(vm.id, null, { live: true });
    expect(await backend.getVmCdrom!(vm.id)).toEqual({ currentIsoFileId: undefined, persistentIsoFileId: iso.id });
    await backend.setVmCdrom!(vm.id, null, { live: false });

    const stopped = await vmNamed(backend, 'test-03');
    expect(await conflictWords(backend.setVmCdrom!(stopped.id, iso.id, { live: true }))).toContain('VM is not running');
  });

  it('a NIC: added on a profile with a MAC, unlinked, unplugged, removed; a MAC in use refused', async () => {
    const vm = await vmNamed(backend, 'web-02');
    const dcId = (await backend.getCluster!(vm.cluster!.id)).dataCenter?.id;
    const profile = (await backend.listVnicProfiles!()).find((p) => p.name === 'ovirtmgmt' && p.dataCenter?.id === dcId)!;
    expect(profile, 'the management profile of the VM’s data center').toBeDefined();
    const nic = await backend.addVmNic!(vm.id, { name: 'nic-it', vnicProfileId: profile.id, interface: 'e1000', mac: '56:6f:00:00:09:01' });
    expect(nic).toMatchObject({ name: 'nic-it', mac: '56:6f:00:00:09:01', interface: 'e1000', linked: true, plugged: true });
    expect(await conflictWords(backend.addVmNic!(vm.id, { name: 'nic-it2', interface: 'virtio', mac: '56:6f:00:00:09:01' }))).toContain('MAC Address is already in use');

    await backend.updateVmNic!(vm.id, nic.id, { linked: false });
    expect(await conflictWords(backend.removeVmNic!(vm.id, nic.id))).toContain('unplug it first');
    await backend.updateVmNic!(vm.id, nic.id, { plugged: false });
    const after = (await backend.getVm!(vm.id)).nics!.find((n) => n.id === nic.id)!;
    expect(after).toMatchObject({ linked: false, plugged: false });
    await backend.removeVmNic!(vm.id, nic.id);
    expect((await backend.getVm!(vm.id)).nics!.some((n) => n.id === nic.id)).toBe(false);
  });
});
