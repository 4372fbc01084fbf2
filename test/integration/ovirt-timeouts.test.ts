/**
 * The oVirt adapter's timeouts, measured on real sockets: a connect to an address that never
 * completes the TCP handshake gives up after the connect timeout (5 s unless configured), and
 * every request carries the request timeout (30 s unless configured).
 *
 * The connect timeouts run against a "blackhole" (test/fixtures/blackhole.ts) that never completes a
 * TCP handshake, as a firewalled engine does.
 *
 * No test here bounds the elapsed time from above (a busy CI machine would make that flaky and it
 * proves nothing the error's named limit does not): which limit fired is read from the error, and
 * the lower bound shows the call did wait for it. How long the calls take is printed by
 * scripts/bench/timeouts.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackend } from '@/lib/backends/factory';
import { toClientError, type BackendRuntimeOptions } from '@/lib/backends';
import { ADMIN, demoBackend, startDemoEngine, type DemoEngine } from '@/test/contract/ovirt-demo';
import { startBlackhole, type Blackhole } from '@/test/fixtures/blackhole';

let hole: Blackhole;
let engine: DemoEngine;

beforeAll(async () => {
  hole = await startBlackhole();
  engine = await startDemoEngine('demo');
});
afterAll(async () => {
  await hole?.close();
  await engine?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function blackholed(runtime: BackendRuntimeOptions = {}) {
  return createBackend(
    { id: 'hole', kind: 'ovirt', name: 'Firewalled engine', url: `http://127.0.0.1:${hole.port}`, ...ADMIN },
    runtime,
  );
}

async function timed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe('connect timeout', () => {
  it('a configured 300 ms: the call fails as timeout after about 300 ms, naming the limit', async () => {
    const backend = blackholed({ timeouts: { connectMs: 300 } });
    const { error, ms } = await timed(backend.listVms!({ page: 1, pageSize: 5 }));
    expect(error).toMatchObject({ code: 'timeout' });
    expect(toClientError(error).message).toBe(`No connection to the oVirt engine at http://127.0.0.1:${hole.port} within 0.3 s.`);
    expect(ms).toBeGreaterThanOrEqual(280);
    await backend.close();
  });

  it('nothing configured: the 5 s default applies', async () => {
    const backend = blackholed();
    const { error, ms } = await timed(backend.about());
    expect(error).toMatchObject({ code: 'timeout' });
    expect(toClientError(error).message).toMatch(/within 5 s\.$/);
    expect(ms).toBeGreaterThanOrEqual(4_900);
    await backend.close();
  }, 20_000);
});

describe('request timeout', () => {
  /** The deadlines the adapter armed (AbortSignal.timeout) while running `fn`, in ms. */
  async function deadlinesDuring(fn: () => Promise<unknown>): Promise<number[]> {
    const spy = vi.spyOn(AbortSignal, 'timeout');
    await fn();
    const armed = spy.mock.calls.map(([ms]) => ms);
    spy.mockRestore();
    return armed;
  }

  it('nothing configured: sign-in and every read run under the 30 s default', async () => {
    const c = demoBackend(engine, { id: 'defaults' });
    const armed = await deadlinesDuring(async () => {
      await c.backend.listVms!({ page: 1, pageSize: 5 });
      await c.backend.listHosts!({ page: 1, pageSize: 5 });
    });
    expect(c.requests.length).toBeGreaterThanOrEqual(3);
    expect(armed).toEqual(c.requests.map(() => 30_000));
    // Signing out never holds a closing connection for long.
    expect(await deadlinesDuring(() => c.backend.close())).toEqual([3_000]);
  });

  it('a configured limit replaces it, and a slower answer fails as timeout after it', async () => {
    const c = demoBackend(engine, { id: 'short', runtime: { timeouts: { requestMs: 400 } } });
    await c.backend.about();
    engine.faults.set({ latencyMs: 2_000 });
    try {
      const { error, ms } = await timed(c.backend.listVms!({ page: 1, pageSize: 5 }));
      expect(error).toMatchObject({ code: 'timeout' });
      expect(toClientError(error).message).toMatch(/did not answer within 0\.4 s\.$/);
      expect(ms).toBeGreaterThanOrEqual(380);
    } finally {
      engine.faults.reset();
    }
    await c.backend.close();
  });
});
