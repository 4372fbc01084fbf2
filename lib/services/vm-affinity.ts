import 'server-only';
import type { QualifiedId } from '@/lib/domain';
import { hasCapability } from '@/lib/backends/capabilities';
import { CACHE_TTL_MS } from './backend-cache';
import { backendOf, cacheKey, mutate, read, type CacheResource } from './gateway';
import { ActionRefusal } from './refusal';
import { vmMemberships, type VmMemberships } from './vm-affinity-memberships';
import { getVmFresh } from './vm-operations';

/**
 * A VM's affinity memberships on its page (issue 19 point 4): the groups of its cluster it belongs
 * to and its labels, read in bulk (one request for the cluster's groups with their members, one for
 * the labels: the same cached reads as the cluster page), and joining or leaving them. The cluster
 * is always the VM's own, read from the backend, never taken from the form. Role checks and audit
 * entries are in the server actions (lib/actions/affinity.ts).
 */

export interface VmAffinityView extends VmMemberships {
  /** False: the backend declares no affinity (capability `affinity`); `reason` says why. */
  supported: boolean;
  reason?: 'noAffinity' | 'noCluster';
}

const NONE: VmMemberships = { groups: [], joinableGroups: [], labels: [], addableLabels: [] };
const TOUCHES: CacheResource[] = ['clusters', 'vms', 'hosts', 'events'];

export async function vmAffinityView(vmId: QualifiedId, signal?: AbortSignal): Promise<VmAffinityView> {
  const backend = await backendOf(vmId);
  if (!hasCapability(backend, 'affinity')) return { supported: false, reason: 'noAffinity', ...NONE };
  const vm = await getVmFresh(vmId, signal);
  const clusterId = vm.cluster?.id;
  if (!clusterId) return { supported: false, reason: 'noCluster', ...NONE };
  const [groups, labels] = await Promise.all([
    read(backend.id, cacheKey('clusters', 'affinitygroups', clusterId), CACHE_TTL_MS.object, (s) => backend.listAffinityGroups(clusterId, { signal: s }), { signal }),
    read(backend.id, cacheKey('clusters', 'affinitylabels'), CACHE_TTL_MS.object, (s) => backend.listAffinityLabels({ signal: s }), { signal }),
  ]);
  return { supported: true, ...vmMemberships(vmId, groups, labels) };
}

async function affinityBackend(vmId: QualifiedId) {
  const backend = await backendOf(vmId);
  if (!hasCapability(backend, 'affinity')) throw new ActionRefusal('vmAffinity.unsupported');
  return backend;
}

/** Adds the VM to (or removes it from) a group of its own cluster. */
export async function setVmAffinityGroup(vmId: QualifiedId, groupId: QualifiedId, member: boolean): Promise<void> {
  const backend = await affinityBackend(vmId);
  const clusterId = (await getVmFresh(vmId)).cluster?.id;
  if (!clusterId) throw new ActionRefusal('vmAffinity.noCluster');
  await mutate(backend.id, TOUCHES, () => backend.setAffinityGroupMember(clusterId, groupId, 'vm', vmId, member));
}

/** Attaches a label to the VM (or detaches it), through the VM's own service. */
export async function setVmAffinityLabel(vmId: QualifiedId, labelId: QualifiedId, member: boolean): Promise<void> {
  const backend = await affinityBackend(vmId);
  await mutate(backend.id, TOUCHES, () => backend.setVmAffinityLabel(vmId, labelId, member));
}
