/**
 * How the oVirt adapter reads the engine's refusals, against the demo engine speaking them as the
 * real one does: an action that fails with HTTP 200 (`status: failed`, the fault nested), an
 * action refused with 409 and the action body, a refused sign-in (HTTP 400, `error_code` and the
 * words in `error`); and that closing a connection signs out of the engine.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Vm } from '@/lib/domain';
import { toClientError } from '@/lib/backends';
import { ADMIN, USER, demoBackend, startDemoEngine, type DemoEngine } from '@/test/contract/ovirt-demo';

let engine: DemoEngine;

beforeAll(async () => {
  engine = await startDemoEngine('demo');
});
afterAll(async () => {
  await engine?.close();
});
afterEach(() => {
  engine.faults.reset();
});

async function vmIn(b: ReturnType<typeof demoBackend>['backend'], status: Vm['status']): Promise<Vm> {
  const vm = (await b.listVms!({ page: 1, pageSize: 1, filters: { status } })).items[0];
  if (!vm) throw new Error(`the demo engine has no ${status} VM`);
  return vm;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('failed actions', () => {
  it('HTTP 200 with status failed and a nested fault → backend_error with the engine’s detail; nothing changed, not repeated', async () => {
    const c = demoBackend(engine);
    const vm = await vmIn(c.backend, 'stopped');
    c.reset();
    engine.faults.set({ failActionsNext: 1 });
    const error = await failure(c.backend.vmAction!(vm.id, 'start'));
    expect(error).toMatchObject({ code: 'backend_error', detail: expect.stringContaining('VDSM command failed') });
    const client = toClientError(error);
    expect(client.message).toContain('Operation Failed');
    expect(client.detail).toContain('VDSM command failed');
    expect(c.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
    expect((await c.backend.getVm!(vm.id)).status).toBe('stopped');
    await c.backend.close();
  });

  it('a refused action (409, the action body with the fault nested) → conflict with the engine’s words', async () => {
    const c = demoBackend(engine);
    const vm = await vmIn(c.backend, 'running');
    const error = await failure(c.backend.vmAction!(vm.id, 'start'));
    expect(error).toMatchObject({ code: 'conflict', status: 409, detail: '[Cannot run VM. VM is running.]' });
    expect(toClientError(error).detail).toBe('[Cannot run VM. VM is running.]');
    await c.backend.close();
  });

  it('a refused host action keeps its words too', async () => {
    const c = demoBackend(engine);
    const host = (await c.backend.listHosts!({ page: 1, pageSize: 1, filters: { status: 'up' } })).items[0]!;
    const error = await failure(c.backend.hostActivate!(host.id));
    expect(error).toMatchObject({ code: 'conflict', detail: expect.stringContaining('Cannot activate Host') });
    await c.backend.close();
  });
});

describe('refused sign-in', () => {
  it.each([
    ['a wrong password', ADMIN.username, 'not-the-password'],
    ['an unknown user', 'nobody@internal', 'whatever-it-is'],
  ])('%s → auth_failed with the engine’s words, signed in once, password never echoed', async (_title, username, password) => {
    const c = demoBackend(engine, { id: 'refused', identity: { username, password } as unknown as typeof ADMIN });
    const error = await failure(c.backend.about());
    expect(error).toMatchObject({ code: 'auth_failed', status: 400 });
    const client = toClientError(error);
    expect(client.message).toBe('The engine refused the credentials.');
    expect(client.detail).toBe(`Cannot authenticate user '${username}': The username or password is incorrect.`);
    expect(JSON.stringify(client)).not.toContain(password);
    expect(c.authRequests()).toHaveLength(1);
    expect(c.apiRequests()).toHaveLength(0);
    await c.backend.close();
  });
});

describe('closing a connection', () => {
  it('signs out of the engine: the SSO session is gone, the token travels in the body, not the URL', async () => {
    const before = engine.ssoSessions(USER.username);
    const c = demoBackend(engine, { id: 'closing', identity: USER });
    await c.backend.listVms!({ page: 1, pageSize: 5 });
    expect(engine.ssoSessions(USER.username)).toBe(before + 1);
    c.reset();
    await c.backend.close();
    expect(engine.ssoSessions(USER.username)).toBe(before);
    expect(c.requests.map((r) => [r.method, r.url, r.purpose])).toEqual([['POST', '/ovirt-engine/services/sso-logout', 'auth']]);
  });

  it('a connection that never signed in closes without calling the engine; a closed one refuses calls', async () => {
    const c = demoBackend(engine, { id: 'idle' });
    await c.backend.close();
    expect(c.requests).toHaveLength(0);
    await expect(c.backend.listVms!({ page: 1, pageSize: 5 })).rejects.toMatchObject({ message: 'This connection has been closed.' });
  });

  it('after the engine forgot the token, close() still returns (the sign-out is best effort)', async () => {
    const c = demoBackend(engine, { id: 'forgotten' });
    await c.backend.about();
    engine.faults.set({ expireTokens: true });
    await expect(c.backend.close()).resolves.toBeUndefined();
  });
});
