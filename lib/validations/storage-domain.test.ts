import { describe, expect, it } from 'vitest';
import { storageDomainCreateSchema } from './storage-domain';

const base = { hostId: 'conn:host-1', name: 'ceph', purpose: 'data', storageType: 'managed_block_storage' };

describe('storageDomainCreateSchema: managed block storage', () => {
  it('gathers the opt.<n>.* rows in order, drops empty rows and reads the sensitive flag', () => {
    const parsed = storageDomainCreateSchema.parse({
      ...base,
      'opt.1.name': 'rbd_pool', 'opt.1.value': 'volumes',
      'opt.0.name': 'volume_driver', 'opt.0.value': 'cinder.volume.drivers.rbd.RBDDriver',
      'opt.2.name': '', 'opt.2.value': '',
      'opt.3.name': 'rbd_keyring_conf', 'opt.3.value': 'k', 'opt.3.sensitive': 'on',
    });
    expect(parsed.driverOptions).toEqual([
      { name: 'volume_driver', value: 'cinder.volume.drivers.rbd.RBDDriver', sensitive: false },
      { name: 'rbd_pool', value: 'volumes', sensitive: false },
      { name: 'rbd_keyring_conf', value: 'k', sensitive: true },
    ]);
  });

  it('refuses no options, a bad option name and a repeated one', () => {
    const issues = (input: Record<string, unknown>) => storageDomainCreateSchema.safeParse({ ...base, ...input }).error?.issues.map((i) => i.message) ?? [];
    expect(issues({})).toContain('storageActions.errors.optionsRequired');
    expect(issues({ 'opt.0.name': '1bad name', 'opt.0.value': 'x' })).toContain('storageActions.errors.optionNameInvalid');
    expect(issues({ 'opt.0.name': 'rbd_pool', 'opt.0.value': 'a', 'opt.1.name': 'rbd_pool', 'opt.1.value': 'b' })).toContain('storageActions.errors.optionRepeated');
  });

  it('leaves volume_driver to the engine (its words say what the driver needs)', () => {
    expect(storageDomainCreateSchema.safeParse({ ...base, 'opt.0.name': 'rbd_pool', 'opt.0.value': 'volumes' }).success).toBe(true);
  });

  it('is a data-center domain only: not for ISO or export', () => {
    const r = storageDomainCreateSchema.safeParse({ ...base, purpose: 'iso', 'opt.0.name': 'volume_driver', 'opt.0.value': 'x' });
    expect(r.error?.issues.map((i) => i.message)).toContain('storageActions.errors.fileOnly');
  });

  it('sends secret-looking options (passwords, keyrings, keys) as sensitive even when not ticked', () => {
    const parsed = storageDomainCreateSchema.parse({
      ...base,
      'opt.0.name': 'volume_driver', 'opt.0.value': 'x',
      'opt.1.name': 'san_password', 'opt.1.value': 'p',
      'opt.2.name': 'rbd_keyring_conf', 'opt.2.value': 'k',
      'opt.3.name': 'rbd_user', 'opt.3.value': 'u',
    });
    expect(parsed.driverOptions.map((o) => [o.name, o.sensitive])).toEqual([
      ['volume_driver', false], ['san_password', true], ['rbd_keyring_conf', true], ['rbd_user', false],
    ]);
  });
});
