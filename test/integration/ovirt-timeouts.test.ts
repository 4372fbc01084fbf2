/**
 * The oVirt adapter's timeouts, measured on real sockets: a connect to an address that never
 * completes the TCP handshake gives up after the connect timeout (5 s unless configured), and
 * every request carries the request timeout (30 s unless configured).
 *
 * The "blackhole" is a listening socket whose accept queue is full and whose owner never accepts
 * (a worker thread parked in Atomics.wait): the kernel then drops further SYNs, so a connect hangs
 * as it does towards a firewalled engine. A routed test address would not do: sandboxes and CI
 * networks may answer or refuse those at once.
 */
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBackend } from '@/lib/backends/factory';
import { toClientError, type BackendRuntimeOptions } from '@/lib/backends';
import { ADMIN, demoBackend, startDemoEngine, type DemoEngine } from '@/test/contract/ovirt-demo';

interface Blackhole {
  port: number;
  close(): Promise<void>;
}

async function startBlackhole(): Promise<Blackhole> {
  const wake = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const server = require('node:net').createServer();
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
      parentPort.postMessage(server.address().port);
      // Park the thread: its event loop never runs, so nothing is ever accepted.
      Atomics.wait(workerData, 0, 0);
      server.close();
      process.exit(0);
    });
    `,
    { eval: true, workerData: wake },
  );
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Fill the accept queue until a connect no longer completes: from then on SYNs are dropped.
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 16; i++) {
    const socket = net.connect({ host: '127.0.0.1', port });
    fillers.push(socket);
    socket.on('error', () => {});
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) break;
    if (i === 15) throw new Error('the blackhole keeps accepting connections');
  }
  return {
    port,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      Atomics.store(wake, 0, 1);
      Atomics.notify(wake, 0);
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

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
    expect(ms).toBeLessThan(2_000);
    await backend.close();
  });

  it('nothing configured: the 5 s default applies', async () => {
    const backend = blackholed();
    const { error, ms } = await timed(backend.about());
    expect(error).toMatchObject({ code: 'timeout' });
    expect(toClientError(error).message).toMatch(/within 5 s\.$/);
    expect(ms).toBeGreaterThanOrEqual(4_900);
    expect(ms).toBeLessThan(8_000);
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
      expect(ms).toBeLessThan(1_900);
    } finally {
      engine.faults.reset();
    }
    await c.backend.close();
  });
});
