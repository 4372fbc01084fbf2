import { describe, expect, it } from 'vitest';
import type { AffinityGroup, AffinityLabel } from '@/lib/domain';
import { vmMemberships } from './vm-affinity-memberships';

const rule = (positive: boolean, enforcing: boolean) => ({ enabled: true, positive, enforcing });
const off = { enabled: false, positive: true, enforcing: false };
const group = (id: string, name: string, vms: string[], hosts: string[] = []): AffinityGroup => ({
  id: `c:${id}`, nativeId: id, connectionId: 'c', name, cluster: { id: 'c:cl' }, vmsRule: rule(false, true), hostsRule: off,
  vms: vms.map((v) => ({ id: `c:${v}`, name: v })), hosts: hosts.map((h) => ({ id: `c:${h}`, name: h })),
});
const label = (id: string, name: string, vms: string[], hosts: string[] = []): AffinityLabel => ({
  id: `c:${id}`, nativeId: id, connectionId: 'c', name, vms: vms.map((v) => ({ id: `c:${v}`, name: v })), hosts: hosts.map((h) => ({ id: `c:${h}`, name: h })),
});

describe("a VM's affinity memberships", () => {
  it('its groups with the other VMs and the hosts, and the groups it could join, by name', () => {
    const m = vmMemberships('c:db1', [group('g2', 'zeta', ['db1', 'db2'], ['h1']), group('g1', 'alpha', ['web']), group('g3', 'beta', ['db1'])], []);
    expect(m.groups.map((g) => g.name)).toEqual(['beta', 'zeta']);
    expect(m.groups[1]).toMatchObject({ id: 'c:g2', vmsRule: rule(false, true), otherVms: [{ id: 'c:db2', name: 'db2' }], hosts: [{ id: 'c:h1', name: 'h1' }] });
    expect(m.groups[0].otherVms).toEqual([]);
    expect(m.joinableGroups).toEqual([{ id: 'c:g1', name: 'alpha' }]);
  });

  it('its labels with the hosts that carry them, and the labels it could take', () => {
    const m = vmMemberships('c:db1', [], [label('l1', 'ssd', ['db1', 'db2'], ['h2']), label('l2', 'gpu', ['web'])]);
    expect(m.labels).toEqual([{ id: 'c:l1', name: 'ssd', hosts: [{ id: 'c:h2', name: 'h2' }], otherVms: [{ id: 'c:db2', name: 'db2' }] }]);
    expect(m.addableLabels).toEqual([{ id: 'c:l2', name: 'gpu' }]);
  });

  it('a VM in nothing: everything offered, nothing shown as its own', () => {
    const m = vmMemberships('c:new', [group('g1', 'apart', ['db1'])], [label('l1', 'ssd', [])]);
    expect(m.groups).toEqual([]);
    expect(m.labels).toEqual([]);
    expect(m.joinableGroups.map((g) => g.name)).toEqual(['apart']);
    expect(m.addableLabels.map((l) => l.name)).toEqual(['ssd']);
  });
});
