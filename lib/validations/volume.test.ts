import { describe, expect, it } from 'vitest';
import { VOLUME_ERRORS as E, volumeDeleteSchema, volumeRetypeSchema } from './volume';

describe('volume forms', () => {
  it('delete needs the name typed exactly', () => {
    const base = { id: 'c1:0b3e', name: 'db-data' };
    expect(volumeDeleteSchema.safeParse({ ...base, confirm: 'db-data' }).success).toBe(true);
    const wrong = volumeDeleteSchema.safeParse({ ...base, confirm: 'db' });
    expect(wrong.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['confirm', E.confirmMismatch]]);
    expect(volumeDeleteSchema.safeParse(base).success).toBe(false);
  });

  it('retype does not migrate unless asked, and knows only Cinder policies', () => {
    expect(volumeRetypeSchema.parse({ id: 'c1:0b3e', newType: 'ceph' }).migrationPolicy).toBe('never');
    expect(volumeRetypeSchema.parse({ id: 'c1:0b3e', newType: 'ceph', migrationPolicy: 'on-demand' }).migrationPolicy).toBe('on-demand');
    expect(volumeRetypeSchema.safeParse({ id: 'c1:0b3e', newType: 'ceph', migrationPolicy: 'always' }).error?.issues[0]?.message).toBe(E.policyInvalid);
  });
});
