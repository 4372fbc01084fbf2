import { describe, expect, it } from 'vitest';
import type { Volume } from '@/lib/domain';
import { splitForVm } from './volume-attachments';

const GIB = 1024 ** 3;
const vol = (name: string, status: Volume['status'], attachments: Volume['attachments'] = []) => ({
  id: `c1:${name}`,
  name,
  sizeBytes: GIB,
  status,
  attachments,
  connectionName: 'Cloud',
});

describe("one VM's volumes", () => {
  it('lists the volumes attached to the VM with their device, and only free available volumes to attach', () => {
    const split = splitForVm('vm-uuid', [
      vol('zeta', 'in_use', [{ attachmentId: 'a1', serverId: 'vm-uuid', device: '/dev/sdb' }]),
      vol('elsewhere', 'in_use', [{ attachmentId: 'a2', serverId: 'other-uuid', device: '/dev/sdb' }]),
      vol('beta', 'available'),
      vol('alpha', 'available'),
      vol('creating', 'creating'),
      vol('broken', 'error'),
    ]);
    expect(split.attached).toEqual([{ id: 'c1:zeta', name: 'zeta', sizeBytes: GIB, connectionName: 'Cloud', device: '/dev/sdb' }]);
    expect(split.available.map((v) => v.name)).toEqual(['alpha', 'beta']);
  });

  it('a volume still attaching to this VM (reserved, not yet in use) shows as attached, so it can be let go', () => {
    const split = splitForVm('vm-uuid', [vol('half', 'busy', [{ attachmentId: 'a3', serverId: 'vm-uuid' }])]);
    expect(split.attached.map((v) => v.name)).toEqual(['half']);
    expect(split.available).toEqual([]);
  });
});
