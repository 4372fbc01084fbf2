import { describe, expect, it } from 'vitest';
import { parseQualifiedId, qualifyId } from './ids';

describe('qualified ids', () => {
  it.each([
    ['a UUID', 'prod', '123e4567-e89b-12d3-a456-426614174000'],
    ['a native id with colons (libvirt URIs)', 'kvm1', 'qemu:///system:web01'],
    ['a numeric id', 'fake', '42'],
  ])('round-trips %s', (_title, connectionId, nativeId) => {
    const qid = qualifyId(connectionId, nativeId);
    expect(qid).toBe(`${connectionId}:${nativeId}`);
    expect(parseQualifiedId(qid)).toEqual({ connectionId, nativeId });
  });

  it('keeps objects of two connections apart even with the same native id', () => {
    expect(qualifyId('a', 'x')).not.toBe(qualifyId('b', 'x'));
  });

  it.each(['', 'noconnection', ':nativeonly', 'conn:'])('rejects %j', (qid) => {
    expect(parseQualifiedId(qid)).toBeUndefined();
  });

  it('refuses connection ids containing a colon', () => {
    expect(() => qualifyId('a:b', 'x')).toThrow(TypeError);
  });
});
