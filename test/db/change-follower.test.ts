/**
 * Push across instances (lib/services/change-follower.ts): each connection's change feed is
 * followed by ONE follower (a PostgreSQL advisory lock; the embedded database: one process), what
 * it reports reaches every follower (NOTIFY; the embedded database: in this process) and drops the
 * stale reads from the cache; when the leader dies another takes over. Run on both databases
 * (scripts/test.sh sets DATABASE_URL for the PostgreSQL pass). The feed is the real oVirt adapter
 * following the demo engine's events. A feed that stops answering, or a leader not heard for three
 * heartbeats, is down everywhere: every instance drops the connection's cached reads and its
 * coverage (what browsers may poll slowly for) loses the feed's kinds; it comes back by itself.
 * And what a browser's stream may carry for whom.
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
const { FOLLOWED_GRACE_MS, isFollowed } = await import('@/lib/services/followed');
const { lifetimeOf } = await import('@/lib/services/gateway');
const { FEED_READ_DEADLINE_MS } = await import('@/lib/backends/change-types');
const { recordOwnership } = await import('@/lib/services/ownership');
const { demoBackend, startDemoEngine, vmNamed } = await import('@/test/contract/ovirt-demo');

type Follower = InstanceType<typeof ChangeFollower>;
type Heard = Parameters<Parameters<Follower['subscribe']>[0]>[0];

let engine: Awaited<ReturnType<typeof startDemoEngine>>;
const followers: Follower[] = [];
const closers: Array<() => Promise<void>> = [];

/**
 * One dashboard instance: its own follower and its own adapter for the same connection, as two
 * processes would have. `lead: false`: an instance that only listens (its adapter has no feed).
 */
function instance(id = 'feed-conn', { lead = true }: { lead?: boolean } = {}): { follower: Follower; heard: Heard[] } {
  const { backend: adapter } = demoBackend(engine, { id, runtime: { followEveryMs: 100 } });
  closers.push(() => adapter.close());
  const backend = lead ? adapter : { ...adapter, followChanges: undefined };
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

/** The demo engine's fault injection (null: heal). */
async function faults(update: Record<string, number> | null): Promise<void> {
  const res = await fetch(`${engine.url}/__fake/faults`, update ? { method: 'POST', body: JSON.stringify(update) } : { method: 'DELETE' });
  expect(res.ok).toBe(true);
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
    await until(() => a.follower.coverage().includes('vm') && b.follower.coverage().includes('vm'), 'the feed to be live');

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

  it('a feed that stops answering is down on every instance within its read deadline: cached reads dropped, kinds no longer covered; it comes back by itself', async () => {
    for (const f of followers.splice(0)) await f.stop();
    const a = instance('feed-down');
    const b = instance('feed-down');
    await a.follower.start();
    await b.follower.start();
    const live = (f: Follower) => f.coverage().includes('vm');
    await until(() => live(a.follower) && live(b.follower), 'both instances to see the feed live');
    // What oVirt's feed claims, no more: jobs, storage domains and the rest keep their pace.
    expect([...b.follower.coverage()].sort()).toEqual(['cluster', 'dataCenter', 'event', 'host', 'vm']);
    const coverages: string[][] = [];
    b.follower.subscribeCoverage((kinds) => coverages.push([...kinds]));

    clearBackendCache();
    let reads = 0;
    const listVms = () => cachedRead('feed-down', 'vms:list:down', 600_000, async () => ++reads);
    await listVms();
    await listVms();
    expect(reads).toBe(1);

    // The engine stops answering (every answer after 10 minutes).
    await faults({ latencyMs: 600_000 });
    try {
      const stalled = Date.now();
      await until(() => !live(a.follower) && !live(b.follower), 'both instances to take the feed as down');
      // One read's deadline, the interval, the NOTIFY: seconds, not the minute a stretched poll waits.
      expect(Date.now() - stalled).toBeLessThan(FEED_READ_DEADLINE_MS + 4_000);
      expect(b.follower.coverage()).toEqual([]);
      expect(coverages.at(-1)).toEqual([]);
      expect(isFollowed('feed-down', 'vms')).toBe(false);
      // The long-kept read is gone: the next read asks the backend (and shows its failure).
      await listVms();
      expect(reads).toBe(2);
    } finally {
      await faults(null);
    }
    await until(() => live(a.follower) && live(b.follower), 'the feed to come back by itself');
  }, 120_000);

  it('a leader not heard for three heartbeats is down for the others: they drop its reads and its kinds', async () => {
    for (const f of followers.splice(0)) await f.stop();
    const leader = instance('feed-silent');
    const listener = instance('feed-silent', { lead: false });
    await leader.follower.start();
    await listener.follower.start();
    await until(() => listener.follower.coverage().includes('vm'), 'the listener to see the feed live');
    expect(leader.follower.leading()).toEqual(['feed-silent']);
    clearBackendCache();
    let reads = 0;
    const listHosts = () => cachedRead('feed-silent', 'hosts:list:silent', 600_000, async () => ++reads);
    await listHosts();
    // Dies without a word: no "stopped", no more heartbeats; nobody else can follow this connection.
    leader.follower.crashForTest();
    const died = Date.now();
    await until(() => listener.follower.coverage().length === 0, 'the listener to take the feed as down');
    const after = Date.now() - died;
    expect(after).toBeLessThan(FOLLOWED_GRACE_MS + 3_000);
    await listHosts();
    expect(reads).toBe(2);
  }, 60_000);

  it('a cached read lives long only when it asked to (one resource\'s list), its resource is covered, and nothing changed it lately', async () => {
    for (const f of followers.splice(0)) await f.stop();
    const a = instance('feed-ttl');
    await a.follower.start();
    await until(() => a.follower.coverage().includes('vm'), 'the feed to be live');
    // The feed's first batch is "everything": every resource counts as just changed for 2 minutes.
    expect(lifetimeOf('feed-ttl', 'vms:list:x', 3_000, true)).toBe(3_000);
    const { markChanged, clearFollowed, markFollowed } = await import('@/lib/services/followed');
    clearFollowed();
    markFollowed('feed-ttl', ['vm', 'host', 'cluster', 'dataCenter', 'event']);
    expect(lifetimeOf('feed-ttl', 'vms:list:x', 3_000, true)).toBe(120_000);
    // Not asked (the overview, a wizard's read), or not covered (jobs, storage), or one object's read: today's.
    expect(lifetimeOf('feed-ttl', 'vms:list:overview', 3_000, false)).toBe(3_000);
    expect(lifetimeOf('feed-ttl', 'tasks:list:x', 3_000, true)).toBe(3_000);
    expect(lifetimeOf('feed-ttl', 'storagedomains:list:x', 3_000, true)).toBe(3_000);
    expect(lifetimeOf('feed-ttl', 'vms:snapshots:x', 2_000, true)).toBe(2_000);
    markChanged('feed-ttl', ['vm']);
    expect(lifetimeOf('feed-ttl', 'vms:list:x', 3_000, true)).toBe(3_000);
    expect(lifetimeOf('feed-ttl', 'events:list:x', 3_000, true)).toBe(120_000);
  });

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
