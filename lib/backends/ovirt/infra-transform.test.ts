import { describe, expect, it } from 'vitest';
import { StorageDomainInputTransform } from './infra-transform';

describe('StorageDomainInputTransform: managed block storage', () => {
  const input = {
    name: 'ceph',
    purpose: 'data' as const,
    hostId: 'c1:h1',
    connection: {
      type: 'managed_block_storage' as const,
      driverOptions: [
        { name: 'volume_driver', value: 'cinder.volume.drivers.rbd.RBDDriver' },
        { name: 'rbd_pool', value: 'volumes' },
      ],
      driverSensitiveOptions: [{ name: 'rbd_keyring_conf', value: 'secret' }],
    },
  };

  it('is a managed_block_storage domain whose storage carries driver_options and driver_sensitive_options as properties', () => {
    expect(StorageDomainInputTransform.toApi(input, 'h1')).toEqual({
      name: 'ceph',
      type: 'managed_block_storage',
      host: { id: 'h1' },
      storage: {
        type: 'managed_block_storage',
        driver_options: { property: [{ name: 'volume_driver', value: 'cinder.volume.drivers.rbd.RBDDriver' }, { name: 'rbd_pool', value: 'volumes' }] },
        driver_sensitive_options: { property: [{ name: 'rbd_keyring_conf', value: 'secret' }] },
      },
    });
  });

  it('sends no storage_format (cinderlib keeps no metadata volume) and no empty sensitive list', () => {
    const body = StorageDomainInputTransform.toApi({ ...input, connection: { ...input.connection, driverSensitiveOptions: [] } }, 'h1');
    expect(body).not.toHaveProperty('storage_format');
    expect(body.storage).not.toHaveProperty('driver_sensitive_options');
  });

  it('leaves other domains as they were: purpose as type, storage_format v5', () => {
    const body = StorageDomainInputTransform.toApi({ name: 'n', purpose: 'data', hostId: 'c1:h1', connection: { type: 'nfs', address: 'a', path: '/p' } }, 'h1');
    expect(body).toMatchObject({ type: 'data', storage_format: 'v5', storage: { type: 'nfs' } });
  });
});
