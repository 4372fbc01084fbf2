/**
 * What the oVirt adapter does when the engine misbehaves, against the demo
 * engine's fault injection: expired tokens, 5xx, dropped connections,
 * slowness, conflicts; and what one VM list page costs in requests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { qualifyId, type Vm } from '@/lib/domain';
import { isBackendError, toClientError, type BackendError } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { expectBackendError, waitForVmStatus } from '@/test/contract/backend-contract';
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

const FIRST_PAGE = { page: 1, pageSize: 50 } as const;

async function vmIn(b: ReturnType<typeof demoBackend>['backend'], status: Vm['status']): Promise<Vm> {
  const vm = (await b.listVms!({ page: 1, pageSize: 1, filters: { status } })).items[0];
  if (!vm) throw new Error(`the demo engine has no ${status} VM`);
  return vm;
}

describe('authentication', () => {
  it('signs in once and reuses the token', async () => {
    const c = demoBackend(engine);
    await c.backend.listVms!(FIRST_PAGE);
    await c.backend.listHosts!(FIRST_PAGE);
    expect(c.authRequests()).toHaveLength(1);
    await c.backend.close();
  });

  it('after the engine forgets all tokens, signs in again once and succeeds', async () => {
    const c = demoBackend(engine);
    await c.backend.listVms!(FIRST_PAGE);
    c.reset();
    engine.faults.set({ expireTokens: true });
    const page = await c.backend.listVms!(FIRST_PAGE);
    expect(page.items.length).toBeGreaterThan(0);
    expect(c.authRequests()).toHaveLength(1);
    // The 401, then the repeat with the new token.
    expect(c.apiRequests()).toHaveLength(2);
    await c.backend.close();
  });

  it('wrong password → auth_failed with the engine’s description, no retry', async () => {
    const c = demoBackend(engine, { password: 'not-the-password' });
    const error = await c.backend.about().catch((e: unknown) => e);
    expect(isBackendError(error, 'auth_failed')).toBe(true);
    expect(toClientError(error).detail).toMatch(/\S/);
    expect(JSON.stringify(toClientError(error))).not.toContain('not-the-password');
    expect(c.authRequests()).toHaveLength(1);
  });

  it('about(): admin and self-service identities', async () => {
    const admin = demoBackend(engine);
    const user = demoBackend(engine, { id: 'u', identity: USER });
    await expect(admin.backend.about()).resolves.toMatchObject({ kind: 'ovirt', isAdmin: true, identity: { username: ADMIN.username } });
    await expect(user.backend.about()).resolves.toMatchObject({ isAdmin: false, identity: { username: USER.username } });
    await Promise.all([admin.backend.close(), user.backend.close()]);
  });

  it('a self-service user sees fewer VMs than the admin', async () => {
    const admin = demoBackend(engine);
    const user = demoBackend(engine, { id: 'u', identity: USER });
    const all = await admin.backend.listVms!({ page: 1, pageSize: 500 });
    const mine = await user.backend.listVms!({ page: 1, pageSize: 500 });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.length).toBeLessThan(all.items.length);
    await Promise.all([admin.backend.close(), user.backend.close()]);
  });
});

describe('retries', () => {
  it('repeats a GET that got a 500 (failNext: 1)', async () => {
    const c = demoBackend(engine);
    await c.backend.about();
    c.reset();
    engine.faults.set({ failNext: 1 });
    const page = await c.backend.listVms!(FIRST_PAGE);
    expect(page.items.length).toBeGreaterThan(0);
    expect(c.apiRequests().map((r) => [r.method, r.attempt])).toEqual([
      ['GET', 1],
      ['GET', 2],
    ]);
    await c.backend.close();
  });

  it('never repeats a POST (failNext: 1) and keeps the engine’s status', async () => {
    const c = demoBackend(engine);
    const vm = await vmIn(c.backend, 'stopped');
    c.reset();
    engine.faults.set({ failNext: 1 });
    const error = await c.backend.vmAction!(vm.id, 'start').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'backend_error', status: 500 });
    expect(c.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
    await c.backend.close();
  });

  it('a dropped connection on a GET is repeated (dropNext: 1)', async () => {
    const c = demoBackend(engine);
    await c.backend.about();
    c.reset();
    engine.faults.set({ dropNext: 1 });
    await expect(c.backend.listHosts!(FIRST_PAGE)).resolves.toMatchObject({ page: 1 });
    expect(c.apiRequests()).toHaveLength(2);
    await c.backend.close();
  });

  it('a dropped connection on a POST → unreachable, not repeated', async () => {
    const c = demoBackend(engine);
    const vm = await vmIn(c.backend, 'stopped');
    c.reset();
    engine.faults.set({ dropNext: 1 });
    await expectBackendError(c.backend.vmAction!(vm.id, 'start'), 'unreachable');
    expect(c.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
    await c.backend.close();
  });

  it('gives up after two repeats when the connection keeps dropping', async () => {
    const c = demoBackend(engine);
    await c.backend.about();
    c.reset();
    engine.faults.set({ dropNext: 5 });
    await expectBackendError(c.backend.listHosts!(FIRST_PAGE), 'unreachable');
    expect(c.apiRequests()).toHaveLength(3);
    await c.backend.close();
  });
});

describe('timeouts and reachability', () => {
  it('an answer slower than the request timeout → timeout', async () => {
    const c = demoBackend(engine, { runtime: { timeouts: { requestMs: 150 } } });
    await c.backend.about();
    engine.faults.set({ latencyMs: 1_000 });
    await expectBackendError(c.backend.listVms!(FIRST_PAGE), 'timeout');
    await c.backend.close();
  });

  it('cancelling a slow call → cancelled, not timeout', async () => {
    const c = demoBackend(engine);
    await c.backend.about();
    engine.faults.set({ latencyMs: 1_000 });
    const controller = new AbortController();
    const call = c.backend.listVms!(FIRST_PAGE, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expectBackendError(call, 'cancelled');
    await c.backend.close();
  });

  it('nobody listening → unreachable', async () => {
    const backend = createBackend({
      id: 'nowhere',
      kind: 'ovirt',
      name: 'Nowhere',
      url: 'http://127.0.0.1:9',
      username: ADMIN.username,
      password: ADMIN.password,
    });
    await expectBackendError(backend.about(), 'unreachable');
    await backend.close();
  });
});

describe('engine faults', () => {
  it('a 409 keeps the engine’s detail (starting a running VM)', async () => {
    const c = demoBackend(engine);
    const vm = await vmIn(c.backend, 'running');
    const error = await c.backend.vmAction!(vm.id, 'start').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', status: 409 });
    expect(toClientError(error).detail).toMatch(/\S/);
    await c.backend.close();
  });

  it('an unknown VM → not_found', async () => {
    const c = demoBackend(engine);
    await expectBackendError(c.backend.getVm!(qualifyId('demo', '00000000-0000-0000-0000-00000000beef')), 'not_found');
    await c.backend.close();
  });

  it('a bad native query → invalid_input with the engine’s words', async () => {
    const c = demoBackend(engine);
    const error = await c.backend.listVms!({ ...FIRST_PAGE, nativeQuery: 'name="unterminated' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input', status: 400 });
    await c.backend.close();
  });
});

describe('jobs', () => {
  it('an action names its job (by Correlation-Id) and the job reports progress', async () => {
    const c = demoBackend(engine);
    const vm = await vmIn(c.backend, 'stopped');
    const ref = await c.backend.vmAction!(vm.id, 'start');
    const task = await c.backend.findTask!(ref);
    expect(task).toBeDefined();
    expect(task!.id.startsWith('demo:')).toBe(true);
    expect(task!.progress).toBeGreaterThanOrEqual(0);
    expect(task!.progress).toBeLessThanOrEqual(100);
    expect(task!.correlationId).toBe(ref.correlationId);
    const again = await c.backend.getTask!(task!.id);
    expect(again.id).toBe(task!.id);
    const listed = await c.backend.listTasks!({ page: 1, pageSize: 100 });
    expect(listed.items.map((t) => t.id)).toContain(task!.id);
    await waitForVmStatus(c.backend, vm.id, 'running', 15_000, 50);
    await c.backend.vmAction!(vm.id, 'stop');
    await waitForVmStatus(c.backend, vm.id, 'stopped', 15_000, 50);
    await c.backend.close();
  });
});

describe('hosts and migration', () => {
  async function waitForHost(b: ReturnType<typeof demoBackend>['backend'], id: string, status: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if ((await b.getHost!(id)).status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`host ${id} did not become ${status}`);
  }

  it('a host goes to maintenance and comes back (hostDeactivate / hostActivate)', async () => {
    const c = demoBackend(engine);
    // A host of a multi-host cluster, so its VMs have somewhere to go (a lone host's
    // maintenance is refused by the engine); the one with the fewest VMs, to be quick.
    const hosts = (await c.backend.listHosts!({ page: 1, pageSize: 100, filters: { status: 'up', cluster: 'Default' } })).items;
    const host = [...hosts].sort((a, b) => (a.vmsTotal ?? 0) - (b.vmsTotal ?? 0))[0]!;
    const down = await c.backend.hostDeactivate!(host.id);
    expect(down.correlationId).toMatch(/\S/);
    await waitForHost(c.backend, host.id, 'maintenance');
    await c.backend.hostActivate!(host.id);
    await waitForHost(c.backend, host.id, 'up');
    await c.backend.close();
  });

  it('activating an up host → conflict with the engine’s words', async () => {
    const c = demoBackend(engine);
    const host = (await c.backend.listHosts!({ page: 1, pageSize: 1, filters: { status: 'up' } })).items[0]!;
    const error = await c.backend.hostActivate!(host.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', detail: expect.stringContaining('Cannot activate Host') });
    await c.backend.close();
  });

  it('migrates a running VM to another host of its cluster', async () => {
    const c = demoBackend(engine);
    const running = await c.backend.listVms!({ page: 1, pageSize: 100, filters: { status: 'running', cluster: 'Default' } });
    const vm = running.items.find((v) => v.host)!;
    const hosts = await c.backend.listHosts!({ page: 1, pageSize: 100, filters: { status: 'up', cluster: 'Default' } });
    const target = hosts.items.find((h) => h.id !== vm.host!.id)!;
    const ref = await c.backend.migrateVm!(vm.id, { hostId: target.id });
    expect(ref.correlationId).toMatch(/\S/);
    const deadline = Date.now() + 15_000;
    let now = await c.backend.getVm!(vm.id);
    while (now.host?.id !== target.id && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      now = await c.backend.getVm!(vm.id);
    }
    expect(now.host?.id).toBe(target.id);
    expect(now.status).toBe('running');
    await c.backend.close();
  });

  it('the guest agent’s logged-in users come with the VM list (followed, no request per VM) and the VM', async () => {
    const c = demoBackend(engine);
    const page = await c.backend.listVms!({ page: 1, pageSize: 100, filters: { status: 'running' } });
    const withAgent = page.items.filter((v) => v.ips?.length);
    expect(withAgent.length).toBeGreaterThan(0);
    for (const vm of withAgent) expect(vm.loggedInUsers?.length, vm.name).toBe(1);
    for (const user of withAgent.flatMap((v) => v.loggedInUsers!)) expect(['root', 'Administrator']).toContain(user);
    const linux = withAgent.find((v) => !/^win/.test(v.name))!;
    expect((await c.backend.getVm!(linux.id)).loggedInUsers).toEqual(['root']);
    const stopped = (await c.backend.listVms!({ page: 1, pageSize: 5, filters: { status: 'stopped' } })).items[0]!;
    expect(stopped.loggedInUsers).toBeUndefined();
    await c.backend.close();
  });

  it('cancelmigration stops a migration under way: the VM stays running on its source host; a VM not migrating is refused in the engine’s words', async () => {
    const c = demoBackend(engine);
    const running = await c.backend.listVms!({ page: 1, pageSize: 100, filters: { status: 'running', cluster: 'Default' } });
    const vm = running.items.filter((v) => v.host).at(-1)!;
    const source = vm.host!.id;
    await c.backend.migrateVm!(vm.id, {});
    expect((await c.backend.getVm!(vm.id)).status).toBe('migrating');
    await c.backend.cancelMigration!(vm.id);
    const after = await c.backend.getVm!(vm.id);
    expect(after.status).toBe('running');
    expect(after.host?.id).toBe(source);
    const refusal = await c.backend.cancelMigration!(vm.id).catch((e: unknown) => e);
    expect(isBackendError(refusal, 'conflict')).toBe(true);
    expect((refusal as BackendError).detail).toContain('VM is not being migrated');
    await c.backend.close();
  });

  it('clone: a stopped VM is copied with its own disks and new MACs, locked until the job ends; a running VM is refused', async () => {
    const c = demoBackend(engine);
    const stopped = (await c.backend.listVms!({ page: 1, pageSize: 100, filters: { status: 'stopped' } })).items.find((v) => v.disks?.length && v.nics?.length)!;
    const name = `clone-${Date.now().toString(36)}`;
    const created = await c.backend.cloneVm!(stopped.id, name);
    expect(created.taskId).toBeDefined();
    let clone = await c.backend.getVm!(created.id);
    expect(clone.name).toBe(name);
    expect(clone.status).toBe('locked');
    const deadline = Date.now() + 20_000;
    while (clone.status !== 'stopped' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      clone = await c.backend.getVm!(created.id);
    }
    expect(clone.status).toBe('stopped');
    expect((await c.backend.findTask!(created))?.status).toBe('finished');
    expect(clone.disks!.map((d) => d.id).some((id) => stopped.disks!.some((d) => d.id === id))).toBe(false);
    expect(clone.disks).toHaveLength(stopped.disks!.length);
    expect(clone.nics!.map((n) => n.mac)).not.toEqual(stopped.nics!.map((n) => n.mac));
    const running = (await c.backend.listVms!({ page: 1, pageSize: 5, filters: { status: 'running' } })).items[0]!;
    const refusal = await c.backend.cloneVm!(running.id, `${name}-2`).catch((e: unknown) => e);
    expect(isBackendError(refusal, 'conflict')).toBe(true);
    expect((refusal as BackendError).detail).toContain('VM must be in Down status');
    await c.backend.removeVm!(created.id, { keepDisks: false });
    await c.backend.close();
  });
});

describe('request cost', () => {
  let large: DemoEngine;
  beforeAll(async () => {
    large = await startDemoEngine('large');
  }, 120_000);
  afterAll(async () => {
    await large?.close();
  });

  async function costOfOneVmPage(target: DemoEngine): Promise<{ requests: number; vms: number }> {
    const c = demoBackend(target, { id: 'cost' });
    await c.backend.about(); // sign in outside the measurement
    c.reset();
    const page = await c.backend.listVms!(FIRST_PAGE);
    const requests = c.requests.length;
    await c.backend.close();
    return { requests, vms: page.items.length };
  }

  it('one VM list page costs the same whether the engine has 60 or 10,000 VMs', async () => {
    const small = await costOfOneVmPage(engine);
    const big = await costOfOneVmPage(large);
    expect(big.vms).toBe(50);
    expect(big.requests).toBe(small.requests);
    expect(small.requests).toBe(1);
  });

  it('the engine’s own counters agree: one API request per page', async () => {
    const c = demoBackend(large, { id: 'cost2' });
    await c.backend.about();
    large.stats.reset();
    await c.backend.listVms!(FIRST_PAGE);
    await c.backend.listVms!({ page: 2, pageSize: 50 });
    expect(large.stats.requests()).toBe(2);
    await c.backend.close();
  });

  it('a storage domain page costs one request per data center at most, not one per domain', async () => {
    const c = demoBackend(large, { id: 'cost3' });
    await c.backend.about();
    const dcs = await c.backend.listDataCenters!({ page: 1, pageSize: 500 });
    c.reset();
    const page = await c.backend.listStorageDomains!(FIRST_PAGE);
    expect(page.items.length).toBeGreaterThan(0);
    expect(c.requests.length).toBeLessThanOrEqual(1 + dcs.items.length);
    expect(page.items.every((sd) => sd.status !== 'unknown')).toBe(true);
    await c.backend.close();
  });
});
