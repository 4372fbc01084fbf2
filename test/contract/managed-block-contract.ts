/**
 * Managed Block Storage (oVirt 4.3+, cinderlib) through the oVirt adapter: a domain made from a
 * Cinder driver's options, attached to a data center, a raw disk made on it for a VM and attached;
 * the engine's refusals (no volume_driver, a qcow2/thin disk) in its words with nothing created;
 * and the sensitive driver options never coming back in any answer.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import '@/lib/backends/infra-types';
import { refusal } from './refusal';

export interface ManagedBlockSubject {
  backend: Backend;
  /** Every answer body the engine gave so far (to look for a leaked secret). */
  answers(): unknown[];
  /** An up host whose data center is at 4.3 or later, and that data center. */
  host: string;
  dataCenter: string;
  /** A VM of that data center (running or not). */
  vm: string;
}

const ALL = { page: 1, pageSize: 500 } as const;
const GiB = 1024 ** 3;
const KEYRING = '[client.mbs-contract]\n\tkey = AQBmbsCONTRACTsecretDoNotEchoAAAAAAAAAAA==';

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached, last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function runManagedBlockContract(name: string, subject: () => ManagedBlockSubject): void {
  describe(`managed block storage: ${name}`, () => {
    const byName = async (b: Backend, n: string) => (await b.listStorageDomains!(ALL)).items.find((d) => d.name === n);

    it('refuses a driver option set without volume_driver, in the engine\u2019s words, and creates nothing', async () => {
      const { backend: b, host } = subject();
      const hostId = (await b.listHosts!({ ...ALL, filters: { name: host } })).items.find((h) => h.name === host)!.id;
      const before = (await b.listStorageDomains!(ALL)).total;
      const error = await refusal(
        b.createStorageDomain!({
          name: 'mbs-contract-bad', purpose: 'data', hostId,
          connection: { type: 'managed_block_storage', driverOptions: [{ name: 'rbd_pool', value: 'volumes' }], driverSensitiveOptions: [] },
        }),
      );
      expect(error.detail).toMatch(/volume_driver/);
      expect((await b.listStorageDomains!(ALL)).total).toBe(before);
      expect(await byName(b, 'mbs-contract-bad')).toBeUndefined();
    });

    it('refuses to attach a managed block domain to a data center below 4.3, in the engine’s words', async () => {
      const { backend: b, host } = subject();
      const hostId = (await b.listHosts!({ ...ALL, filters: { name: host } })).items.find((h) => h.name === host)!.id;
      const old = await b.createDataCenter!({ name: 'mbs-contract-dc42', local: false, version: '4.2' });
      const sd = await b.createStorageDomain!({
        name: 'mbs-contract-old', purpose: 'data', hostId,
        connection: { type: 'managed_block_storage', driverOptions: [{ name: 'volume_driver', value: 'cinder.volume.drivers.rbd.RBDDriver' }], driverSensitiveOptions: [] },
      });
      try {
        const error = await refusal(b.attachStorageDomain!(sd.id, old.id));
        expect(error.detail).toMatch(/not supported by the compatibility version/);
        expect((await byName(b, 'mbs-contract-old'))?.status).toBe('unattached');
      } finally {
        await b.removeStorageDomain!(sd.id, { hostId, format: true });
        await b.removeDataCenter!(old.id, { force: false });
      }
    });

    it('creates a Ceph RBD domain, attaches it, makes a raw disk on it for a VM; secrets never come back', async () => {
      const { backend: b, host, dataCenter, vm: vmName, answers } = subject();
      const hostId = (await b.listHosts!({ ...ALL, filters: { name: host } })).items.find((h) => h.name === host)!.id;
      const dc = (await b.listDataCenters!(ALL)).items.find((d) => d.name === dataCenter)!;
      const sd = await b.createStorageDomain!({
        name: 'mbs-contract', purpose: 'data', hostId,
        connection: {
          type: 'managed_block_storage',
          driverOptions: [
            { name: 'volume_driver', value: 'cinder.volume.drivers.rbd.RBDDriver' },
            { name: 'rbd_pool', value: 'volumes' },
            { name: 'rbd_user', value: 'ovirt' },
          ],
          driverSensitiveOptions: [{ name: 'rbd_keyring_conf', value: KEYRING }],
        },
      });
      expect(sd).toMatchObject({ name: 'mbs-contract', kind: 'managed_block', storageType: 'managed_block', nativeKind: 'managed_block_storage', status: 'unattached' });

      await b.attachStorageDomain!(sd.id, dc.id);
      const active = await until(() => byName(b, 'mbs-contract'), (d) => d?.status === 'active', 'domain active');
      expect(active!.dataCenter?.id).toBe(dc.id);

      const vm = (await b.listVms!({ ...ALL, filters: { name: vmName } })).items.find((v) => v.name === vmName)!;
      // The engine's refusal of a thin qcow2 disk there, in its words; no disk left behind.
      const thin = await refusal(b.addVmDisk!(vm.id, { name: 'mbs-contract-thin', sizeBytes: GiB, storageDomainId: sd.id, thin: true, interface: 'virtio_scsi', bootable: false, managedBlock: true }));
      expect(thin.detail).toMatch(/incompatible with the storage domain type/);
      expect((await b.getVm!(vm.id)).disks!.some((d) => d.name === 'mbs-contract-thin')).toBe(false);

      await b.addVmDisk!(vm.id, { name: 'mbs-contract-disk', sizeBytes: 2 * GiB, storageDomainId: sd.id, thin: false, interface: 'virtio_scsi', bootable: false, managedBlock: true });
      const disk = await until(async () => (await b.getVm!(vm.id)).disks!.find((d) => d.name === 'mbs-contract-disk'), (d) => !!d, 'disk attached');
      expect(disk).toMatchObject({ format: 'raw', sparse: false, provisionedBytes: 2 * GiB });
      expect(disk!.storageDomain?.id).toBe(sd.id);

      // Unplugged, then detached: kept as a floating disk on the domain.
      await b.updateVmDisk!(vm.id, disk!.id, { active: false });
      await b.detachVmDisk!(vm.id, disk!.id, { removeData: false });
      expect((await b.getVm!(vm.id)).disks!.some((d) => d.name === 'mbs-contract-disk')).toBe(false);
      expect((await b.getDisk!(disk!.id)).storageDomain?.id).toBe(sd.id);

      const leaked = answers().filter((body) => JSON.stringify(body).includes('AQBmbsCONTRACTsecret'));
      expect(leaked, 'a sensitive driver option came back from the engine').toEqual([]);
      expect(answers().some((body) => JSON.stringify(body).includes('driver_sensitive_options'))).toBe(false);
    });
  });
}
