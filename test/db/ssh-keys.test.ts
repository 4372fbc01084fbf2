import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './setup-env';

/**
 * SSH keys on a user's profile and the portal launch that injects one: each user sees, uses and
 * removes only their own keys, and a launch from an oVirt template carries the chosen key to the
 * demo engine's cloud-init (initialization), read back from the engine over its API.
 */
vi.mock('@/lib/auth/auth', () => ({ auth: async () => null }));
await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { ActionRefusal } = await import('@/lib/actions/action');
const { addSshKey, listSshKeys, removeSshKey } = await import('@/lib/services/ssh-keys');
const { launchVm } = await import('@/lib/services/portal');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { registerDemoConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends, getBackend } = await import('@/lib/services/connections');
const { parseQualifiedId } = await import('@/lib/domain');

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDvjY7C1ZEx2nlzNHhnFS+viKPSPNCVrwQDjAAqxPupK alice@laptop';
const ids: Record<string, string> = {};
let engine: Awaited<ReturnType<typeof startOvirtEngine>>;
let catalogItemId = '';
let flavorId = '';

async function refusalKey(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ActionRefusal);
  return (err as InstanceType<typeof ActionRefusal>).key;
}

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  for (const name of ['alice', 'bob']) ids[name] = (await getDb().user.create({ data: { username: name, role: 'user' } })).id;
  engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01 });
  const connection = await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'demo-admin' });
  const backend = await getBackend(connection.id);
  const template = (await backend.listTemplates!({ page: 1, pageSize: 50 })).items.find((t) => t.name !== 'Blank');
  const cluster = (await backend.listClusters!({ page: 1, pageSize: 50 })).items[0];
  if (!template || !cluster) throw new Error('the demo engine has no template or cluster');
  catalogItemId = (await getDb().catalogItem.create({ data: { name: 'Tpl', connectionId: connection.id, sourceKind: 'template', sourceId: template.id, clusterId: cluster.id } })).id;
  flavorId = (await getDb().flavor.create({ data: { name: 'small', vcpus: 1, memoryMiB: 1024, diskGiB: 10 } })).id;
}, 120_000);

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await getDb().$disconnect();
});

describe('SSH keys', () => {
  it('each user lists and removes only their own keys', async () => {
    const key = await addSshKey(ids.alice, { name: 'laptop', publicKey: KEY });
    expect((await listSshKeys(ids.alice)).map((k) => [k.name, k.type])).toEqual([['laptop', 'ssh-ed25519']]);
    expect(await listSshKeys(ids.bob)).toEqual([]);
    expect(await refusalKey(addSshKey(ids.alice, { name: 'laptop', publicKey: KEY }))).toBe('sshKeys.errors.nameTaken');
    expect(await refusalKey(removeSshKey(ids.bob, key.id))).toBe('sshKeys.errors.notFound');
    expect(await listSshKeys(ids.alice)).toHaveLength(1);
  });

  it('a launch with another user\u2019s key is refused and creates nothing', async () => {
    const alices = (await listSshKeys(ids.alice))[0];
    const before = await getDb().vmOwnership.count();
    expect(await refusalKey(launchVm({ id: ids.bob }, { catalogItemId, flavorId, name: 'bob-vm', groupId: undefined, sshKeyId: alices.id }))).toBe('portal.errors.sshKeyGone');
    expect(await getDb().vmOwnership.count()).toBe(before);
  });

  it('a launch from a template puts the chosen key into the engine\u2019s cloud-init', async () => {
    const key = (await listSshKeys(ids.alice))[0];
    const { vmId } = await launchVm({ id: ids.alice }, { catalogItemId, flavorId, name: 'alice-vm', groupId: undefined, sshKeyId: key.id });
    const token = await (
      await fetch(`${engine.url}/ovirt-engine/sso/oauth/token`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=password&scope=ovirt-app-api&username=admin@internal&password=demo-admin',
      })
    ).json();
    const vm = await (
      await fetch(`${engine.apiUrl}/vms/${parseQualifiedId(vmId)!.nativeId}`, { headers: { accept: 'application/json', version: '4', authorization: `Bearer ${token.access_token}` } })
    ).json();
    expect(vm.initialization).toMatchObject({ authorized_ssh_keys: KEY, host_name: 'alice-vm' });
  });
});
