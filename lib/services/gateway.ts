import 'server-only';
import { parseQualifiedId } from '@/lib/domain/ids';
import { BackendError, isAbortError, isBackendError } from '@/lib/backends/errors';
import type { Backend } from '@/lib/backends/types';
import { cachedRead, invalidate, type CachedReadOptions } from './backend-cache';
import { getBackend } from './connections';
import { health, markReachable, markUnreachable, remember } from './health';

/**
 * THE way from a service to a backend. Every service that reads or changes something on a
 * connection goes through here: it resolves the connection an id belongs to, refuses an operation
 * the backend does not have (with the reason), spells the shared cache's keys, and drops the
 * reads a mutation makes stale. Role checks and audit entries stay with the callers (roleAction,
 * withRole, requireRole): nothing here is per user.
 */

// ───────────────────────────── connections ─────────────────────────────

/** The connection a qualified id (`<connection>:<native id>`) belongs to. */
export function connectionIdOf(id: string): string {
  const parsed = parseQualifiedId(id);
  if (!parsed) throw new BackendError('invalid_input', `"${id}" is not a valid object reference. Reload the page.`);
  return parsed.connectionId;
}

/** The backend of a connection (enabled or not: the registry says why it cannot be built). */
export function backendById(connectionId: string): Promise<Backend> {
  return getBackend(connectionId);
}

/** The backend a qualified id belongs to. */
export function backendOf(id: string): Promise<Backend> {
  return getBackend(connectionIdOf(id));
}

// ───────────────────────────── operations ─────────────────────────────

/** The names of the Backend's optional methods. */
export type BackendMethod = Exclude<
  {
    [K in keyof Backend]-?: NonNullable<Backend[K]> extends (...args: never[]) => unknown ? K : never;
  }[keyof Backend],
  undefined
>;

/** A backend known to have `M`. */
export type BackendWithMethod<M extends BackendMethod> = Backend & Required<Pick<Backend, M>>;

export function can<M extends BackendMethod>(backend: Backend, name: M): backend is BackendWithMethod<M> {
  return typeof backend[name] === 'function';
}

function unsupported(backend: Backend): BackendError {
  return new BackendError('invalid_input', `${backend.name} (${backend.kind}) does not support this operation.`);
}

/** The backend's optional method, bound to it, or a clear "not supported" refusal. */
export function operation<M extends BackendMethod>(backend: Backend, name: M): NonNullable<Backend[M]> {
  if (!can(backend, name)) throw unsupported(backend);
  return (backend[name] as (...args: unknown[]) => unknown).bind(backend) as NonNullable<Backend[M]>;
}

/** The connection's backend if it can do `name`; the refusal otherwise. */
export async function backendWith<M extends BackendMethod>(connectionId: string, name: M): Promise<BackendWithMethod<M>> {
  const backend = await getBackend(connectionId);
  if (!can(backend, name)) throw unsupported(backend);
  return backend;
}

// ───────────────────────────── cache keys ─────────────────────────────

/** The resource words every key of the shared cache starts with; a mutation names those it changes. */
export const CACHE_RESOURCES = [
  'vms',
  'hosts',
  'clusters',
  'datacenters',
  'storagedomains',
  'disks',
  'templates',
  'tasks',
  'events',
  'volumes',
  'networks',
  'clusterlevels',
  'gluster',
  'services',
] as const;
export type CacheResource = (typeof CACHE_RESOURCES)[number];

/** A key of the shared cache, `<resource>:<operation>[:<argument>]`: spelt only by cacheKey. */
export type CacheKey = `${CacheResource}:${string}`;

export function cacheKey(resource: CacheResource, operation: string, argument?: string | number): CacheKey {
  return `${resource}:${operation}${argument === undefined ? '' : `:${argument}`}`;
}

/** Stable across property order, so equal queries share one cache entry. */
export function argumentOf(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** A read of one connection through the shared cache (see backend-cache.ts for the policy). */
export function read<T>(connectionId: string, key: CacheKey, ttlMs: number, fn: (signal: AbortSignal) => Promise<T>, options?: CachedReadOptions): Promise<T> {
  return cachedRead(connectionId, key, ttlMs, fn, options);
}

/** Drops the connection's reads of these resources (every read of it with 'everything'). */
export function touched(connectionId: string, resources: readonly CacheResource[] | 'everything'): void {
  if (resources === 'everything') {
    invalidate(connectionId);
    return;
  }
  for (const resource of resources) invalidate(connectionId, `${resource}:`);
}

/** Drops exactly these reads (and any key that extends one of them) of the connection. */
export function forget(connectionId: string, ...keys: CacheKey[]): void {
  for (const key of keys) invalidate(connectionId, key);
}

// ───────────────────────────── mutations ─────────────────────────────

/**
 * Runs a change on one connection, then drops the reads it makes stale, so every list and
 * detail page shows the change at the next poll. Dropped on failure too: a refusal changes
 * nothing, but a timeout may have changed something.
 */
export async function mutate<R>(connectionId: string, touches: readonly CacheResource[] | 'everything', fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } finally {
    touched(connectionId, touches);
  }
}

// ───────────────────────────── connection health ─────────────────────────────

/** While a connection is marked unreachable, one read is tried again in the background this often. */
export const RETRY_MS = 5_000;
// The health table and last answers live in ./health.ts (the connection registry resets them).
export { clearConnectionHealth, connectionHealth, lastAnswer, type ConnectionHealth } from './health';

function timeOfDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 16) + ' UTC';
}

/**
 * A read that never makes a page wait on a connection known to be down: the circuit. A read
 * that runs past `timeoutMs`, or cannot connect, marks the connection unreachable; from then on
 * its reads fail at once ('unreachable', naming since when) while one read every RETRY_MS is
 * tried in the background, and the first answer marks it reachable again. Every answer is kept
 * (lastAnswer) so callers can show it, with its age, instead of an empty table.
 */
export async function guardedRead<T>(
  connection: { id: string; name: string },
  key: CacheKey,
  ttlMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  { signal, timeoutMs }: { signal?: AbortSignal; timeoutMs: number },
): Promise<T> {
  const h = health.get(connection.id);
  if (h?.unreachableSince !== undefined) {
    if (Date.now() >= (h.retryAt ?? 0)) {
      h.retryAt = Date.now() + RETRY_MS;
      void attempt(connection, key, ttlMs, fn, AbortSignal.timeout(timeoutMs)).catch(() => {});
    }
    throw new BackendError('unreachable', `"${connection.name}" has not answered since ${timeOfDay(h.unreachableSince)}; trying again in the background.`);
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await attempt(connection, key, ttlMs, fn, signal ? AbortSignal.any([signal, timeout]) : timeout);
  } catch (error) {
    // Our deadline (not the caller leaving) ended the wait: the connection is not answering.
    if (timeout.aborted && !signal?.aborted && (isBackendError(error, 'cancelled') || isAbortError(error))) {
      markUnreachable(connection.id, RETRY_MS);
      throw new BackendError('timeout', `"${connection.name}" did not answer within ${Math.round(timeoutMs / 100) / 10} s.`, { cause: error });
    }
    throw error;
  }
}

async function attempt<T>(
  connection: { id: string; name: string },
  key: CacheKey,
  ttlMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  try {
    const value = await cachedRead(connection.id, key, ttlMs, fn, { signal });
    markReachable(connection.id);
    remember(connection.id, key, value);
    return value;
  } catch (error) {
    if (isBackendError(error, 'unreachable') || isBackendError(error, 'timeout')) markUnreachable(connection.id, RETRY_MS);
    throw error;
  }
}
