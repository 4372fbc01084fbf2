import { describe, expect, it } from 'vitest';
import { bytesOfGiB, diskCreateSchema, diskRemoveSchema, diskResizeSchema } from './disk';

describe('disk forms', () => {
  const domain = 'c1:2b9a7c3e-0000-4000-8000-000000000001';

  it('a new disk needs a valid name, a size from 1 MiB and a known format', () => {
    expect(diskCreateSchema.parse({ storageDomainId: domain, name: 'data-1.qcow2', sizeGiB: '0.5', format: 'qcow2' })).toMatchObject({ sizeGiB: 0.5 });
    const bad = diskCreateSchema.safeParse({ storageDomainId: 'no-colon', name: '../etc', sizeGiB: '0', format: 'vmdk' });
    expect(bad.success).toBe(false);
    const fields = Object.fromEntries(bad.error!.issues.map((i) => [i.path[0], i.message]));
    expect(fields).toEqual({
      storageDomainId: 'diskActions.errors.domainRequired',
      name: 'diskActions.errors.nameInvalid',
      sizeGiB: 'diskActions.errors.sizeTooSmall',
      format: 'diskActions.errors.formatInvalid',
    });
    expect(diskResizeSchema.safeParse({ diskId: `${domain}x`, sizeGiB: '70000' }).error?.issues[0]?.message).toBe('diskActions.errors.sizeTooLarge');
  });

  it('sizes go to the backend in whole MiB', () => {
    expect(bytesOfGiB(1)).toBe(1024 ** 3);
    expect(bytesOfGiB(0.5)).toBe(512 * 1024 ** 2);
    expect(bytesOfGiB(0.0012)).toBe(1024 ** 2);
  });

  it('deleting needs the disk’s name typed exactly', () => {
    const base = { diskId: 'c1:/pool/a.qcow2', name: 'a.qcow2' };
    expect(diskRemoveSchema.safeParse({ ...base, confirm: 'a.qcow2' }).success).toBe(true);
    expect(diskRemoveSchema.safeParse({ ...base, confirm: 'a' }).error?.issues[0]).toMatchObject({ path: ['confirm'], message: 'diskActions.errors.confirmMismatch' });
  });
});
