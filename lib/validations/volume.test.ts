import { describe, expect, it } from 'vitest';
import { VOLUME_ERRORS as E, volumeDeleteSchema, volumeListParamsSchema, volumeListQuery, volumeRetypeSchema } from './volume';

describe('the volume list URL', () => {
  it('turns filters, sort, page size and marker into the list query; junk values are dropped, not refused', () => {
    const params = volumeListParamsSchema.parse({ c: 'cx', q: ' db ', status: 'in-use', boot: 'true', type: 'ceph', sort: 'size', dir: 'desc', n: '10', m: 'abc' });
    expect(volumeListQuery(params)).toEqual({
      page: 1,
      pageSize: 10,
      marker: 'abc',
      text: 'db',
      filters: { status: 'in-use', bootable: 'true', volume_type: 'ceph' },
      sort: { field: 'size', dir: 'desc' },
    });
    const junk = volumeListParamsSchema.parse({ status: 'melting', boot: 'maybe', sort: 'colour', n: '1000' });
    expect(volumeListQuery(junk)).toEqual({ page: 1, pageSize: 20, marker: undefined, text: undefined, filters: undefined, sort: undefined });
  });
});

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
