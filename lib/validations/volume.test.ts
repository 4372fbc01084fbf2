import { describe, expect, it } from 'vitest';
import { volumeCreateSchema, volumeExtendSchema, volumeListParamsSchema } from './volume';

describe('volume forms', () => {
  const base = { connectionId: 'c1', name: 'data', sizeGiB: '10', source: 'blank' };

  it('accepts a blank volume and coerces the size', () => {
    expect(volumeCreateSchema.parse(base)).toMatchObject({ sizeGiB: 10, source: 'blank' });
  });

  it('asks for the source that was chosen', () => {
    const result = volumeCreateSchema.safeParse({ ...base, source: 'snapshot' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['snapshotId'], message: 'volumes.validation.sourceRequired' });
    expect(volumeCreateSchema.safeParse({ ...base, source: 'snapshot', snapshotId: 'c1:s1' }).success).toBe(true);
  });

  it.each(['0', '-1', '1.5', 'x', '99999'])('refuses the size %s', (size) => {
    expect(volumeCreateSchema.safeParse({ ...base, sizeGiB: size }).success).toBe(false);
  });

  it('extending must grow the volume', () => {
    expect(volumeExtendSchema.safeParse({ id: 'c:v', currentSizeGiB: '10', newSizeGiB: '10' }).success).toBe(false);
    expect(volumeExtendSchema.safeParse({ id: 'c:v', currentSizeGiB: '10', newSizeGiB: '11' }).success).toBe(true);
  });

  it('drops unknown URL values instead of failing the page', () => {
    expect(volumeListParamsSchema.parse({ status: 'nonsense', sort: 'size', dir: 'up', c: 'a:b' })).toEqual({
      c: undefined,
      q: undefined,
      status: undefined,
      sort: 'size',
      dir: undefined,
      m: undefined,
      back: undefined,
    });
  });
});
