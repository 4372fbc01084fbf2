import 'server-only';
import type { BackendKind, ServiceHealth } from '@/lib/domain';
import { BackendError, isBackendError } from '@/lib/backends/errors';
import type { ServiceRef } from '@/lib/backends/health-types';
import { listConnections } from './connections';
import { backendById, backendWith, cacheKey, can, guardedRead, mutate } from './gateway';

/**
 * Service health per connection (issue 18): what each backend says about the services behind
 * it, read through the gateway's circuit so a connection that does not answer shows as such
 * quickly without holding the others. Role checks and audit entries are in the server actions.
 */

/** Short enough that a service Cinder has just marked down shows at the next refresh (SERVICES_REFRESH_MS). */
const SERVICES_TTL_MS = 2_000;
const SERVICES_TIMEOUT_MS = 8_000;

export interface ConnectionServices {
  connectionId: string;
  name: string;
  kind: BackendKind;
  services: ServiceHealth[];
  /** The connection itself did not answer, or refused: in its words. */
  error?: string;
  /** Epoch ms of this answer. */
  checkedAt: number;
}

function message(error: unknown): string {
  if (isBackendError(error)) return error.detail ? `${error.message} ${error.detail}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Every enabled connection that can report its services, each answered or failed on its own. */
export async function listServiceHealth(signal?: AbortSignal): Promise<ConnectionServices[]> {
  const connections = (await listConnections()).filter((c) => c.enabled);
  return Promise.all(
    connections.map(async (c): Promise<ConnectionServices | undefined> => {
      const base = { connectionId: c.id, name: c.name, kind: c.kind };
      try {
        const backend = await backendById(c.id);
        if (!can(backend, 'listServiceHealth')) return undefined;
        const services = await guardedRead({ id: c.id, name: c.name }, cacheKey('services', 'list'), SERVICES_TTL_MS, (s) => backend.listServiceHealth({ signal: s }), {
          signal,
          timeoutMs: SERVICES_TIMEOUT_MS,
        });
        return { ...base, services, checkedAt: Date.now() };
      } catch (error) {
        return { ...base, services: [], error: message(error), checkedAt: Date.now() };
      }
    }),
  ).then((rows) => rows.filter((r): r is ConnectionServices => r !== undefined));
}

/** Disable (with the reason recorded) or enable one Cinder service; refused for other services. */
export async function setServiceEnabled(connectionId: string, service: ServiceRef, enabled: boolean, reason?: string): Promise<void> {
  const backend = await backendWith(connectionId, 'setServiceEnabled');
  if (!enabled && !reason?.trim()) throw new BackendError('invalid_input', 'Disabling a service needs a reason.');
  // Scheduling onto volumes changes: the service list and the pools the volume forms offer.
  await mutate(backend.id, ['services', 'volumes'], () => backend.setServiceEnabled(service, enabled, reason));
}
