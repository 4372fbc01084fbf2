/**
 * Affinity groups of a cluster and affinity labels (issue 19 point 4; oVirt), as optional Backend
 * methods declared by module augmentation. The capability `affinity` promises what a VM's page
 * needs (its groups and labels, joining and leaving them); without it the page says why.
 */
import type { AffinityGroup, AffinityLabel, AffinityMemberKind, AffinityRule, QualifiedId } from '@/lib/domain';
import type { CallOptions } from './types';

export interface AffinityGroupInput {
  name: string;
  description?: string;
  vmsRule: AffinityRule;
  hostsRule: AffinityRule;
}

declare module './types' {
  interface Backend {
    /** Groups of one cluster with their VMs and hosts (few per cluster: not paged). */
    listAffinityGroups?(clusterId: QualifiedId, opts?: CallOptions): Promise<AffinityGroup[]>;
    createAffinityGroup?(clusterId: QualifiedId, input: AffinityGroupInput, opts?: CallOptions): Promise<{ id: QualifiedId }>;
    updateAffinityGroup?(clusterId: QualifiedId, groupId: QualifiedId, patch: Partial<AffinityGroupInput>, opts?: CallOptions): Promise<void>;
    removeAffinityGroup?(clusterId: QualifiedId, groupId: QualifiedId, opts?: CallOptions): Promise<void>;
    /** Adds (`member: true`) or removes a VM or host of the group's cluster. */
    setAffinityGroupMember?(clusterId: QualifiedId, groupId: QualifiedId, kind: AffinityMemberKind, memberId: QualifiedId, member: boolean, opts?: CallOptions): Promise<void>;
    listAffinityLabels?(opts?: CallOptions): Promise<AffinityLabel[]>;
    createAffinityLabel?(name: string, opts?: CallOptions): Promise<{ id: QualifiedId }>;
    removeAffinityLabel?(labelId: QualifiedId, opts?: CallOptions): Promise<void>;
    setAffinityLabelMember?(labelId: QualifiedId, kind: AffinityMemberKind, memberId: QualifiedId, member: boolean, opts?: CallOptions): Promise<void>;
    /** Attaches (`member: true`) or detaches a label through the VM's own service. */
    setVmAffinityLabel?(vmId: QualifiedId, labelId: QualifiedId, member: boolean, opts?: CallOptions): Promise<void>;
  }
}

export {};
