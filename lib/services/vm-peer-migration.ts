import 'server-only';
import { audit } from '@/lib/audit/audit';
import type { SessionUser } from '@/lib/auth/roles';
import { requireCapability } from '@/lib/backends/capabilities';
import type { Backend, TaskRef } from '@/lib/backends/types';
import { db } from '@/lib/db/client';
import { parseQualifiedId, qualifyId, type QualifiedId } from '@/lib/domain';
import { backendById, mutate } from './gateway';
import { ActionRefusal } from './refusal';

/**
 * A VM moving to a host of ANOTHER connection (libvirt: each host is its own connection; hosts an
 * operator named into one cluster group are peers). The target must be a peer of the VM's own
 * cluster group; the source daemon gets the target's migration URI. Once the move is over the VM
 * lives under the target connection with a new qualified id, so what the dashboard keys by the VM's
 * id moves with it in one transaction, audited: a tenant's VM stays theirs.
 */
export async function migrateToPeer(
  source: Backend,
  id: QualifiedId,
  hostId: QualifiedId,
  actor?: Pick<SessionUser, 'id' | 'username'>,
): Promise<TaskRef> {
  const targetConnectionId = parseQualifiedId(hostId)?.connectionId;
  const target = targetConnectionId ? await backendById(targetConnectionId).catch(() => undefined) : undefined;
  if (!target) throw new ActionRefusal('vmActions.errors.migrateNoHost');
  const destinationUri = target.migrationUri?.();
  if (!destinationUri || !source.migrationUri) throw new ActionRefusal('vmActions.errors.migrateNotPeer', { host: target.name });
  const vm = await requireCapability(source, 'vms').getVm(id);
  const host = await requireCapability(target, 'hosts').getHost(hostId);
  const [mine, theirs] = await Promise.all([
    vm.cluster ? requireCapability(source, 'clusters').getCluster(vm.cluster.id) : undefined,
    host.cluster ? requireCapability(target, 'clusters').getCluster(host.cluster.id) : undefined,
  ]);
  if (!mine?.group || mine.group !== theirs?.group) {
    throw new ActionRefusal('vmActions.errors.migrateNotPeer', { host: host.name });
  }
  const ref = await mutate(source.id, ['vms', 'tasks', 'events', 'hosts'], () => requireCapability(source, 'migration').migrateVm(id, { hostId, destinationUri }));
  const newId = qualifyId(target.id, vm.nativeId);
  // Follows the migration this process started; the outcome arrives when libvirt's call returns.
  void source.migrationOutcome?.(id).then(async (outcome) => {
    if (outcome === 'finished') await followVm(id, newId, target.id, vm.name, actor);
  });
  return ref;
}

/**
 * Re-keys what belongs to the VM to its id on the target connection. The ownership row moves (the
 * tenant keeps the VM, its quota use unchanged); console tickets not yet redeemed are dropped: they
 * name the old host's console port, which after the move may be another guest's.
 */
export async function followVm(
  oldId: QualifiedId,
  newId: QualifiedId,
  connectionId: string,
  vmName: string,
  actor?: Pick<SessionUser, 'id' | 'username'>,
): Promise<void> {
  const [owned, tickets] = await db.$transaction([
    db.vmOwnership.updateMany({ where: { vmId: oldId }, data: { vmId: newId, connectionId, vmName } }),
    db.consoleTicket.deleteMany({ where: { vmId: oldId, usedAt: null } }),
  ]);
  await audit({
    actor: actor ?? null,
    action: 'vm.migrated',
    target: { type: 'vm', id: newId, name: vmName },
    result: 'success',
    detail: { from: oldId, to: newId, ownershipMoved: owned.count, consoleTicketsDropped: tickets.count },
  });
}
