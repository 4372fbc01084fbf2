/**
 * Contract subjects for Cinder: the fake Keystone + Cinder on a free port and
 * adapters pointed at it, with a per-backend request log.
 */
import { startCinderFake, type CinderFakeOptions } from '@/fakes/cinder/server';
import type { BackendConfig, BackendRuntimeOptions, RequestInfo } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';

export type CinderFakeServer = Awaited<ReturnType<typeof startCinderFake>>;

export const CINDER_ADMIN = { username: 'admin', password: 'demo-admin' } as const;
export const CINDER_MEMBER = { username: 'member', password: 'demo-member' } as const;

export function startFakeCinder(options: CinderFakeOptions = {}): Promise<CinderFakeServer> {
  // The storage delays (create 3 s, extend 3 s…) run 100× faster.
  return startCinderFake({ port: 0, timeScale: 0.01, ...options });
}

export function cinderBackend(
  fake: CinderFakeServer,
  options: {
    id?: string;
    identity?: { username: string; password: string };
    url?: string;
    runtime?: BackendRuntimeOptions;
  } = {},
) {
  const identity = options.identity ?? CINDER_ADMIN;
  const requests: RequestInfo[] = [];
  const config: BackendConfig = {
    id: options.id ?? 'cinder',
    kind: 'cinder',
    name: 'Fake Cinder',
    url: options.url ?? `${fake.url}?project=demo`,
    username: identity.username,
    password: identity.password,
  };
  const backend = createBackend(config, { retry: { backoffMs: 5 }, ...options.runtime, onRequest: (info) => requests.push(info) });
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
