import type { Entity, Ref } from './ids';

/** One rule of an affinity group: its members together (positive) or apart, as a must (enforcing) or a wish. */
export interface AffinityRule {
  enabled: boolean;
  positive: boolean;
  enforcing: boolean;
}

/** A cluster's affinity group (oVirt): a rule among its VMs and a rule between its VMs and hosts. */
export interface AffinityGroup extends Entity {
  cluster: Ref;
  description?: string;
  vmsRule: AffinityRule;
  hostsRule: AffinityRule;
  vms: Ref[];
  hosts: Ref[];
}

/** A tag on VMs and hosts: a VM with a label runs only on hosts with it (oVirt affinity labels). */
export interface AffinityLabel extends Entity {
  vms: Ref[];
  hosts: Ref[];
}

export type AffinityMemberKind = 'vm' | 'host';
