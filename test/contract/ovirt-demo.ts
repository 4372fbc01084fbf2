/**
 * Contract subjects for oVirt: a demo engine on a free port
 * and adapters pointed at it, with a per-backend request log.
 */
import { afterAll, beforeAll } from 'vitest';
import { startOvirtEngine } from '@/fakes/ovirt/server';
import type { BackendConfig, BackendRuntimeOptions, RequestInfo } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import type { Vm } from '@/lib/domain';

export type DemoEngine = Awaited<ReturnType<typeof startOvirtEngine>>;

export const ADMIN = { username: 'admin@internal', password: 'demo-admin' } as const;
export const USER = { username: 'user1@internal', password: 'demo-user' } as const;

export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export async function startDemoEngine(size: 'demo' | 'large' = 'demo', options: { record?: RecordedResponse[] } = {}): Promise<DemoEngine> {
  // timeScale: the engine's own delays (boot, shutdown, jobs) run 100× faster.
  const record = options.record;
  return startOvirtEngine({ port: 0, size, timeScale: 0.01, onResponse: record ? (r) => void record.push(r) : undefined });
}

export interface CountingBackend {
  backend: ReturnType<typeof createBackend>;
  requests: RequestInfo[];
  /** API requests (not sign-in) since the last reset. */
  apiRequests(): RequestInfo[];
  authRequests(): RequestInfo[];
  reset(): void;
}

export function demoBackend(
  engine: DemoEngine,
  options: { id?: string; identity?: typeof ADMIN | typeof USER; filter?: boolean; password?: string; runtime?: BackendRuntimeOptions } = {},
): CountingBackend {
  const identity = options.identity ?? ADMIN;
  const requests: RequestInfo[] = [];
  const config: BackendConfig = {
    id: options.id ?? 'demo',
    kind: 'ovirt',
    name: 'Demo engine',
    url: engine.url,
    username: identity.username,
    password: options.password ?? identity.password,
    filter: options.filter ?? identity === USER,
  };
  const backend = createBackend(config, {
    retry: { backoffMs: 5 },
    ...options.runtime,
    onRequest: (info) => requests.push(info),
  });
  return {
    backend,
    requests,
    apiRequests: () => requests.filter((r) => r.purpose === 'api'),
    authRequests: () => requests.filter((r) => r.purpose === 'auth'),
    reset: () => {
      requests.length = 0;
    },
  };
}

/**
 * A demo engine and an admin adapter on it for the whole test file (started before, closed after);
 * the returned function gives both once the engine is up.
 */
export function demoForFile(): () => { engine: DemoEngine; backend: ReturnType<typeof createBackend> } {
  let engine: DemoEngine | undefined;
  let backend: ReturnType<typeof createBackend> | undefined;
  beforeAll(async () => {
    engine = await startDemoEngine('demo');
    backend = demoBackend(engine).backend;
  });
  afterAll(async () => {
    await backend?.close();
    await engine?.close();
  });
  return () => ({ engine: engine!, backend: backend! });
}

/** demoForFile when only the adapter is needed. */
export function demoAdapterForFile(): () => ReturnType<typeof createBackend> {
  const demo = demoForFile();
  return () => demo().backend;
}

/** The VM of that name, as listed (`full`: read again by id, with its devices and details). */
export async function vmNamed(backend: ReturnType<typeof createBackend>, name: string, full = true): Promise<Vm> {
  const page = await backend.listVms!({ page: 1, pageSize: 5, filters: { name } });
  const listed = page.items.find((v) => v.name === name);
  if (!listed) throw new Error(`no VM named ${name} in the demo engine`);
  return full ? backend.getVm!(listed.id) : listed;
}
