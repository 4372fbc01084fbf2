import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findEntryPoints } from '../entry-points';
import { sameOriginJson, sameOriginRequest } from '../same-origin';
import { freshDatabase } from './setup-env';

/**
 * The authorization sweep: every server entry point the build has is found by scanning the source
 * (../entry-points.ts: 'use server' files anywhere, comments before the directive or not, inline
 * 'use server' functions, route handlers anywhere under app/), and each must have a rule below, so
 * a new action or route without one fails here. Each is then called for real as anonymous, as a
 * user who owns a VM, as another user and as an admin, against a database with real sessions and
 * the demo oVirt engine, and the answer must be exactly what its rule allows; the VM's id is also
 * tried spelled other ways (upper case, spaces, percent-encoded), and the console rule on its own.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);

const request = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null), signIn: async () => {}, signOut: async () => {}, handlers: { GET: async () => new Response(null), POST: async () => new Response(null) } }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-virtdash-client-ip': '203.0.113.7' }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  const messages = (await import('@/messages/en.json')).default;
  return { getTranslations: async (namespace?: string) => createTranslator({ locale: 'en', messages, namespace: namespace as never }) };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { hashPassword } = await import('@/lib/auth/password');
const { createAuthSession } = await import('@/lib/auth/sessions');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { startCinderFake } = await import('@/fakes/cinder/server');
const { registerDemoCinderConnection, registerDemoConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends, getBackend } = await import('@/lib/services/connections');
const { recordOwnership, recordVolumeOwnership } = await import('@/lib/services/ownership');
const en = (await import('@/messages/en.json')).default;

type Caller = 'anonymous' | 'owner' | 'other' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'owner', 'other', 'admin'];
/** What a caller got: refused as not signed in, forbidden, not found (not theirs), or let through. */
type Outcome = 401 | 403 | 404 | 'allowed';

type Vm = { id: string; name: string };
type Rule =
  | { kind: 'public'; why: string }
  | { kind: 'admin' }
  /** Any signed-in user; nothing in it belongs to anyone (a launch creates the caller's own VM). */
  | { kind: 'user' }
  /** Signed-in users on their own VM (admins on any); valid input naming the owner's VM. */
  | { kind: 'owner'; input: (vm: Vm) => Record<string, string> }
  /** Signed-in users on their own portal volume (admins on any); valid input naming the owner's volume. */
  | { kind: 'volume-owner'; input: (volume: Vm) => Record<string, string> }
  | { kind: 'owner-route'; request: (vm: Vm) => Request; otherStatus: 403 | 404 };

const BASE = 'http://dashboard.test';
// Same-origin requests, as the browser sends them (non-GET routes check Origin).
const get = (p: string) => new Request(`${BASE}${p}`);
// State-changing routes refuse other origins (lib/auth/same-origin.ts): the sweep calls them as the dashboard's own page.
const post = (p: string, body: unknown) => sameOriginJson(`${BASE}${p}`, body);
const postForm = (p: string, fields: Record<string, string>) => sameOriginRequest(`${BASE}${p}`, { method: 'POST', body: new URLSearchParams(fields) });

/**
 * Server actions by export name, wherever their file lives (app/…/actions.ts today, lib/actions/<area>.ts
 * after the move): the names are unique across action files (checked below), the paths are not stable.
 */
const ADMIN_ACTIONS = [
  // connections
  'createConnectionAction', 'updateConnectionAction', 'testConnectionFormAction', 'testSavedConnectionAction', 'setConnectionEnabledAction', 'deleteConnectionAction',
  // portal administration
  'catalogCreateAction', 'catalogPublishAction', 'catalogDeleteAction', 'flavorCreateAction', 'flavorDeleteAction', 'groupCreateAction', 'groupDeleteAction',
  'groupAddMemberAction', 'groupRemoveMemberAction', 'quotaSetAction', 'quotaClearAction', 'ownershipAssignAction', 'ownershipReleaseAction',
  'volumeOwnershipAssignAction', 'volumeOwnershipReleaseAction',
  // users
  'createUserAction', 'setUserDisabledAction', 'resetPasswordAction', 'changeRoleAction', 'unlockUserSignInAction',
  // clusters, data centers, hosts, storage, disks
  'createClusterAction', 'editClusterAction', 'removeClusterAction', 'createDataCenterAction', 'editDataCenterAction', 'removeDataCenterAction',
  'addHostAction', 'removeHostAction', 'hostAction', 'createStorageDomainAction', 'attachStorageDomainAction', 'storageDomainStateAction',
  'removeStorageDomainAction', 'importExportedAction', 'discoverIscsiAction', 'loginIscsiAction', 'hostLunsAction', 'diskCreateAction', 'diskResizeAction', 'diskRemoveAction',
  // VMs, snapshots, templates
  'vmPowerAction', 'vmRunOnceAction', 'vmMigrateAction', 'vmEditAction', 'vmDeleteAction', 'vmCreateAction', 'snapshotCreateAction', 'snapshotOpAction',
  'snapshotCloneAction', 'templateCreateAction', 'templateDeleteAction', 'vmCancelMigrationAction', 'vmCloneAction',
  // a VM's disks, NICs and CD-ROM (issue 19)
  'vmDiskAddAction', 'vmDiskAttachAction', 'vmDiskUpdateAction', 'vmDiskGrowAction', 'vmDiskDetachAction', 'vmNicAddAction', 'vmNicUpdateAction', 'vmNicRemoveAction',
  'vmCdromAction', 'vmSettingsAction',
  // affinity groups and labels (issue 19)
  'affinityGroupCreateAction', 'affinityGroupUpdateAction', 'affinityGroupRemoveAction', 'affinityGroupMemberAction', 'affinityLabelCreateAction',
  'affinityLabelRemoveAction', 'affinityLabelMemberAction', 'vmAffinityGroupAction', 'vmAffinityLabelAction',
  // volumes
  'createVolumeAction', 'deleteVolumeAction', 'extendVolumeAction', 'setBootableAction', 'retypeVolumeAction', 'createSnapshotAction', 'deleteSnapshotAction', 'revertVolumeAction',
  'attachVolumeAction', 'detachVolumeAction',
  // images (Glance)
  'deleteImageAction',
  // networks
  'createNetworkAction', 'editNetworkAction', 'removeNetworkAction', 'clusterNetworkAction', 'vnicProfileAction', 'removeVnicProfileAction', 'setupHostNetworksAction',
  'createVirtualNetworkAction', 'virtualNetworkOpAction', 'dhcpRangeAction', 'bandwidthAction', 'createNetworkQosAction', 'removeNetworkQosAction',
  // gluster
  'createGlusterVolumeAction', 'glusterVolumeOpAction', 'glusterOptionAction', 'glusterAddBricksAction', 'glusterBricksAction', 'glusterReplaceBrickAction',
  // hosted engine, service health
  'hostedEngineMaintenanceAction', 'serviceEnabledAction',
].map((name) => `action:${name}`);
const ADMIN_ROUTES = [
  'app/api/admin/whoami/route.ts#GET',
  'app/api/admin/services/route.ts#GET',
  'app/api/inventory/[resource]/route.ts#GET',
  'app/api/images/uploads/[id]/finalize/route.ts#POST',
  'app/api/images/uploads/[id]/route.ts#GET',
  'app/api/images/uploads/[id]/route.ts#PUT',
  'app/api/images/uploads/[id]/route.ts#DELETE',
  'app/api/images/uploads/route.ts#POST',
  'app/api/uploads/[id]/finalize/route.ts#POST',
  'app/api/uploads/[id]/route.ts#GET',
  'app/api/uploads/[id]/route.ts#PUT',
  'app/api/uploads/[id]/route.ts#DELETE',
  'app/api/uploads/route.ts#POST',
  'app/api/vm-ops/state/route.ts#GET',
  'app/api/vm-devices/route.ts#GET',
  'app/api/vm-settings/route.ts#GET',
  'app/api/affinity/route.ts#GET',
  'app/api/vm-affinity/route.ts#GET',
  'app/api/volumes/[id]/route.ts#GET',
  'app/api/volumes/[id]/snapshots/route.ts#GET',
];

/** Rules for everything that is not admin only. */
const RULES: Record<string, Rule> = {
  'action:loginAction': { kind: 'public', why: 'signing in is what anonymous callers do' },
  'action:setupAction': { kind: 'public', why: 'the one-time setup link, checked by its own token' },
  'action:signOutAction': { kind: 'public', why: 'signing out never needs a permission' },
  'action:setLocale': { kind: 'public', why: 'a cookie of the browser, checked against the known list' },
  'action:setTheme': { kind: 'public', why: 'a cookie of the browser, checked against the known list' },
  'app/api/auth/[...nextauth]/route.ts#GET': { kind: 'public', why: 'Auth.js itself (session, CSRF token)' },
  'app/api/auth/[...nextauth]/route.ts#POST': { kind: 'public', why: 'Auth.js itself (sign-in callbacks)' },
  'app/api/health/route.ts#GET': { kind: 'public', why: 'load balancers probe it without a session' },
  'app/api/oidc/login/route.ts#GET': { kind: 'public', why: 'starts an OIDC sign-in (a redirect to the provider; creates nothing)' },
  'app/api/oidc/callback/route.ts#GET': { kind: 'public', why: 'the OIDC provider sends the browser here; refused without the state cookie (test/db/oidc.test.ts)' },
  'action:launchAction': { kind: 'user' },
  'action:portalPowerAction': { kind: 'owner', input: (vm) => ({ id: vm.id, action: 'reboot' }) },
  'action:portalSnapshotCreateAction': { kind: 'owner', input: (vm) => ({ vmId: vm.id, description: 'sweep' }) },
  'action:portalSnapshotOpAction': { kind: 'owner', input: (vm) => ({ vmId: vm.id, op: 'undo' }) },
  'action:portalResizeAction': { kind: 'owner', input: (vm) => ({ id: vm.id, flavorId: 'no-such-flavor' }) },
  // A wrong confirmation: the owner reaches the name check (and nothing is deleted).
  'action:portalDeleteAction': { kind: 'owner', input: (vm) => ({ id: vm.id, confirmName: `not-${vm.name}` }) },
  'action:portalVolumeCreateAction': { kind: 'user' },
  // Each reaches a check that changes nothing for the owner: a size not larger, a wrong name.
  'action:portalVolumeExtendAction': { kind: 'volume-owner', input: (v) => ({ id: v.id, newSizeGiB: '1' }) },
  'action:portalVolumeSnapshotAction': { kind: 'volume-owner', input: (v) => ({ volumeId: v.id, name: 'sweep' }) },
  // A snapshot id of no snapshot of this volume: the owner reaches that check, nothing is deleted.
  'action:portalVolumeSnapshotDeleteAction': { kind: 'volume-owner', input: (v) => ({ volumeId: v.id, snapshotId: `${v.id.split(':')[0]}:no-such-snapshot` }) },
  'action:portalVolumeDeleteAction': { kind: 'volume-owner', input: (v) => ({ id: v.id, confirmName: `not-${v.name}` }) },
  // The owner's VM is on the demo engine, which takes no Cinder volume: the owner reaches that refusal, nothing changes.
  'action:portalVolumeAttachAction': { kind: 'volume-owner', input: (v) => ({ id: v.id, vmId: vm.id }) },
  'action:portalVolumeDetachAction': { kind: 'volume-owner', input: (v) => ({ id: v.id, vmId: vm.id }) },
  // Each user's own keys: the service scopes every call to the caller (test/db/ssh-keys.test.ts).
  'action:sshKeyAddAction': { kind: 'user' },
  'action:sshKeyRemoveAction': { kind: 'user' },
  'app/api/portal/vms/route.ts#GET': { kind: 'owner-route', request: (vm) => get(`/api/portal/vms?vm=${encodeURIComponent(vm.id)}`), otherStatus: 404 },
  'app/api/console/ticket/route.ts#POST': { kind: 'owner-route', request: (vm) => post('/api/console/ticket', { vmId: vm.id }), otherStatus: 404 },
  'app/api/console/vv/route.ts#POST': { kind: 'owner-route', request: (vm) => postForm('/api/console/vv', { vm: vm.id }), otherStatus: 404 },
};

/**
 * Server actions defined inline ('use server' inside a function, e.g. in a server component): the
 * sweep cannot call a closure, so each needs a written reason here, reviewed like code. Prefer a
 * roleAction in lib/actions, which the sweep calls for real. Keyed `file#functionName`.
 */
const INLINE_RULES: Record<string, string> = {};

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function ruleFor(key: string): Rule | undefined {
  return RULES[key] ?? (ADMIN_ACTIONS.includes(key) || ADMIN_ROUTES.includes(key) ? { kind: 'admin' } : undefined);
}

/** Every server action export and route handler method the build has, found by scanning the source. */
async function enumerate() {
  const points = findEntryPoints(process.cwd());
  const actions: Array<{ key: string; file: string; fn: (...args: unknown[]) => Promise<unknown> }> = [];
  const routes: Array<{ key: string; fn: (req: Request, ctx: unknown) => Promise<Response> }> = [];
  for (const file of points.actionFiles) {
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') actions.push({ key: `action:${name}`, file, fn: value as never });
  }
  for (const file of points.routeFiles) {
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === 'function' && HTTP_METHODS.includes(name)) routes.push({ key: `${file}#${name}`, fn: value as never });
  }
  const inline = points.inline.map((f) => `${f.file}#${f.name.replace(/@\d+$/, '')}`);
  return { actions, routes, inline };
}

/** The same VM id spelled the ways a caller could: upper case, surrounded by spaces, percent-encoded. */
function spellings(id: string): Record<'upper' | 'spaces' | 'encoded', string> {
  const i = id.indexOf(':');
  return { upper: `${id.slice(0, i)}:${id.slice(i + 1).toUpperCase()}`, spaces: ` ${id} `, encoded: encodeURIComponent(id) };
}

const sessions: Record<string, string> = {};
const ids: Record<string, string> = {};
let engine: Awaited<ReturnType<typeof startOvirtEngine>>;
let cinder: Awaited<ReturnType<typeof startCinderFake>>;
let vm: Vm;
/** A VM Owner owns on a Filter: true connection acting as the engine's user1 (the engine shows it to user1). */
let filterVm: Vm;
/** A VM nobody owns on a connection acting as user1 WITHOUT Filter. */
let plainUnowned: Vm;
let volume: Vm;
let found: Awaited<ReturnType<typeof enumerate>>;

function as(caller: Caller) {
  request.sid = caller === 'anonymous' ? null : sessions[caller];
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

function actionOutcome(state: { message?: string } | undefined): Outcome {
  if (state?.message === en.errors.unauthorized) return 401;
  if (state?.message === en.errors.forbidden) return 403;
  if (state?.message === en.portal.errors.vmNotFound || state?.message === en.portal.volumes.errors.notFound) return 404;
  return 'allowed';
}

function routeOutcome(status: number): Outcome {
  return status === 401 || status === 403 || status === 404 ? status : 'allowed';
}

const CONTEXT = { params: Promise.resolve({ id: 'sweep-none', resource: 'vms', nextauth: ['session'] }) };

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  const passwordHash = await hashPassword('sweep-password');
  for (const [name, role] of [['admin', 'admin'], ['owner', 'user'], ['other', 'user']] as const) {
    ids[name] = (await getDb().user.create({ data: { username: `sweep-${name}`, role, passwordHash } })).id;
    sessions[name] = (await createAuthSession(ids[name], '203.0.113.1', null)).id;
  }
  engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01 });
  const connection = await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'demo-admin' });
  const backend = await getBackend(connection.id);
  const running = (await backend.listVms!({ page: 1, pageSize: 100 })).items.find((v) => v.status === 'running');
  if (!running) throw new Error('the demo engine has no running VM');
  vm = { id: running.id, name: running.name };
  await recordOwnership({ vmId: vm.id, vmName: vm.name, ownerId: ids.owner, allocation: { vms: 1, vcpus: 1, memoryMiB: 1024, storageGiB: 10 } });
  cinder = await startCinderFake({ port: 0, timeScale: 0.01 });
  const cloud = await registerDemoCinderConnection({ url: `${cinder.url}?project=demo`, username: 'admin', password: 'demo-admin' });
  const available = (await (await getBackend(cloud.id)).listVolumes!({ page: 1, pageSize: 50, filters: { status: 'available' } })).items[0];
  if (!available) throw new Error('the simulated Cinder has no available volume');
  volume = { id: available.id, name: available.name };
  await recordVolumeOwnership({ volumeId: volume.id, volumeName: volume.name, ownerId: ids.owner, sizeGiB: Math.ceil(available.sizeBytes / 1024 ** 3) });

  const { upsertConnectionByName } = await import('@/lib/services/connections');
  const user1 = { kind: 'ovirt' as const, url: engine.url, username: 'user1@internal', password: 'demo-user', insecureSkipVerify: false, enabled: true };
  const filter = (await upsertConnectionByName({ ...user1, name: 'Engine as user1', useFilter: true }, { source: 'file', simulated: true })).connection;
  const plain = (await upsertConnectionByName({ ...user1, name: 'Engine as user1, no Filter', useFilter: false }, { source: 'file', simulated: true })).connection;
  const adminSide = (await backend.listVms!({ page: 1, pageSize: 500 })).items;
  const nativeOf = (name: string) => adminSide.find((v) => v.name === name)!.nativeId;
  filterVm = { id: `${filter.id}:${nativeOf('web-03')}`, name: 'web-03' };
  plainUnowned = { id: `${plain.id}:${nativeOf('desk-user1-01')}`, name: 'desk-user1-01' };
  found = await enumerate();
}, 120_000);

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await cinder?.close();
  await getDb().$disconnect();
});

describe('authorization sweep', () => {
  it('finds the actions and routes, and every one has a rule (a new one without a rule fails here)', () => {
    expect(found.actions.length).toBeGreaterThan(50);
    expect(found.routes.length).toBeGreaterThan(10);
    const missing = [...found.actions, ...found.routes].map((e) => e.key).filter((k) => !ruleFor(k));
    expect(missing).toEqual([]);
    // Actions are keyed by name: two files exporting one name would share a rule unnoticed.
    const files = new Map<string, string>();
    const clashes: string[] = [];
    for (const a of found.actions) {
      const first = files.get(a.key);
      if (first && first !== a.file) clashes.push(`${a.key} in ${first} and ${a.file}`);
      files.set(a.key, a.file);
    }
    expect(clashes).toEqual([]);
    // Inline 'use server' functions cannot be called from here: each needs its written reason.
    expect(found.inline.filter((k) => !(k in INLINE_RULES))).toEqual([]);
    // A rule naming something that no longer exists is a rule nobody checks.
    const all = new Set([...found.actions, ...found.routes].map((e) => e.key));
    expect(Object.keys(RULES).filter((k) => !all.has(k))).toEqual([]);
    expect([...ADMIN_ACTIONS, ...ADMIN_ROUTES].filter((k) => !all.has(k))).toEqual([]);
    expect(Object.keys(INLINE_RULES).filter((k) => !found.inline.includes(k))).toEqual([]);
  });

  it('server actions: each caller gets exactly what the rule allows', async () => {
    const got: Record<string, Record<Caller, Outcome>> = {};
    const want: Record<string, Record<Caller, Outcome>> = {};
    for (const { key, fn } of found.actions) {
      const rule = ruleFor(key)!;
      if (rule.kind === 'public') continue;
      got[key] = {} as Record<Caller, Outcome>;
      for (const caller of CALLERS) {
        as(caller);
        const input = rule.kind === 'owner' ? rule.input(vm) : rule.kind === 'volume-owner' ? rule.input(volume) : {};
        got[key][caller] = actionOutcome((await fn(undefined, form(input))) as { message?: string });
      }
      want[key] =
        rule.kind === 'admin'
          ? { anonymous: 401, owner: 403, other: 403, admin: 'allowed' }
          : rule.kind === 'user'
            ? { anonymous: 401, owner: 'allowed', other: 'allowed', admin: 'allowed' }
            : { anonymous: 401, owner: 'allowed', other: 404, admin: 'allowed' };
    }
    expect(got).toEqual(want);
    expect(Object.keys(got).length).toBeGreaterThan(50);
  }, 120_000);

  it('route handlers: each caller gets exactly what the rule allows', async () => {
    const got: Record<string, Record<Caller, Outcome | number>> = {};
    const want: Record<string, Record<Caller, Outcome | number>> = {};
    for (const { key, fn } of found.routes) {
      const rule = ruleFor(key)!;
      if (rule.kind === 'public' || rule.kind === 'owner' || rule.kind === 'volume-owner' || rule.kind === 'user') continue;
      got[key] = {} as Record<Caller, Outcome>;
      for (const caller of CALLERS) {
        as(caller);
        const method = key.split('#')[1];
        const req = rule.kind === 'owner-route' ? rule.request(vm) : sameOriginRequest(`${BASE}/api/sweep`, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '' }) });
        const res = await fn(req, CONTEXT);
        got[key][caller] = rule.kind === 'owner-route' && caller === 'other' ? res.status : routeOutcome(res.status);
      }
      want[key] =
        rule.kind === 'admin'
          ? { anonymous: 401, owner: 403, other: 403, admin: 'allowed' }
          : { anonymous: 401, owner: 'allowed', other: rule.otherStatus, admin: 'allowed' };
    }
    expect(got).toEqual(want);
  }, 120_000);

  it("a VM's id spelled another way (upper case, spaces, percent-encoded) never reaches another user's VM; the owner's upper-case spelling is the same VM", async () => {
    // On a Filter connection, where a VM nobody owns is open to users: a spelling that missed the
    // ownership record would fall through to "the engine shows it".
    const { releaseOwnership } = await import('@/lib/services/ownership');
    await recordOwnership({ vmId: filterVm.id, vmName: filterVm.name, ownerId: ids.owner, allocation: { vms: 1, vcpus: 1, memoryMiB: 1024, storageGiB: 10 } });
    type Spelled = Record<'upper' | 'spaces' | 'encoded', 'refused' | 'allowed'>;
    const got: Record<string, { owner: Spelled; other: Spelled }> = {};
    const want: Record<string, { owner: Partial<Spelled>; other: Spelled }> = {};
    const refusedAction = (state: { message?: string } | undefined) => (actionOutcome(state) !== 'allowed' || state?.message === en.errors.invalidInput ? 'refused' : 'allowed');
    const refusedRoute = (status: number) => ([400, 401, 403, 404].includes(status) ? 'refused' : 'allowed');
    try {
      for (const { key, fn } of [...found.actions, ...found.routes] as Array<{ key: string; fn: (...args: unknown[]) => Promise<unknown> }>) {
        const rule = ruleFor(key)!;
        if (rule.kind !== 'owner' && rule.kind !== 'owner-route') continue;
        got[key] = { owner: {} as Spelled, other: {} as Spelled };
        for (const caller of ['owner', 'other'] as const) {
          as(caller);
          for (const [how, id] of Object.entries(spellings(filterVm.id)) as Array<[keyof Spelled, string]>) {
            const target = { ...filterVm, id };
            got[key][caller][how] =
              rule.kind === 'owner'
                ? refusedAction((await fn(undefined, form(rule.input(target)))) as { message?: string })
                : refusedRoute(((await fn(rule.request(target), {})) as Response).status);
          }
        }
        want[key] = { owner: { ...got[key].owner, upper: 'allowed' }, other: { upper: 'refused', spaces: 'refused', encoded: 'refused' } };
      }
      expect(got).toEqual(want);
      expect(Object.keys(got).length).toBeGreaterThanOrEqual(8);
    } finally {
      await releaseOwnership(filterVm.id);
    }
  }, 120_000);

  it('the console rule is the access rule: a VM nobody owns opens no console to a user without Filter, whatever the identity', async () => {
    const plain = await getBackend(plainUnowned.id.split(':')[0]);
    expect((await plain.about()).isAdmin).toBe(false);
    const { POST } = await import('@/app/api/console/ticket/route');
    const { POST: vvPost } = await import('@/app/api/console/vv/route');
    const { consolePageFor } = await import('@/lib/console/service');
    as('other');
    const ticket = await POST(post('/api/console/ticket', { vmId: plainUnowned.id }), {});
    expect(ticket.status).toBe(404);
    expect(JSON.stringify(await ticket.json())).not.toContain('token');
    expect((await vvPost(postForm('/api/console/vv', { vm: plainUnowned.id }), {})).status).toBe(404);
    expect(await consolePageFor({ id: ids.other, role: 'user' }, plainUnowned.id)).toEqual({ allowed: false });
    // The serial console (oVirt: SSH to the engine's proxy with the dashboard's key) follows the same rule.
    const { serialConsolePageFor } = await import('@/lib/console/service');
    const serial = await POST(post('/api/console/ticket', { vmId: plainUnowned.id, protocol: 'serial' }), {});
    expect(serial.status).toBe(404);
    expect(JSON.stringify(await serial.json())).not.toContain('token');
    expect(await serialConsolePageFor({ id: ids.other, role: 'user' }, plainUnowned.id)).toEqual({ allowed: false, offered: false });
    // The same answer, word for word, as for a VM that does not exist.
    const unknown = await POST(post('/api/console/ticket', { vmId: `${plainUnowned.id.split(':')[0]}:00000000-0000-4000-8000-000000000000` }), {});
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe(await (await POST(post('/api/console/ticket', { vmId: plainUnowned.id }), {})).text());
  });

  it('the owner really got through: a console ticket for their running VM, refused to the other user', async () => {
    as('owner');
    const { POST } = await import('@/app/api/console/ticket/route');
    const mine = await POST(post('/api/console/ticket', { vmId: vm.id }), {});
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ token: expect.any(String), vmName: vm.name });
    as('other');
    const theirs = await POST(post('/api/console/ticket', { vmId: vm.id }), {});
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(await theirs.json())).not.toContain('token');
  });

  it('a serial console ticket follows the same rule: not found to the other user; the owner gets one, or the engine\'s reason', async () => {
    const { POST } = await import('@/app/api/console/ticket/route');
    as('other');
    const theirs = await POST(post('/api/console/ticket', { vmId: vm.id, protocol: 'serial' }), {});
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(await theirs.json())).not.toContain('token');
    as('owner');
    // The access rule answers first; only then whether the engine offers this VM's serial console
    // (its console device: the refusal the backend states before any SSH).
    const refusal = await (await getBackend(vm.id.split(':')[0])).serialConsoleRefusal!(vm.id);
    const mine = await POST(post('/api/console/ticket', { vmId: vm.id, protocol: 'serial' }), {});
    const body = JSON.stringify(await mine.json());
    if (refusal) {
      expect(mine.status).toBe(409);
      expect(body).toContain('no serial console device');
      expect(body).not.toContain('token');
    } else {
      expect(mine.status).toBe(200);
      expect(body).toContain('"protocol":"serial"');
    }
  });

  it('a launch over quota is refused with the limit named and creates nothing; within quota it creates the caller\'s own VM', async () => {
    const db = getDb();
    const backend = await getBackend(vm.id.split(':')[0]);
    const template = (await backend.listTemplates!({ page: 1, pageSize: 50 })).items.find((t) => t.name === 'debian-12')!;
    const cluster = (await backend.listClusters!({ page: 1, pageSize: 50 })).items[0];
    const item = await db.catalogItem.create({ data: { name: 'Debian', connectionId: backend.id, sourceKind: 'template', sourceId: template.id, clusterId: cluster.id, minDiskGiB: 10 } });
    const flavor = await db.flavor.create({ data: { name: 'small', vcpus: 2, memoryMiB: 2048, diskGiB: 10 } });
    // The owner already has one VM (1 vCPU): two more vCPUs pass a limit of 2.
    await db.quota.create({ data: { scope: 'default', subjectId: '', maxVms: 5, maxVcpus: 2, maxMemoryMiB: null, maxStorageGiB: null } });
    const { launchAction } = await import('@/lib/actions/portal');
    const vmCount = async () => (await backend.listVms!({ page: 1, pageSize: 500 })).items.length;
    const before = await vmCount();
    as('owner');
    const refused = await launchAction(undefined, form({ catalogItemId: item.id, flavorId: flavor.id, name: 'sweep-over' }));
    expect(refused).toEqual({ ok: false, message: 'Over your quota: this needs 2 vCPUs, and only 1 of your 2 are free.' });
    expect(await vmCount()).toBe(before);
    expect(await db.vmOwnership.count({ where: { ownerId: ids.owner } })).toBe(1);

    // A user quota replaces the default.
    await db.quota.create({ data: { scope: 'user', subjectId: ids.owner, maxVms: 2, maxVcpus: 4, maxMemoryMiB: 8192, maxStorageGiB: 100 } });
    const launched = await launchAction(undefined, form({ catalogItemId: item.id, flavorId: flavor.id, name: 'sweep-mine' }));
    expect(launched).toEqual({ ok: true, message: 'VM sweep-mine is being created. It appears in My VMs.' });
    expect(await vmCount()).toBe(before + 1);
    const mine = await db.vmOwnership.findFirstOrThrow({ where: { vmName: 'sweep-mine' } });
    expect(mine).toMatchObject({ ownerId: ids.owner, vcpus: 2, memoryMiB: 2048, storageGiB: 10, catalogItemId: item.id, flavorId: flavor.id });
    // The other user cannot see it; the VM count limit (2) now refuses a third.
    as('other');
    const { GET } = await import('@/app/api/portal/vms/route');
    expect((await GET(get(`/api/portal/vms?vm=${encodeURIComponent(mine.vmId)}`), {})).status).toBe(404);
    as('owner');
    const third = await launchAction(undefined, form({ catalogItemId: item.id, flavorId: flavor.id, name: 'sweep-third' }));
    expect(third).toEqual({ ok: false, message: 'Over your quota: you may have 2 VMs and have 2.' });
  }, 60_000);

  it('a portal volume counts against the storage quota: within it is created and the caller\'s own, over it nothing is created, and the other user gets 404', async () => {
    const db = getDb();
    const { portalVolumeCreateAction, portalVolumeExtendAction } = await import('@/lib/actions/portal-volumes');
    const connectionId = volume.id.split(':')[0];
    const backend = await getBackend(connectionId);
    const count = async () => (await backend.listVolumes!({ page: 1, pageSize: 500 })).items.length;
    await db.quota.create({ data: { scope: 'user', subjectId: ids.other, maxVms: null, maxVcpus: null, maxMemoryMiB: null, maxStorageGiB: 5 } });
    as('other');
    const before = await count();
    expect(await portalVolumeCreateAction(undefined, form({ connectionId, name: 'sweep-vol', sizeGiB: '3' }))).toEqual({ ok: true, message: 'Volume sweep-vol requested.' });
    expect(await count()).toBe(before + 1);
    const mine = await db.volumeOwnership.findFirstOrThrow({ where: { volumeName: 'sweep-vol' } });
    expect(mine).toMatchObject({ ownerId: ids.other, sizeGiB: 3 });
    expect(await portalVolumeCreateAction(undefined, form({ connectionId, name: 'sweep-vol-2', sizeGiB: '3' }))).toEqual({
      ok: false,
      message: 'Over your quota: this needs 3 GiB of disk, and only 2 of your 5 GiB are free.',
    });
    expect(await count()).toBe(before + 1);
    expect(await portalVolumeExtendAction(undefined, form({ id: mine.volumeId, newSizeGiB: '6' }))).toEqual({
      ok: false,
      message: 'Over your quota: this needs 3 GiB of disk, and only 2 of your 5 GiB are free.',
    });
    expect((await db.volumeOwnership.findUniqueOrThrow({ where: { volumeId: mine.volumeId } })).sizeGiB).toBe(3);
    as('owner');
    expect(await portalVolumeExtendAction(undefined, form({ id: mine.volumeId, newSizeGiB: '4' }))).toEqual({ ok: false, message: en.portal.volumes.errors.notFound });
  }, 60_000);

  it("attaching from the portal needs both ends: the other user's own volume onto the owner's VM is refused as an unknown VM, and nothing is attached", async () => {
    const { portalVolumeAttachAction } = await import('@/lib/actions/portal-volumes');
    const cinderBackend = await getBackend(volume.id.split(':')[0]);
    const free = (await cinderBackend.listVolumes!({ page: 1, pageSize: 50, filters: { status: 'available' } })).items.find((v) => v.id !== volume.id);
    if (!free) throw new Error('the simulated Cinder has no second available volume');
    await recordVolumeOwnership({ volumeId: free.id, volumeName: free.name, ownerId: ids.other, sizeGiB: Math.ceil(free.sizeBytes / 1024 ** 3) });
    as('other');
    expect(await portalVolumeAttachAction(undefined, form({ id: free.id, vmId: vm.id }))).toEqual({ ok: false, message: en.portal.errors.vmNotFound });
    expect((await cinderBackend.getVolume!(free.id)).attachments).toEqual([]);
    // The owner's own volume and VM pass the access rule and reach the VM's backend, which says why it cannot (an oVirt engine takes no Cinder volume).
    as('owner');
    const owner = await portalVolumeAttachAction(undefined, form({ id: volume.id, vmId: vm.id }));
    expect(owner.ok).toBe(false);
    expect((owner as { detail?: string }).detail).toContain('cannot take block storage volumes');
    expect((await cinderBackend.getVolume!(volume.id)).attachments).toEqual([]);
  });

  it('a Filter: true connection shows users exactly the VMs the engine lets its identity see, except VMs somebody owns here', async () => {
    const { upsertConnectionByName } = await import('@/lib/services/connections');
    const { engineVisibleVms } = await import('@/lib/services/portal');
    const { connection } = await upsertConnectionByName(
      { kind: 'ovirt', name: 'Engine as user1', url: engine.url, username: 'user1@internal', password: 'demo-user', insecureSkipVerify: false, useFilter: true, enabled: true },
      { source: 'file', simulated: true },
    );
    const adminSide = (await (await getBackend(vm.id.split(':')[0])).listVms!({ page: 1, pageSize: 500 })).items;
    const onFilter = (name: string) => `${connection.id}:${adminSide.find((v) => v.name === name)!.id.split(':').slice(1).join(':')}`;
    // web-03 is user1's at the engine, but Owner owns it here: ownership decides for it.
    await recordOwnership({ vmId: onFilter('web-03'), vmName: 'web-03', ownerId: ids.owner, allocation: { vms: 1, vcpus: 1, memoryMiB: 1024, storageGiB: 10 } });

    const groups = await engineVisibleVms();
    expect(groups.map((g) => g.connection)).toEqual(['Engine as user1']);
    expect(groups[0]!.vms.map((v) => v.name).sort()).toEqual(['desk-user1-01', 'desk-user1-02', 'dev-user1-01']);

    const { GET } = await import('@/app/api/portal/vms/route');
    const read = async (id: string) => (await GET(get(`/api/portal/vms?vm=${encodeURIComponent(id)}`), {})).status;
    as('other');
    expect(await read(onFilter('desk-user1-01'))).toBe(200);
    // The engine does not show db-01 to user1: 404 as for an unknown VM, and no console ticket.
    expect(await read(onFilter('db-01'))).toBe(404);
    expect(await read(onFilter('web-03'))).toBe(404);
    const { POST } = await import('@/app/api/console/ticket/route');
    const ticket = await POST(post('/api/console/ticket', { vmId: onFilter('db-01') }), {});
    expect(ticket.status).toBe(404);
    expect(JSON.stringify(await ticket.json())).not.toContain('token');
    expect((await POST(post('/api/console/ticket', { vmId: onFilter('web-03') }), {})).status).toBe(404);
    as('owner');
    expect(await read(onFilter('web-03'))).toBe(200);

    // An admin identity with Filter: true would see everything: it opens nothing to users.
    await upsertConnectionByName(
      { kind: 'ovirt', name: 'Engine as user1', url: engine.url, username: 'admin@internal', password: 'demo-admin', insecureSkipVerify: false, useFilter: true, enabled: true },
      { source: 'file', simulated: true },
    );
    expect(await engineVisibleVms()).toEqual([]);
    as('other');
    expect(await read(onFilter('desk-user1-01'))).toBe(404);
  }, 60_000);

  it('health answers anonymous callers', async () => {
    as('anonymous');
    const { GET } = await import('@/app/api/health/route');
    expect([200, 503]).toContain((await GET()).status);
  });
});
