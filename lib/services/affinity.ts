import 'server-only';
import type { AffinityGroup, AffinityLabel, AffinityMemberKind, QualifiedId } from '@/lib/domain';
import type { AffinityGroupInput } from '@/lib/backends/affinity-types';
import { CACHE_TTL_MS } from './backend-cache';
import { backendOf, can, cacheKey, mutate, operation, read, type CacheResource } from './gateway';

/**
 * Affinity groups of a cluster and the engine's affinity labels (issue 19 point 4): find the
 * cluster's connection, call its backend, drop what the change made stale. Role checks and audit
 * entries are in the server actions (lib/actions/affinity.ts); refusals come back in the engine's words.
 */

export interface AffinityView {
  /** False: this backend has no affinity groups (libvirt: a connection is one host). */
  supported: boolean;
  groups: AffinityGroup[];
  labels: AffinityLabel[];
}

const TOUCHES: CacheResource[] = ['clusters', 'vms', 'hosts', 'events'];

export async function affinityView(clusterId: QualifiedId, signal?: AbortSignal): Promise<AffinityView> {
  const backend = await backendOf(clusterId);
  if (!can(backend, 'listAffinityGroups')) return { supported: false, groups: [], labels: [] };
  const [groups, labels] = await Promise.all([
    read(backend.id, cacheKey('clusters', 'affinitygroups', clusterId), CACHE_TTL_MS.object, (s) => operation(backend, 'listAffinityGroups')(clusterId, { signal: s }), { signal }),
    can(backend, 'listAffinityLabels')
      ? read(backend.id, cacheKey('clusters', 'affinitylabels'), CACHE_TTL_MS.object, (s) => operation(backend, 'listAffinityLabels')({ signal: s }), { signal })
      : Promise.resolve([]),
  ]);
  return { supported: true, groups, labels };
}

export async function createAffinityGroup(clusterId: QualifiedId, input: AffinityGroupInput): Promise<{ id: QualifiedId }> {
  const backend = await backendOf(clusterId);
  const create = operation(backend, 'createAffinityGroup');
  return mutate(backend.id, TOUCHES, () => create(clusterId, input));
}

export async function updateAffinityGroup(clusterId: QualifiedId, groupId: QualifiedId, patch: Partial<AffinityGroupInput>): Promise<void> {
  const backend = await backendOf(clusterId);
  const update = operation(backend, 'updateAffinityGroup');
  await mutate(backend.id, TOUCHES, () => update(clusterId, groupId, patch));
}

export async function removeAffinityGroup(clusterId: QualifiedId, groupId: QualifiedId): Promise<void> {
  const backend = await backendOf(clusterId);
  const remove = operation(backend, 'removeAffinityGroup');
  await mutate(backend.id, TOUCHES, () => remove(clusterId, groupId));
}

export async function setAffinityGroupMember(clusterId: QualifiedId, groupId: QualifiedId, kind: AffinityMemberKind, memberId: QualifiedId, member: boolean): Promise<void> {
  const backend = await backendOf(clusterId);
  const set = operation(backend, 'setAffinityGroupMember');
  await mutate(backend.id, TOUCHES, () => set(clusterId, groupId, kind, memberId, member));
}

export async function createAffinityLabel(clusterId: QualifiedId, name: string): Promise<{ id: QualifiedId }> {
  const backend = await backendOf(clusterId);
  const create = operation(backend, 'createAffinityLabel');
  return mutate(backend.id, TOUCHES, () => create(name));
}

export async function removeAffinityLabel(labelId: QualifiedId): Promise<void> {
  const backend = await backendOf(labelId);
  const remove = operation(backend, 'removeAffinityLabel');
  await mutate(backend.id, TOUCHES, () => remove(labelId));
}

export async function setAffinityLabelMember(labelId: QualifiedId, kind: AffinityMemberKind, memberId: QualifiedId, member: boolean): Promise<void> {
  const backend = await backendOf(labelId);
  const set = operation(backend, 'setAffinityLabelMember');
  await mutate(backend.id, TOUCHES, () => set(labelId, kind, memberId, member));
}
