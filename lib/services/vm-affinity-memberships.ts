import type { AffinityGroup, AffinityLabel, AffinityRule, QualifiedId, Ref } from '@/lib/domain';

/**
 * One VM's part of its cluster's affinity groups and the engine's labels: the groups it is in (with
 * the other member VMs and the hosts), the ones it could join, its labels (with the hosts that carry
 * them) and the ones it could take. Pure: the reads come from lib/services/vm-affinity.ts.
 */

export interface VmAffinityGroup {
  id: QualifiedId;
  name: string;
  description?: string;
  vmsRule: AffinityRule;
  hostsRule: AffinityRule;
  /** The group's other VMs (not this one). */
  otherVms: Ref[];
  hosts: Ref[];
}

export interface VmAffinityLabel {
  id: QualifiedId;
  name: string;
  /** Hosts with this label: where the VM may run. */
  hosts: Ref[];
  /** The label's other VMs. */
  otherVms: Ref[];
}

export interface VmMemberships {
  groups: VmAffinityGroup[];
  joinableGroups: Ref[];
  labels: VmAffinityLabel[];
  addableLabels: Ref[];
}

const byName = <T extends { name?: string }>(a: T, b: T) => (a.name ?? '').localeCompare(b.name ?? '');

export function vmMemberships(vmId: QualifiedId, groups: AffinityGroup[], labels: AffinityLabel[]): VmMemberships {
  const has = (members: Ref[]) => members.some((m) => m.id === vmId);
  const others = (members: Ref[]) => members.filter((m) => m.id !== vmId);
  return {
    groups: groups
      .filter((g) => has(g.vms))
      .map((g) => ({ id: g.id, name: g.name, description: g.description, vmsRule: g.vmsRule, hostsRule: g.hostsRule, otherVms: others(g.vms), hosts: g.hosts }))
      .sort(byName),
    joinableGroups: groups.filter((g) => !has(g.vms)).map((g) => ({ id: g.id, name: g.name })).sort(byName),
    labels: labels
      .filter((l) => has(l.vms))
      .map((l) => ({ id: l.id, name: l.name, hosts: l.hosts, otherVms: others(l.vms) }))
      .sort(byName),
    addableLabels: labels.filter((l) => !has(l.vms)).map((l) => ({ id: l.id, name: l.name })).sort(byName),
  };
}
