import { describe, expect, it } from 'vitest';
import type { Cluster } from '@/lib/domain';
import { clusterGroupId, clusterGroupOf, groupClusters } from './cluster-groups';

const names: Record<string, string> = { ca: 'KVM rack 1', cb: 'KVM rack 2', cc: 'KVM lab', co: 'Engine' };
const named = (id: string) => names[id];
const libvirt = (connectionId: string, name: string, group?: string): Cluster => ({
  id: `${connectionId}:cluster`, nativeId: 'cluster', connectionId, name, group, cpuArchitecture: 'x86_64',
});

describe('clusters across connections', () => {
  it('libvirt hosts named into one cluster are ONE row, where the first was, naming their connections', () => {
    const ovirt: Cluster = { id: 'co:c1', nativeId: 'c1', connectionId: 'co', name: 'rack', cpuType: 'Intel' };
    const rows = groupClusters([libvirt('ca', 'rack', 'rack'), ovirt, libvirt('cb', 'rack', 'rack'), libvirt('cc', 'lab1')], named);
    expect(rows.map((r) => r.id)).toEqual(['cluster-group:rack', 'co:c1', 'cc:cluster']);
    expect(rows[0]).toMatchObject({ name: 'rack', description: 'KVM rack 1, KVM rack 2', cpuArchitecture: 'x86_64', group: 'rack' });
    // An oVirt cluster of the same name is another cluster, as is a libvirt host without cluster=.
    expect(rows[1]).toMatchObject({ id: 'co:c1', name: 'rack', cpuType: 'Intel' });
    expect(rows[2]).not.toHaveProperty('group', expect.anything());
  });

  it('a group id names its group and no connection; ordinary ids name none', () => {
    expect(clusterGroupOf(clusterGroupId('rack:a/b'))).toBe('rack:a/b');
    expect(clusterGroupOf('ca:cluster')).toBeUndefined();
    expect(clusterGroupOf('not-an-id')).toBeUndefined();
  });
});
