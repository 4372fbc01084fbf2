import 'server-only';
import type { Host, QualifiedId } from '@/lib/domain';
import { requireCapability } from '@/lib/backends/capabilities';
import { isBackendError } from '@/lib/backends/errors';
import type { TaskRef } from '@/lib/backends/types';
import type { HostAction } from '@/lib/validations/vm';
import { CACHE_TTL_MS } from './backend-cache';
import { listConnections } from './connections';
import { backendById, backendOf, cacheKey, can, guardedRead, mutate, operation, read } from './gateway';
import { within } from './patience';

/**
 * Host power operations of the admin portal (activate, maintenance, fence) and the host state the
 * UI polls while one runs. Role checks and audit entries are in the server action (roleAction).
 */

/** A host's state for polling: `exists: false` once the engine no longer knows it (removed). */
export async function hostState(id: QualifiedId, signal?: AbortSignal): Promise<{ exists: boolean; host?: Host }> {
  const backend = await backendOf(id);
  try {
    const host = await read(backend.id, cacheKey('hosts', 'get', id), CACHE_TTL_MS.object, (s) => requireCapability(backend, 'hosts').getHost(id, { signal: s }), { signal });
    return { exists: true, host };
  } catch (error) {
    if (isBackendError(error, 'not_found')) return { exists: false };
    throw error;
  }
}

/** Maintenance moves VMs and the SPM role: the host, its cluster, data center and storage all change. */
export async function hostOperation(id: QualifiedId, action: HostAction): Promise<TaskRef> {
  const backend = await backendOf(id);
  const power = requireCapability(backend, 'hostPower');
  return mutate(backend.id, ['vms', 'tasks', 'events', 'hosts', 'clusters', 'storagedomains', 'datacenters'], () =>
    action === 'activate' ? power.hostActivate(id) : action === 'deactivate' ? power.hostDeactivate(id) : power.hostFence(id, 'restart'),
  );
}

/**
 * Global hosted-engine maintenance, through the engine VM (the engine refuses any other VM in
 * its own words). Every HA host then reports it, and the HA agents leave the engine VM alone.
 */
export async function setGlobalMaintenance(engineVmId: QualifiedId, enabled: boolean): Promise<TaskRef> {
  const backend = await backendOf(engineVmId);
  const set = operation(backend, 'setHostedEngineGlobalMaintenance');
  return mutate(backend.id, ['hosts', 'vms', 'tasks', 'events'], () => set(engineVmId, enabled));
}

export interface HostedEngineView {
  connectionId: string;
  connectionName: string;
  /** The engine VM (origin managed_hosted_engine); absent when it could not be found. */
  engineVm?: { id: QualifiedId; name: string; status: string; nativeStatus: string; hostName?: string };
  /** The hosts deployed with the HA services, with the agent's view of each. */
  hosts: Host[];
  globalMaintenance: boolean;
  error?: string;
}

/** hosted-engine setup names the engine VM this; the engine's search finds it by name. */
const ENGINE_VM_NAME = 'HostedEngine';
const HE_TIMEOUT_MS = 5_000;

/**
 * Each oVirt connection whose hosts run the hosted-engine HA services: the engine VM and every HA
 * host. With `withinMs`, a connection that has not answered by then is shown as still being asked
 * (its reads go on and fill the cache for the page's next refresh) instead of holding the page.
 */
export async function hostedEngineViews({ signal, withinMs }: { signal?: AbortSignal; withinMs?: number } = {}): Promise<HostedEngineView[]> {
  const connections = (await listConnections()).filter((c) => c.enabled && c.kind === 'ovirt');
  const views = await Promise.all(
    connections.map(async (c): Promise<HostedEngineView | undefined> => {
      try {
        const backend = await backendById(c.id);
        if (!can(backend, 'setHostedEngineGlobalMaintenance') || !can(backend, 'listHosts') || !can(backend, 'listVms')) return undefined;
        // Through the circuit: an engine that does not answer shows as such at once instead of holding the hosts page.
        const target = { id: c.id, name: c.name };
        const both = Promise.all([
          guardedRead(target, cacheKey('hosts', 'hosted-engine'), CACHE_TTL_MS.list, (s) => backend.listHosts({ page: 1, pageSize: 500 }, { signal: s }), { signal, timeoutMs: HE_TIMEOUT_MS }),
          guardedRead(target, cacheKey('vms', 'hosted-engine'), CACHE_TTL_MS.list, (s) => backend.listVms({ page: 1, pageSize: 20, text: ENGINE_VM_NAME }, { signal: s }), { signal, timeoutMs: HE_TIMEOUT_MS }),
        ]);
        const [hosts, vms] = await (withinMs === undefined ? both : within(both, c.name, withinMs));
        const ha = hosts.items.filter((h) => h.hostedEngine);
        if (ha.length === 0) return undefined;
        const vm = vms.items.find((v) => v.hostedEngine);
        return {
          connectionId: c.id,
          connectionName: c.name,
          engineVm: vm && { id: vm.id, name: vm.name, status: vm.status, nativeStatus: vm.nativeStatus, hostName: vm.host?.name ?? ha.find((h) => h.id === vm.host?.id)?.name },
          hosts: ha,
          // One flag on the shared storage: every agent that answers reports the same value.
          globalMaintenance: ha.some((h) => h.hostedEngine?.active !== false && h.hostedEngine?.globalMaintenance === true),
        };
      } catch (error) {
        return { connectionId: c.id, connectionName: c.name, hosts: [], globalMaintenance: false, error: isBackendError(error) ? (error.detail ?? error.message) : String(error) };
      }
    }),
  );
  return views.filter((v): v is HostedEngineView => v !== undefined);
}
