'use server';

import { roleAction } from '@/lib/actions/action';
import * as affinity from '@/lib/services/affinity';
import { setVmAffinityGroup, setVmAffinityLabel } from '@/lib/services/vm-affinity';
import {
  affinityGroupCreateSchema, affinityGroupMemberSchema, affinityGroupRemoveSchema, affinityGroupUpdateSchema,
  affinityLabelCreateSchema, affinityLabelMemberSchema, affinityLabelRemoveSchema, ruleOf, vmAffinityGroupSchema, vmAffinityLabelSchema,
} from '@/lib/validations/affinity';

/**
 * Affinity groups of a cluster and affinity labels (issue 19 point 4): create, edit the rules,
 * remove, add and remove VMs and hosts. Admins only, audited; the engine's refusals come back in
 * its words and nothing changes.
 */

export const affinityGroupCreateAction = roleAction(
  { role: 'admin', schema: affinityGroupCreateSchema, audit: 'affinity.group.create', target: (i) => ({ type: 'cluster', id: i.clusterId, name: `group ${i.name} (vms ${i.vmsRule}, hosts ${i.hostsRule})` }) },
  async (i) => {
    await affinity.createAffinityGroup(i.clusterId, {
      name: i.name,
      description: i.description || undefined,
      vmsRule: ruleOf(i.vmsRule, i.vmsEnforcing),
      hostsRule: ruleOf(i.hostsRule, i.hostsEnforcing),
    });
    return { message: 'affinity.done.groupCreated', values: { name: i.name } };
  },
);

export const affinityGroupUpdateAction = roleAction(
  { role: 'admin', schema: affinityGroupUpdateSchema, audit: 'affinity.group.update', target: (i) => ({ type: 'cluster', id: i.clusterId, name: `group ${i.groupName || i.groupId} (vms ${i.vmsRule}, hosts ${i.hostsRule})` }) },
  async (i) => {
    await affinity.updateAffinityGroup(i.clusterId, i.groupId, { vmsRule: ruleOf(i.vmsRule, i.vmsEnforcing), hostsRule: ruleOf(i.hostsRule, i.hostsEnforcing) });
    return { message: 'affinity.done.groupUpdated', values: { name: i.groupName } };
  },
);

export const affinityGroupRemoveAction = roleAction(
  { role: 'admin', schema: affinityGroupRemoveSchema, audit: 'affinity.group.remove', target: (i) => ({ type: 'cluster', id: i.clusterId, name: `group ${i.groupName || i.groupId}` }) },
  async (i) => {
    await affinity.removeAffinityGroup(i.clusterId, i.groupId);
    return { message: 'affinity.done.groupRemoved', values: { name: i.groupName } };
  },
);

export const affinityGroupMemberAction = roleAction(
  { role: 'admin', schema: affinityGroupMemberSchema, audit: 'affinity.group.member', target: (i) => ({ type: 'cluster', id: i.clusterId, name: `group ${i.groupName || i.groupId}: ${i.op} ${i.kind} ${i.memberName || i.memberId}` }) },
  async (i) => {
    await affinity.setAffinityGroupMember(i.clusterId, i.groupId, i.kind, i.memberId, i.op === 'add');
    return { message: i.op === 'add' ? 'affinity.done.memberAdded' : 'affinity.done.memberRemoved', values: { member: i.memberName, name: i.groupName } };
  },
);

export const affinityLabelCreateAction = roleAction(
  { role: 'admin', schema: affinityLabelCreateSchema, audit: 'affinity.label.create', target: (i) => ({ type: 'cluster', id: i.clusterId, name: `label ${i.name}` }) },
  async (i) => {
    await affinity.createAffinityLabel(i.clusterId, i.name);
    return { message: 'affinity.done.labelCreated', values: { name: i.name } };
  },
);

export const affinityLabelRemoveAction = roleAction(
  { role: 'admin', schema: affinityLabelRemoveSchema, audit: 'affinity.label.remove', target: (i) => ({ type: 'affinity-label', id: i.labelId, name: i.labelName }) },
  async (i) => {
    await affinity.removeAffinityLabel(i.labelId);
    return { message: 'affinity.done.labelRemoved', values: { name: i.labelName } };
  },
);

export const affinityLabelMemberAction = roleAction(
  { role: 'admin', schema: affinityLabelMemberSchema, audit: 'affinity.label.member', target: (i) => ({ type: 'affinity-label', id: i.labelId, name: `${i.labelName}: ${i.op} ${i.kind} ${i.memberName || i.memberId}` }) },
  async (i) => {
    await affinity.setAffinityLabelMember(i.labelId, i.kind, i.memberId, i.op === 'add');
    return { message: i.op === 'add' ? 'affinity.done.memberAdded' : 'affinity.done.memberRemoved', values: { member: i.memberName, name: i.labelName } };
  },
);

/** A VM's page: join or leave an affinity group of the VM's cluster. */
export const vmAffinityGroupAction = roleAction(
  { role: 'admin', schema: vmAffinityGroupSchema, audit: 'vm.affinity.group', target: (i) => ({ type: 'vm', id: i.vmId, name: `${i.vmName || i.vmId}: ${i.op} group ${i.groupName || i.groupId}` }) },
  async (i) => {
    await setVmAffinityGroup(i.vmId, i.groupId, i.op === 'add');
    return { message: i.op === 'add' ? 'affinity.done.memberAdded' : 'affinity.done.memberRemoved', values: { member: i.vmName, name: i.groupName } };
  },
);

/** A VM's page: take or drop an affinity label. */
export const vmAffinityLabelAction = roleAction(
  { role: 'admin', schema: vmAffinityLabelSchema, audit: 'vm.affinity.label', target: (i) => ({ type: 'vm', id: i.vmId, name: `${i.vmName || i.vmId}: ${i.op} label ${i.labelName || i.labelId}` }) },
  async (i) => {
    await setVmAffinityLabel(i.vmId, i.labelId, i.op === 'add');
    return { message: i.op === 'add' ? 'affinity.done.memberAdded' : 'affinity.done.memberRemoved', values: { member: i.vmName, name: i.labelName } };
  },
);
