import 'server-only';
import { BackendError } from '@/lib/backends/errors';
import { approxBytes } from './approx-bytes';

/**
 * ONE server-side read cache per process, shared by every browser: twenty open
 * VM lists polling every few seconds must cost the engine one request per TTL,
 * not twenty.
 *
 * Policy
 * - Keys are per connection: `cachedRead(connectionId, key, …)`. Use
 *   `<resource>:<operation>:<arguments>` keys (e.g. `vms:list:{"page":1,…}`,
 *   `vms:get:<id>`) so `invalidate(connectionId, 'vms:')` after a VM action
 *   drops exactly the VM reads. `invalidate(connectionId)` drops everything of
 *   one connection (the registry does this when a connection changes).
 * - What is cached is what the BACKEND answered for that connection. Any
 *   per-user permission filtering happens after the read, never inside `fn`.
 * - In-flight de-duplication: callers arriving while a read for the same key is
 *   under way share that one request (and its answer or its error).
 * - Short TTLs (CACHE_TTL_MS): a value lives `ttlMs` from the moment it ARRIVED.
 *   ttlMs <= 0 gives de-duplication only.
 * - Errors are NOT cached. Concurrent callers already share one failing request,
 *   which is what protects a down backend from a herd (and a dead engine takes
 *   its connect timeout to fail, during which everyone joins the same attempt);
 *   caching the error on top would show "unreachable" for a while after the
 *   engine came back and would make the user's Retry button do nothing.
 * - Bounded by count AND by size: at most `maxEntries` keys (500) and about `maxBytes` of values
 *   (approxBytes: 96 MiB), least recently used dropped first. A count alone lets 500 pages of
 *   500 VMs each hold gigabytes; a single value larger than the whole budget answers its callers
 *   but is not kept.
 * - Cancellation: `fn` gets the cache's own AbortSignal, not a caller's, because
 *   one browser navigating away must not cancel the read for the others. Each
 *   caller may pass its own `signal`: it then stops waiting (rejects with
 *   `cancelled`), and when EVERY caller of a shared read has gone, the read is
 *   aborted.
 * - Invalidation during a read: the read still answers the callers already
 *   waiting, but its result is not stored and new callers start a fresh read,
 *   so nobody reads the state from before a mutation after that mutation.
 * - Values are shared between callers: treat them as read-only.
 */

/** Suggested lifetimes. Lists poll every few seconds; objects after an action change fast. */
export const CACHE_TTL_MS = {
  /** Lists of VMs, hosts, disks, … */
  list: 3_000,
  /** One object (detail pages). */
  object: 2_000,
  /** Things that rarely change: about(), data centers, clusters, networks. */
  slow: 30_000,
} as const;

export const DEFAULT_MAX_ENTRIES = 500;
export const DEFAULT_MAX_BYTES = 96 * 1024 * 1024;

export interface CachedReadOptions {
  /** This caller's cancellation (e.g. the route handler's request.signal). */
  signal?: AbortSignal;
}

export interface BackendCacheOptions {
  maxEntries?: number;
  /** About how many bytes of values are kept (approxBytes). */
  maxBytes?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface BackendCacheStats {
  entries: number;
  /** About how many bytes the stored values hold. */
  bytes: number;
  /** Answered from a stored value. */
  hits: number;
  /** Started a read. */
  misses: number;
  /** Joined a read already under way. */
  joins: number;
}

interface Entry {
  connectionId: string;
  key: string;
  /** Set while the read is under way. */
  pending?: { promise: Promise<unknown>; controller: AbortController; waiters: number };
  value?: unknown;
  /** approxBytes(value), once stored. */
  bytes: number;
  expiresAt: number;
}

const SEP = '\u0000';

export class BackendCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private readonly now: () => number;
  private counters = { hits: 0, misses: 0, joins: 0 };

  constructor(options: BackendCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
    this.maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_MAX_BYTES);
    this.now = options.now ?? Date.now;
  }

  read<T>(
    connectionId: string,
    key: string,
    ttlMs: number,
    fn: (signal: AbortSignal) => Promise<T>,
    options: CachedReadOptions = {},
  ): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelled(signal));
    const id = connectionId + SEP + key;
    const existing = this.entries.get(id);
    if (existing && !existing.pending) {
      if (existing.expiresAt > this.now()) {
        this.counters.hits++;
        this.touch(id, existing);
        return Promise.resolve(existing.value as T);
      }
      this.drop(id);
    } else if (existing?.pending) {
      this.counters.joins++;
      return this.wait(id, existing, signal) as Promise<T>;
    }

    this.counters.misses++;
    const controller = new AbortController();
    const entry: Entry = { connectionId, key, bytes: 0, expiresAt: 0 };
    // The executor turns a synchronous throw in fn into a rejection.
    const promise = new Promise<T>((resolve) => resolve(fn(controller.signal)));
    entry.pending = { promise, controller, waiters: 0 };
    promise.then(
      (value) => {
        entry.pending = undefined;
        if (this.entries.get(id) !== entry) return; // invalidated, evicted or abandoned meanwhile
        const bytes = ttlMs > 0 ? approxBytes(value) : 0;
        if (ttlMs > 0 && bytes <= this.maxBytes) {
          entry.value = value;
          entry.bytes = bytes;
          entry.expiresAt = this.now() + ttlMs;
          this.bytes += bytes;
          this.evict();
        } else {
          this.drop(id);
        }
      },
      () => {
        entry.pending = undefined;
        if (this.entries.get(id) === entry) this.drop(id);
      },
    );
    this.entries.set(id, entry);
    this.evict();
    return this.wait(id, entry, signal) as Promise<T>;
  }

  /** Drops one connection's entries, or only those whose key starts with `prefix`. Returns how many. */
  invalidate(connectionId: string, prefix = ''): number {
    let dropped = 0;
    for (const [id, entry] of this.entries) {
      if (entry.connectionId === connectionId && entry.key.startsWith(prefix)) {
        this.drop(id);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.counters = { hits: 0, misses: 0, joins: 0 };
  }

  stats(): BackendCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, ...this.counters };
  }

  private wait(id: string, entry: Entry, signal: AbortSignal | undefined): Promise<unknown> {
    const pending = entry.pending!;
    pending.waiters++;
    if (!signal) return pending.promise;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        pending.waiters--;
        if (pending.waiters === 0 && entry.pending === pending) {
          // Nobody wants the answer any more: stop the backend call, and let the next caller start afresh.
          pending.controller.abort(signal.reason);
          if (this.entries.get(id) === entry) this.drop(id);
        }
        reject(cancelled(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      pending.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private touch(id: string, entry: Entry): void {
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(id);
    this.entries.set(id, entry);
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(id);
  }

  private evict(): void {
    // Oldest first (Map order). Over the size budget only, a read under way holds nothing yet: kept.
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      if (this.entries.size <= this.maxEntries && entry.pending) continue;
      this.drop(id);
    }
  }
}

function cancelled(signal: AbortSignal): BackendError {
  return new BackendError('cancelled', 'The request was cancelled.', { cause: signal.reason });
}

// One cache per process, even when Next loads this module in several bundles.
const globalForCache = globalThis as unknown as { __virtdashBackendCache?: BackendCache };
const shared = (globalForCache.__virtdashBackendCache ??= new BackendCache({ maxEntries: DEFAULT_MAX_ENTRIES, maxBytes: DEFAULT_MAX_BYTES }));

/**
 * Reads through the shared cache: a stored value younger than `ttlMs`, else the
 * read already under way for this key, else `fn` (given the cache's own signal).
 */
export function cachedRead<T>(
  connectionId: string,
  key: string,
  ttlMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  options?: CachedReadOptions,
): Promise<T> {
  return shared.read(connectionId, key, ttlMs, fn, options);
}

/** Call after every mutation: `invalidate(connectionId, 'vms:')`, or everything of the connection. */
export function invalidate(connectionId: string, prefix?: string): number {
  return shared.invalidate(connectionId, prefix);
}

export function backendCacheStats(): BackendCacheStats {
  return shared.stats();
}

/** For tests. */
export function clearBackendCache(): void {
  shared.clear();
}
