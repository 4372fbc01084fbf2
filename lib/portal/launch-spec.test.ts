import { describe, expect, it } from 'vitest';
import { createSpecOf } from '@/lib/services/vm-create';
import { vmCreateSchema } from '@/lib/validations/vm';
import { launchCreateInput } from './launch-spec';

const flavor = { vcpus: 2, memoryMiB: 2048, diskGiB: 20 };
const item = { connectionId: 'kvm', sourceKind: 'volume', sourceId: 'cloud:1f0e9c1c-5b7d-4a55-9d3e-2d1c9c6b7a10', clusterId: 'kvm:cluster', networkId: 'kvm:network:default', volumeType: 'ceph' };

describe('what a portal launch asks for', () => {
  it('on a volume: the wizard\u2019s volume source made from the item\u2019s image on its volume connection, as big as the flavor\u2019s disk, of the item\u2019s type; no disks of its own, one NIC', () => {
    const input = vmCreateSchema.parse(launchCreateInput(item, flavor, 'web1'));
    expect(input).toMatchObject({
      connectionId: 'kvm',
      source: 'volume',
      volumeConnectionId: 'cloud',
      bootImageId: '1f0e9c1c-5b7d-4a55-9d3e-2d1c9c6b7a10',
      bootVolumeGiB: 20,
      bootVolumeType: 'ceph',
      disks: [],
      nics: [{ name: 'nic1', vnicProfileId: 'kvm:network:default', interface: 'virtio' }],
    });
    expect(createSpecOf(input)).toMatchObject({ name: 'web1', cpu: { sockets: 2, cores: 1, threads: 1 }, memoryBytes: 2048 * 1024 ** 2 });
  });

  it('on a volume without a type: the volume service\u2019s default type (none sent)', () => {
    expect(vmCreateSchema.parse(launchCreateInput({ ...item, volumeType: null }, flavor, 'web2')).bootVolumeType).toBeUndefined();
  });

  it('on a volume with an SSH key: cloud-init is asked for, so the create refuses it by name instead of dropping the key', () => {
    expect(vmCreateSchema.parse(launchCreateInput(item, flavor, 'web3', 'ssh-ed25519 AAAA k')).cloudInit).toBe(true);
  });
});
