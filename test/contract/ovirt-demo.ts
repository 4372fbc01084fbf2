/**
 * Contract subjects for oVirt: a demo engine on a free port
 * and adapters pointed at it, with a per-backend request log.
 */
import { startOvirtEngine } from '@/fakes/ovirt/server';
import type { BackendConfig, BackendRuntimeOptions, RequestInfo } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';

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
