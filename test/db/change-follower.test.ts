/**
 * Push across instances (lib/services/change-follower.ts): each connection's change feed is
 * followed by ONE follower (a PostgreSQL advisory lock; the embedded database: one process), what
 * it reports reaches every follower (NOTIFY; the embedded database: in this process) and drops the
 * stale reads from the cache; when the leader dies another takes over. Run on both databases
 * (scripts/test.sh sets DATABASE_URL for the PostgreSQL pass). The feed is the real oVirt adapter
 * following the demo engine's events. And what a browser's stream may carry for whom.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

await freshDatabase();

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { ChangeFollower } = await import('@/lib/services/change-follower');
const { changesFor } = await import('@/lib/services/change-stream');
const { cachedRead, clearBackendCache } = await import('@/lib/services/backend-cache');
const { isFollowed } = await import('@/lib/services/followed');
const { recordOwnership } = await import('@/lib/services/ownership');
const { demoBackend, startDemoEngine, vmNamed } = await import('@/test/contract/ovirt-demo');

type Follower = InstanceType<typeof ChangeFollower>;
type Heard = Parameters<Parameters<Follower['subscribe']>[0]>[0];

let engine: Awaited<ReturnType<typeof startDemoEngine>>;
const followers: Follower[] = [];
const closers: Array<() => Promise<void>> = [];

/** One dashboard instance: its own follower and its own adapter for the same connection, as two processes would have. */
function instance(): { follower: Follower; heard: Heard[] } {
  const { backend } = demoBackend(engine, { id: 'feed-conn', runtime: { followEveryMs: 100 } });
  closers.push(() => backend.close());
  const follower = new ChangeFollower({ backends: async () => [backend], claimEveryMs: 100, log: () => {} });
  followers.push(follower);
  const heard: Heard[] = [];
  follower.subscribe((c) => heard.push(c));
  return { follower, heard };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const namesVm = (heard: Heard[], id: string) => heard.some((h) => h.connectionId === 'feed-conn' && h.changes.some((c) => c.kind === 'vm' && c.ids.includes(id)));

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  engine = await startDemoEngine('demo');
});

afterAll(async () => {
  for (const f of followers) await f.stop();
  for (const close of closers) await close();
  await engine?.close();
  await getDb().$disconnect();
});

describe(`change feeds across instances (${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  it('two instances: one follows the connection, both hear a VM start, the stale list read is dropped; the leader dies and the other takes over', async () => {
    const a = instance();
    const b = instance();
    await a.follower.start();
    await b.follower.start();
    await until(() => a.follower.leading().length + b.follower.leading().length === 1, 'one leader');
    // Still one after several claim rounds.
    await new Promise((r) => setTimeout(r, 400));
    expect([...a.follower.leading(), ...b.follower.leading()]).toEqual(['feed-conn']);
    const [leader, other] = a.follower.leading().length ? [a, b] : [b, a];
    await until(() => isFollowed('feed-conn', 'vms'), 'the feed to be live');

    // A read in the shared cache that the change makes stale.
    clearBackendCache();
    let reads = 0;
    const listVms = () => cachedRead('feed-conn', 'vms:list:test', 60_000, async () => ++reads);
    await listVms();
    await listVms();
    expect(reads).toBe(1);

    const { backend } = demoBackend(engine, { id: 'feed-conn' });
    closers.push(() => backend.close());
    const vm = await vmNamed(backend, 'web-03', false);
    if (vm.status === 'running') {
      await backend.vmAction!(vm.id, 'stop');
      await until(() => namesVm(leader.heard, vm.id), 'the stop to be reported');
    }
    leader.heard.length = 0;
    other.heard.length = 0;
    await backend.vmAction!(vm.id, 'start');
    await until(() => namesVm(leader.heard, vm.id) && namesVm(other.heard, vm.id), 'both instances to hear of the VM');
    await listVms();
    expect(reads).toBe(2);

    // The leader's process dies: no unlock, no goodbye; its session ends with it.
    leader.follower.crashForTest();
    await until(() => other.follower.leading().includes('feed-conn'), 'the other instance to take over');
    other.heard.length = 0;
    await backend.vmAction!(vm.id, 'stop');
    await until(() => namesVm(other.heard, vm.id), 'the survivor to hear of the stop');
  }, 120_000);

  it('what a stream carries: admins everything; a user only their own VMs; nothing for another user', async () => {
    const db = getDb();
    const owner = await db.user.create({ data: { username: 'feed-owner', role: 'user', passwordHash: 'x' } });
    const stranger = await db.user.create({ data: { username: 'feed-stranger', role: 'user', passwordHash: 'x' } });
    const mine = 'feed-conn:vm-mine';
    const theirs = 'feed-conn:vm-theirs';
    await recordOwnership({ vmId: mine, vmName: 'mine', ownerId: owner.id, allocation: { vms: 1, vcpus: 1, memoryMiB: 512, storageGiB: 1 } });
    const change = { connectionId: 'feed-conn', changes: [{ kind: 'vm' as const, ids: [mine, theirs] }, { kind: 'host' as const, ids: ['feed-conn:h1'] }] };
    expect(await changesFor({ id: 'admin-x', role: 'admin' }, change)).toEqual(change);
    expect(await changesFor(owner, change)).toEqual({ connectionId: 'feed-conn', changes: [{ kind: 'vm', ids: [mine] }] });
    expect(await changesFor(stranger, change)).toBeNull();
    // "Some VM changed" names nobody's: a user learns of their VM by its id only.
    expect(await changesFor(owner, { connectionId: 'feed-conn', changes: [{ kind: 'vm', ids: [] }] })).toBeNull();
    // Everything on a connection: only to users with something there.
    expect(await changesFor(owner, { connectionId: 'feed-conn', changes: [], everything: true })).toEqual({ connectionId: 'feed-conn', changes: [], everything: true });
    expect(await changesFor(stranger, { connectionId: 'feed-conn', changes: [], everything: true })).toBeNull();
  });
});
