import { describe, expect, it, vi } from 'vitest';
import { isBackendError } from '@/lib/backends/errors';
import { BackendCache, cachedRead, clearBackendCache, invalidate } from './backend-cache';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function invalidateAll(cache: BackendCache) {
  cache.invalidate('c1');
}

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('BackendCache', () => {
  it('de-duplicates concurrent reads: fn runs once and everyone gets its answer', async () => {
    const cache = new BackendCache();
    const d = deferred<string[]>();
    const fn = vi.fn(() => d.promise);
    const readers = Array.from({ length: 20 }, () => cache.read('c1', 'vms:list', 3_000, fn));
    expect(fn).toHaveBeenCalledTimes(1);
    d.resolve(['vm1', 'vm2']);
    const answers = await Promise.all(readers);
    expect(answers.every((a) => a === answers[0])).toBe(true);
    expect(answers[0]).toEqual(['vm1', 'vm2']);
    expect(cache.stats()).toMatchObject({ misses: 1, joins: 19 });
  });

  it('serves a stored value until the TTL runs out, counted from arrival', async () => {
    const c = clock();
    const cache = new BackendCache({ now: c.now });
    let n = 0;
    const fn = vi.fn(async () => ++n);
    expect(await cache.read('c1', 'k', 3_000, fn)).toBe(1);
    c.advance(2_999);
    expect(await cache.read('c1', 'k', 3_000, fn)).toBe(1);
    c.advance(1);
    expect(await cache.read('c1', 'k', 3_000, fn)).toBe(2);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(cache.stats().hits).toBe(1);
  });

  it('ttl 0: de-duplication only, nothing stored', async () => {
    const cache = new BackendCache();
    const fn = vi.fn(async () => 'x');
    await cache.read('c1', 'k', 0, fn);
    await cache.read('c1', 'k', 0, fn);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(cache.stats().entries).toBe(0);
  });

  it('keys are per connection', async () => {
    const cache = new BackendCache();
    const fn = vi.fn(async () => 'x');
    await cache.read('c1', 'vms:list', 3_000, fn);
    await cache.read('c2', 'vms:list', 3_000, fn);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('invalidate drops one connection, optionally by key prefix', async () => {
    const cache = new BackendCache();
    let n = 0;
    const fn = async () => ++n;
    await cache.read('c1', 'vms:list', 60_000, fn);
    await cache.read('c1', 'hosts:list', 60_000, fn);
    await cache.read('c2', 'vms:list', 60_000, fn);
    expect(cache.invalidate('c1', 'vms:')).toBe(1);
    expect(await cache.read('c1', 'vms:list', 60_000, fn)).toBe(4);
    expect(await cache.read('c1', 'hosts:list', 60_000, fn)).toBe(2);
    expect(await cache.read('c2', 'vms:list', 60_000, fn)).toBe(3);
    expect(cache.invalidate('c1')).toBe(2);
    expect(cache.stats().entries).toBe(1);
  });

  it('a read under way when invalidated answers its callers but is not stored; new callers start afresh', async () => {
    const cache = new BackendCache();
    const before = deferred<string>();
    const first = cache.read('c1', 'vms:get:1', 60_000, () => before.promise);
    cache.invalidate('c1', 'vms:');
    const fresh = vi.fn(async () => 'after');
    const second = cache.read('c1', 'vms:get:1', 60_000, fresh);
    expect(fresh).toHaveBeenCalledTimes(1);
    before.resolve('before');
    expect(await first).toBe('before');
    expect(await second).toBe('after');
    expect(await cache.read('c1', 'vms:get:1', 60_000, fresh)).toBe('after');
    expect(fresh).toHaveBeenCalledTimes(1);
  });

  it('errors are shared by concurrent callers but not cached', async () => {
    const cache = new BackendCache();
    const d = deferred<string>();
    const failing = vi.fn(() => d.promise);
    const a = cache.read('c1', 'k', 60_000, failing);
    const b = cache.read('c1', 'k', 60_000, failing);
    d.reject(new Error('engine down'));
    await expect(a).rejects.toThrow('engine down');
    await expect(b).rejects.toThrow('engine down');
    expect(failing).toHaveBeenCalledTimes(1);
    const ok = vi.fn(async () => 'back');
    expect(await cache.read('c1', 'k', 60_000, ok)).toBe('back');
    expect(ok).toHaveBeenCalledTimes(1);
  });

  it('a synchronous throw in fn becomes a rejection and is not cached', async () => {
    const cache = new BackendCache();
    await expect(
      cache.read('c1', 'k', 60_000, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(cache.stats().entries).toBe(0);
  });

  it('is bounded: the least recently used key goes first', async () => {
    const cache = new BackendCache({ maxEntries: 3 });
    const fn = vi.fn(async () => 'v');
    for (const k of ['a', 'b', 'c']) await cache.read('c1', k, 60_000, fn);
    await cache.read('c1', 'a', 60_000, fn); // a is now the most recent
    await cache.read('c1', 'd', 60_000, fn); // evicts b
    expect(cache.stats().entries).toBe(3);
    fn.mockClear();
    await cache.read('c1', 'a', 60_000, fn);
    await cache.read('c1', 'c', 60_000, fn);
    expect(fn).not.toHaveBeenCalled();
    await cache.read('c1', 'b', 60_000, fn);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('is bounded by size too: large pages push the oldest out, and one larger than the budget is answered but not kept', async () => {
    // A "page" of n VMs, each about 1 KB of JSON (2 KB by approxBytes).
    const page = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `vm-${i}`, name: 'x'.repeat(1_000) }));
    const cache = new BackendCache({ maxEntries: 100, maxBytes: 50_000 });
    const fn = vi.fn(async () => page(10)); // about 20 KB each
    for (const k of ['a', 'b', 'c']) await cache.read('c1', k, 60_000, fn);
    // Three of them would be about 60 KB: the oldest went.
    expect(cache.stats().entries).toBe(2);
    expect(cache.stats().bytes).toBeLessThanOrEqual(50_000);
    fn.mockClear();
    await cache.read('c1', 'c', 60_000, fn);
    expect(fn).not.toHaveBeenCalled();
    await cache.read('c1', 'a', 60_000, fn);
    expect(fn).toHaveBeenCalledTimes(1);

    const huge = vi.fn(async () => page(40)); // about 80 KB: more than the whole budget
    expect(await cache.read('c1', 'huge', 60_000, huge)).toHaveLength(40);
    await cache.read('c1', 'huge', 60_000, huge);
    expect(huge).toHaveBeenCalledTimes(2);
    // What was kept before is still there.
    fn.mockClear();
    await cache.read('c1', 'a', 60_000, fn);
    expect(fn).not.toHaveBeenCalled();
    // Invalidation gives the bytes back.
    invalidateAll(cache);
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('one caller leaving does not cancel the shared read; the last one leaving does', async () => {
    const cache = new BackendCache();
    let seen: AbortSignal | undefined;
    const d = deferred<string>();
    const fn = (signal: AbortSignal) => {
      seen = signal;
      return d.promise;
    };
    const leaving = new AbortController();
    const staying = new AbortController();
    const a = cache.read('c1', 'k', 60_000, fn, { signal: leaving.signal });
    const b = cache.read('c1', 'k', 60_000, fn, { signal: staying.signal });
    leaving.abort();
    const errorA = await a.catch((e: unknown) => e);
    expect(isBackendError(errorA, 'cancelled')).toBe(true);
    expect(seen!.aborted).toBe(false);
    d.resolve('done');
    expect(await b).toBe('done');

    const d2 = deferred<string>();
    const only = new AbortController();
    const c = cache.read('c1', 'k2', 60_000, (signal) => {
      seen = signal;
      return d2.promise;
    }, { signal: only.signal });
    only.abort();
    await expect(c).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen!.aborted).toBe(true);
    // Abandoned: the next caller starts a new read.
    const next = vi.fn(async () => 'new');
    expect(await cache.read('c1', 'k2', 60_000, next)).toBe('new');
    d2.reject(new Error('aborted'));
  });

  it('an already-cancelled caller is refused without calling fn', async () => {
    const cache = new BackendCache();
    const fn = vi.fn(async () => 'x');
    await expect(cache.read('c1', 'k', 1_000, fn, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('shared cache (cachedRead / invalidate)', () => {
  it('is one cache per process', async () => {
    clearBackendCache();
    const fn = vi.fn(async () => 42);
    expect(await cachedRead('c1', 'k', 60_000, fn)).toBe(42);
    expect(await cachedRead('c1', 'k', 60_000, fn)).toBe(42);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(invalidate('c1')).toBe(1);
    await cachedRead('c1', 'k', 60_000, fn);
    expect(fn).toHaveBeenCalledTimes(2);
    clearBackendCache();
  });
});
