import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { hasCapability, requireCapability } from '@/lib/backends/capabilities';
import type { Backend, TaskRef } from '@/lib/backends/types';
import { MAX_PAGE_SIZE, parseQualifiedId, qualifyId, type QualifiedId } from '@/lib/domain';
import { CACHE_TTL_MS } from './backend-cache';
import { listEnabledBackends } from './connections';
import { dropIntent, recordMigrationIntent, settleMoved } from './migration-intents';
import { backendById, cacheKey, mutate, read } from './gateway';
import { ActionRefusal } from './refusal';

/**
 * A VM moving to a host of ANOTHER connection (libvirt: each host is its own connection; hosts an
 * operator named into one cluster group are peers). The target must be a peer of the VM's own
 * cluster group; the source daemon gets the target's migration URI. Once the move is over the VM
 * lives under the target connection with a new qualified id, so what the dashboard keys by the VM's
 * id moves with it in one transaction, audited once: a tenant's VM stays theirs, also when the
 * dashboard restarts during the move (the intent recorded first, see migration-intents.ts).
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
  // Written before the move starts: if this process dies while libvirt moves the guest, the
  // next start (or the next VM list) finds the intent and settles it (migration-intents.ts).
  const intent = await recordMigrationIntent({
    vmId: id,
    nativeId: vm.nativeId,
    sourceConnectionId: source.id,
    targetConnectionId: target.id,
    vmName: vm.name,
    actor,
  });
  let ref: TaskRef;
  try {
    ref = await mutate(source.id, ['vms', 'tasks', 'events', 'hosts'], () => requireCapability(source, 'migration').migrateVm(id, { hostId, destinationUri }));
  } catch (error) {
    await dropIntent(intent).catch(() => undefined);
    throw error;
  }
  // Follows the migration this process started; the outcome arrives when libvirt's call returns.
  void source.migrationOutcome?.(id)
    .then(async (outcome) => {
      if (outcome === 'finished') await settleMoved(intent);
      else if (outcome === 'failed' || outcome === 'aborted') await dropIntent(intent);
      // undefined: this process lost track of it; a reconcile asks the hosts where the VM is.
    })
    // Never an unhandled rejection (it would end the process): the VM has moved all the same, and
    // the intent stays for the next reconcile.
    .catch((error: unknown) => console.error(`[virtdash] VM ${id} migrated to ${qualifyId(target.id, vm.nativeId)}, but its records did not follow yet:`, error));
  return ref;
}

/** A host of another connection a VM can move to, as the migrate dialog lists it. */
export interface PeerHost {
  id: QualifiedId;
  name: string;
  connectionName: string;
}

export interface MigrationTargets {
  /**
   * Whether "let the backend choose" is a choice: a backend that moves VMs between connections
   * (each host its own connection) has no scheduler of its own, so a host must be named.
   */
  scheduler: boolean;
  /** Up hosts of the other connections in the VM's cluster group (none where there is no group). */
  peers: PeerHost[];
}

const ALL = { page: 1, pageSize: MAX_PAGE_SIZE } as const;

/**
 * Where the VM on `source` could migrate besides its own connection's hosts: every other enabled
 * connection that can receive a migration, whose clusters share the VM's cluster group, read
 * through the shared cache (one host and one cluster list per connection). A connection that does
 * not answer is left out rather than holding the dialog up.
 */
export async function migrationTargets(source: Backend, vmId: QualifiedId, signal?: AbortSignal): Promise<MigrationTargets> {
  if (!source.migrationUri) return { scheduler: true, peers: [] };
  const vm = await read(source.id, cacheKey('vms', 'one', vmId), CACHE_TTL_MS.object, (s) => requireCapability(source, 'vms').getVm(vmId, { signal: s }), { signal });
  const mine = vm.cluster ? await read(source.id, cacheKey('clusters', 'one', vm.cluster.id), CACHE_TTL_MS.slow, (s) => requireCapability(source, 'clusters').getCluster(vm.cluster!.id, { signal: s }), { signal }) : undefined;
  if (!mine?.group) return { scheduler: false, peers: [] };
  const others = (await listEnabledBackends()).filter((b) => b.id !== source.id && b.migrationUri && hasCapability(b, 'hosts') && hasCapability(b, 'clusters'));
  const perConnection = await Promise.all(
    others.map(async (b) => {
      try {
        const [clusters, hosts] = await Promise.all([
          read(b.id, cacheKey('clusters', 'wizard'), CACHE_TTL_MS.slow, (s) => requireCapability(b, 'clusters').listClusters(ALL, { signal: s }), { signal }),
          read(b.id, cacheKey('hosts', 'wizard'), CACHE_TTL_MS.list, (s) => requireCapability(b, 'hosts').listHosts(ALL, { signal: s }), { signal }),
        ]);
        const group = new Set(clusters.items.filter((c) => c.group === mine.group).map((c) => c.id));
        return hosts.items.filter((h) => h.status === 'up' && h.cluster && group.has(h.cluster.id)).map((h) => ({ id: h.id, name: h.name, connectionName: b.name }));
      } catch {
        return [];
      }
    }),
  );
  return { scheduler: false, peers: perConnection.flat().sort((x, y) => x.name.localeCompare(y.name)) };
}
