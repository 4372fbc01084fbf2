/**
 * Contract subjects for oVirt: a demo engine on a free port
 * and adapters pointed at it, with a per-backend request log.
 */
import { afterAll, beforeAll } from 'vitest';
import { startOvirtEngine } from '@/fakes/ovirt/server';
import type { BackendConfig, BackendRuntimeOptions, ConsoleSshStore, RequestInfo } from '@/lib/backends';
import { generateSshPrivateKey } from '@/lib/crypto/ssh-keygen';
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
  // vmconsolePort: its serial console proxy (SSH) on a free port, as the demo runs it.
  return startOvirtEngine({ port: 0, size, timeScale: 0.01, vmconsolePort: 0, onResponse: record ? (r) => void record.push(r) : undefined });
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
    serialConsolePort: engine.vmconsole?.port,
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

/**
 * The dashboard's console SSH keys kept in memory (the database's store is lib/services/console-ssh.ts):
 * one generated key per connection, host keys recorded on first use. `hostKeys` is open for tests.
 */
export function memoryConsoleSsh(): ConsoleSshStore & { hostKeys: Map<string, string>; keys: Map<string, string> } {
  const keys = new Map<string, string>();
  const hostKeys = new Map<string, string>();
  return {
    keys,
    hostKeys,
    async privateKey(connectionId) {
      if (!keys.has(connectionId)) keys.set(connectionId, await generateSshPrivateKey());
      return keys.get(connectionId)!;
    },
    async trustHostKey(connectionId, address, hostKey) {
      const at = `${connectionId} ${address}`;
      const recorded = hostKeys.get(at);
      if (!recorded) hostKeys.set(at, hostKey);
      return { recorded };
    },
  };
}
