import 'server-only';
import type { Host, QualifiedId } from '@/lib/domain';
import { requireCapability } from '@/lib/backends/capabilities';
import { isBackendError } from '@/lib/backends/errors';
import type { TaskRef } from '@/lib/backends/types';
import type { HostAction } from '@/lib/validations/vm';
import { CACHE_TTL_MS } from './backend-cache';
import { backendOf, cacheKey, mutate, read } from './gateway';

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
