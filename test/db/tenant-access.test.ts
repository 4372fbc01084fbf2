import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './setup-env';

/**
 * Tenants reaching what is not theirs (issue 14, points 1-3), against the demo oVirt engine and a
 * real database: an id spelled differently (upper-case UUID, as the engine itself accepts) names
 * the same VM and the same ownership row; the console follows the same rule as every other portal
 * entry point; another user's VM and an unknown one get the same answer.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);

const request = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null), signIn: async () => {}, signOut: async () => {}, handlers: { GET: async () => new Response(null), POST: async () => new Response(null) } }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-virtdash-client-ip': '203.0.113.7' }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { hashPassword } = await import('@/lib/auth/password');
const { createAuthSession } = await import('@/lib/auth/sessions');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { registerDemoConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends, getBackend, upsertConnectionByName } = await import('@/lib/services/connections');
const { recordOwnership } = await import('@/lib/services/ownership');

const BASE = 'http://dashboard.test';
const ORIGIN = { origin: BASE };
const post = (p: string, body: unknown) => new Request(`${BASE}${p}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...ORIGIN } });
const get = (p: string) => new Request(`${BASE}${p}`);

const users: Record<'owner' | 'other', { id: string; sid: string; role: 'user' }> = {} as never;
let engine: Awaited<ReturnType<typeof startOvirtEngine>>;
/** Native ids of the demo engine's VMs by name, as the admin identity sees them. */
const nativeOf: Record<string, string> = {};
let filterId = '';
let plainUserId = '';

const as = (who: 'owner' | 'other' | null) => {
  request.sid = who ? users[who].sid : null;
};
const upper = (qid: string) => {
  const i = qid.indexOf(':');
  return `${qid.slice(0, i)}:${qid.slice(i + 1).toUpperCase()}`;
};

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  const passwordHash = await hashPassword('tenant-password');
  for (const name of ['owner', 'other'] as const) {
    const id = (await getDb().user.create({ data: { username: `tenant-${name}`, role: 'user', passwordHash } })).id;
    users[name] = { id, sid: (await createAuthSession(id, '203.0.113.1', null)).id, role: 'user' };
  }
  engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01 });
  const admin = await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'demo-admin' });
  for (const v of (await (await getBackend(admin.id)).listVms!({ page: 1, pageSize: 500 })).items) nativeOf[v.name] = v.nativeId;
  // The engine's own user1, with Filter: the engine decides what portal users see on it.
  filterId = (
    await upsertConnectionByName(
      { kind: 'ovirt', name: 'Engine as user1 (Filter)', url: engine.url, username: 'user1@internal', password: 'demo-user', insecureSkipVerify: false, useFilter: true, enabled: true },
      { source: 'file', simulated: true },
    )
  ).connection.id;
  // The same identity WITHOUT Filter: an ordinary connection; only ownership opens its VMs to users.
  plainUserId = (
    await upsertConnectionByName(
      { kind: 'ovirt', name: 'Engine as user1 (no Filter)', url: engine.url, username: 'user1@internal', password: 'demo-user', insecureSkipVerify: false, useFilter: false, enabled: true },
      { source: 'file', simulated: true },
    )
  ).connection.id;
  // web-03 is user1's at the engine, and Owner owns it here.
  await recordOwnership({ vmId: `${filterId}:${nativeOf['web-03']}`, vmName: 'web-03', ownerId: users.owner.id, allocation: { vms: 1, vcpus: 1, memoryMiB: 1024, storageGiB: 10 } });
}, 120_000);

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await getDb().$disconnect();
});

describe('ownership follows the VM, not the spelling of its id', () => {
  it('another user asking for an owned VM with its UUID in upper case is refused everywhere, like an unknown VM', async () => {
    const alias = upper(`${filterId}:${nativeOf['web-03']}`);
    // The engine itself takes the upper-case spelling: the same VM.
    expect((await (await getBackend(filterId)).getVm!(alias)).name).toBe('web-03');
    const { powerMyVm, snapshotMyVm, myVm } = await import('@/lib/services/portal');
    const { VmNotYoursError } = await import('@/lib/services/access');
    const other = users.other;
    await expect(myVm(other, alias)).rejects.toBeInstanceOf(VmNotYoursError);
    await expect(powerMyVm(other, alias, 'reboot')).rejects.toBeInstanceOf(VmNotYoursError);
    await expect(snapshotMyVm(other, alias, 'not mine')).rejects.toBeInstanceOf(VmNotYoursError);
    as('other');
    const { GET } = await import('@/app/api/portal/vms/route');
    expect((await GET(get(`/api/portal/vms?vm=${encodeURIComponent(alias)}`), {})).status).toBe(404);
    const { POST } = await import('@/app/api/console/ticket/route');
    const ticket = await POST(post('/api/console/ticket', { vmId: alias }), {});
    expect(ticket.status).toBe(404);
    expect(JSON.stringify(await ticket.json())).not.toContain('token');
  });

  it('the owner reaches their VM through the alias, and deleting it through the alias frees the real record', async () => {
    const { myVm, deleteMyVm } = await import('@/lib/services/portal');
    const real = `${filterId}:${nativeOf['web-03']}`;
    const alias = upper(real);
    const mine = await myVm(users.owner, alias);
    expect(mine.ownership?.vmId).toBe(real);
    expect(mine.vm?.id).toBe(real);
    // web-03 runs: stop it first, as the engine wants a VM down to remove it.
    const backend = await getBackend(filterId);
    await backend.vmAction!(real, 'stop');
    await expect.poll(async () => (await backend.getVm!(real)).status, { timeout: 20_000 }).toBe('stopped');
    expect(await deleteMyVm(users.owner, alias, 'web-03')).toBe('web-03');
    expect(await getDb().vmOwnership.count({ where: { ownerId: users.owner.id } })).toBe(0);
  });
});

describe('one access rule, consoles included', () => {
  it('a VM nobody owns on a connection without Filter opens no console to a user, even when its identity is not an engine admin', async () => {
    const vmId = `${plainUserId}:${nativeOf['desk-user1-01']}`;
    expect((await (await getBackend(plainUserId)).about()).isAdmin).toBe(false);
    const { consolePageFor } = await import('@/lib/console/service');
    expect(await consolePageFor(users.other, vmId)).toEqual({ allowed: false });
    as('other');
    const { POST } = await import('@/app/api/console/ticket/route');
    const ticket = await POST(post('/api/console/ticket', { vmId }), {});
    expect(ticket.status).toBe(404);
    expect(JSON.stringify(await ticket.json())).not.toContain('token');
    // The same VM on the Filter connection is the engine's to decide: user1 may see it there.
    expect((await consolePageFor(users.other, `${filterId}:${nativeOf['desk-user1-01']}`)).allowed).toBe(true);
  });

  it("the ticket route answers another user's VM exactly like an unknown one", async () => {
    const owned = `${filterId}:${nativeOf['desk-user1-02']}`;
    await recordOwnership({ vmId: owned, vmName: 'desk-user1-02', ownerId: users.owner.id, allocation: { vms: 1, vcpus: 1, memoryMiB: 1024, storageGiB: 10 } });
    const { POST } = await import('@/app/api/console/ticket/route');
    as('other');
    const theirs = await POST(post('/api/console/ticket', { vmId: owned }), {});
    const unknown = await POST(post('/api/console/ticket', { vmId: `${filterId}:6d1f0a52-0000-4000-8000-000000000000` }), {});
    const otherConnection = await POST(post('/api/console/ticket', { vmId: 'no-such-connection:6d1f0a52-0000-4000-8000-000000000000' }), {});
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(otherConnection.status).toBe(404);
    const body = await theirs.text();
    expect(await unknown.text()).toBe(body);
    expect(await otherConnection.text()).toBe(body);
  });
});
