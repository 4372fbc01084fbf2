import { describe, expect, it } from 'vitest';
import { catalogItemSchema, launchSchema } from './portal';

const base = { name: 'Debian', source: 'image|kvm:vol-1', clusterId: 'kvm:cluster', storageDomainId: 'kvm:pool-1', minDiskGiB: '10' };

describe('catalog items', () => {
  it('an image item needs the network its VM joins (an image brings no NIC)', () => {
    const refused = catalogItemSchema.safeParse(base);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path[0], i.message])).toEqual([['networkId', 'portalAdmin.errors.networkRequired']]);
    const ok = catalogItemSchema.safeParse({ ...base, networkId: 'kvm:network:default' });
    expect(ok.success && ok.data.networkId).toBe('kvm:network:default');
  });

  it('a template item needs no network (it brings its own NICs)', () => {
    expect(catalogItemSchema.safeParse({ ...base, source: 'template|ovirt:tpl-1', storageDomainId: '' }).success).toBe(true);
  });
});

describe('launch', () => {
  it('takes an optional SSH key id and refuses one that is not an id', () => {
    const input = { catalogItemId: 'item1', flavorId: 'flavor1', name: 'vm-1' };
    expect(launchSchema.parse({ ...input, sshKeyId: '' }).sshKeyId).toBeUndefined();
    expect(launchSchema.parse({ ...input, sshKeyId: 'key_1' }).sshKeyId).toBe('key_1');
    expect(launchSchema.safeParse({ ...input, sshKeyId: '../x' }).success).toBe(false);
  });
});
