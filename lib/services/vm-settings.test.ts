import { describe, expect, it } from 'vitest';
import { hasCapability } from '@/lib/backends/capabilities';
import { createBackend } from '@/lib/backends/factory';
import { leaseDomainsFor } from './vm-settings';

const dc = (id: string) => ({ id });
const sd = (id: string, name: string, dataCenter: string | undefined, kind: 'data' | 'iso' | 'managed_block' = 'data', status: 'active' | 'maintenance' = 'active') =>
  ({ id, name, kind, status, dataCenter: dataCenter ? dc(dataCenter) : undefined }) as const;

describe('where a VM lease may live', () => {
  const clusters = [{ id: 'c:prod', dataCenter: dc('c:dc1') }, { id: 'c:lab', dataCenter: dc('c:dc2') }, { id: 'c:lost' }];
  const domains = [
    sd('c:nfs', 'nfs-data', 'c:dc1'), sd('c:fc', 'fc-data', 'c:dc1'), sd('c:local', 'lab-local', 'c:dc2'),
    sd('c:iso', 'iso', 'c:dc1', 'iso'), sd('c:mbs', 'ceph-mbs', 'c:dc1', 'managed_block'), sd('c:posix', 'posix-data', 'c:dc1', 'data', 'maintenance'), sd('c:spare', 'nfs-spare', undefined),
  ];

  it("only the active data domains of the VM's data center, by name", () => {
    expect(leaseDomainsFor('c:prod', clusters, domains)).toEqual([{ id: 'c:fc', name: 'fc-data' }, { id: 'c:nfs', name: 'nfs-data' }]);
    expect(leaseDomainsFor('c:lab', clusters, domains)).toEqual([{ id: 'c:local', name: 'lab-local' }]);
  });

  it('none when the data center is not known', () => {
    expect(leaseDomainsFor('c:lost', clusters, domains)).toEqual([]);
    expect(leaseDomainsFor(undefined, clusters, domains)).toEqual([]);
  });
});

// What the VM page shows or hides with the reason follows what each adapter declares, not its kind.
describe('affinity and the lease, as each backend declares them', () => {
  it('an oVirt engine has affinity and sets the lease at once; a libvirt host has neither, with the reason', async () => {
    const ovirt = createBackend({ id: 'o', kind: 'ovirt', name: 'engine', url: 'https://engine.invalid/ovirt-engine/api', username: 'admin@internal', password: 'x' });
    const libvirt = createBackend({ id: 'l', kind: 'libvirt', name: 'kvm', url: 'qemu+tcp://127.0.0.1:1/system' });
    try {
      expect(hasCapability(ovirt, 'affinity')).toBe(true);
      expect(ovirt.vmSettingsFeatures?.applies.lease).toBe('live');
      expect(hasCapability(libvirt, 'affinity')).toBe(false);
      expect(libvirt.vmSettingsFeatures?.applies.lease).toBeUndefined();
      expect(libvirt.vmSettingsFeatures?.unsupported.lease).toBe('noLease');
    } finally {
      await Promise.all([ovirt.close(), libvirt.close()]);
    }
  });
});
