import { describe, expect, it } from 'vitest';
import { createBackend } from '@/lib/backends/factory';
import { deviceOperationsOf } from './vm-devices';

// Which disk actions a VM's page offers, from what the backend declares (no backend kind above
// lib/backends): managed block storage is the engine's, a libvirt host attaches Cinder volumes.
describe('VM device operations', () => {
  it('an oVirt engine puts new disks on managed block storage; a libvirt host does not (the page says so)', async () => {
    const ovirt = createBackend({ id: 'o', kind: 'ovirt', name: 'engine', url: 'https://engine.invalid/ovirt-engine/api', username: 'admin@internal', password: 'x' });
    const libvirt = createBackend({ id: 'l', kind: 'libvirt', name: 'kvm', url: 'qemu+tcp://127.0.0.1:1/system' });
    try {
      expect(deviceOperationsOf(ovirt)).toMatchObject({ addDisk: true, managedBlockDisks: true });
      expect(deviceOperationsOf(libvirt)).toMatchObject({ addDisk: true, managedBlockDisks: false });
    } finally {
      await Promise.all([ovirt.close(), libvirt.close()]);
    }
  });
});
