/**
 * The oVirt adapter's change feed (followChanges) against the demo engine over HTTP: it starts at
 * the engine's newest event ("everything" first, nothing before is known), then reads
 * `/events?from=<last index>` once per interval and says which objects the new events name; more
 * events than one read returns become "everything"; stopping it ends it quietly.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FEED_READ_DEADLINE_MS, type ChangeBatch } from '@/lib/backends/change-types';

import { ADMIN, demoBackend, startDemoEngine, vmNamed } from '@/test/contract/ovirt-demo';

let engine: Awaited<ReturnType<typeof startDemoEngine>>;
let subject: ReturnType<typeof demoBackend>;

beforeAll(async () => {
  engine = await startDemoEngine('demo');
  // A short interval, so the test waits little.
  subject = demoBackend(engine, { id: 'feed', runtime: { followEveryMs: 100 } });
});
const running: Array<{ stop: AbortController; done: Promise<void> }> = [];
afterEach(async () => {
  // A test that failed half-way leaves no feed behind to count in the next one.
  for (const f of running.splice(0)) {
    f.stop.abort();
    await f.done.catch(() => {});
  }
});
afterAll(async () => {
  await subject?.backend.close();
  await engine?.close();
});

function follow() {
  const batches: ChangeBatch[] = [];
  const stop = new AbortController();
  const done = subject.backend.followChanges!((b) => batches.push(b), { signal: stop.signal });
  running.push({ stop, done });
  return { batches, stop, done };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An event posted as an external tool would (POST /events), naming a VM. */
async function postEvent(vmNativeId: string | undefined, description: string): Promise<void> {
  const auth = Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64');
  const res = await fetch(`${engine.apiUrl}/events`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', Version: '4', Authorization: `Basic ${auth}` },
    body: JSON.stringify({ description, severity: 'normal', origin: 'feed-test', custom_id: Date.now() % 1_000_000, ...(vmNativeId ? { vm: { id: vmNativeId } } : {}) }),
  });
  expect(res.status).toBe(201);
}

describe('oVirt change feed (events from the last index)', () => {
  it('says "everything" first, then names the VM a start changed, once it is up', async () => {
    const vm = await vmNamed(subject.backend, 'web-03', false);
    if (vm.status !== 'stopped') await subject.backend.vmAction!(vm.id, 'stop');
    for (let s = vm.status; s !== 'stopped'; s = (await subject.backend.getVm!(vm.id)).status) await new Promise((r) => setTimeout(r, 20));
    const feed = follow();
    await until(() => feed.batches.length > 0, 'the first batch');
    expect(feed.batches[0]).toEqual({ changes: [], everything: true });
    // Nothing that happened before the feed started comes again.
    await new Promise((r) => setTimeout(r, 300));
    const quiet = feed.batches.filter((b) => b.changes.some((c) => c.kind === 'vm' && c.ids.includes(vm.id)));
    expect(quiet).toEqual([]);

    await subject.backend.vmAction!(vm.id, 'start');
    await until(() => feed.batches.some((b) => b.changes.some((c) => c.kind === 'vm' && c.ids.includes(vm.id))), 'a change naming the VM');
    const now = await subject.backend.getVm!(vm.id);
    expect(now.status).toBe('running');
    const named = feed.batches.find((b) => b.changes.some((c) => c.kind === 'vm'))!;
    expect(named.changes.map((c) => c.kind)).toEqual(expect.arrayContaining(['vm', 'event', 'task']));
    feed.stop.abort();
    await expect(feed.done).resolves.toBeUndefined();
  });

  it('costs one request per interval while nothing happens', async () => {
    const feed = follow();
    await until(() => feed.batches.length > 0, 'the first batch');
    subject.reset();
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 1_000));
    const asked = subject.apiRequests().filter((r) => r.url.includes('/events'));
    const elapsed = Date.now() - started;
    feed.stop.abort();
    await feed.done;
    // At most one read per 100 ms interval (plus the one under way), every one of them of the events.
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(subject.apiRequests().length).toBe(asked.length);
  });

  it('more events at once than one read returns: "everything" (nothing is silently skipped)', async () => {
    // Reads 3 s apart: 205 events posted right after the first land in one read of at most 200.
    const slowSubject = demoBackend(engine, { id: 'feed', runtime: { followEveryMs: 3_000 } });
    const stop = new AbortController();
    const batches: ChangeBatch[] = [];
    const done = slowSubject.backend.followChanges!((b) => batches.push(b), { signal: stop.signal });
    running.push({ stop, done });
    await until(() => batches.length > 0, 'the first batch');
    const vm = await vmNamed(subject.backend, 'web-03', false);
    await Promise.all(Array.from({ length: 205 }, (_, i) => postEvent(vm.nativeId, `bulk ${i}`)));
    await until(() => batches.length > 1, 'the next batch');
    expect(batches[1]).toEqual({ changes: [], everything: true });
    stop.abort();
    await done;
    await slowSubject.backend.close();
  });

  /** A feed of an engine of its own (to break), followed until its first batch. */
  async function followOwnEngine(id: string) {
    const other = await startDemoEngine('demo');
    const own = demoBackend(other, { id, runtime: { followEveryMs: 100 } });
    const stop = new AbortController();
    const batches: ChangeBatch[] = [];
    const done = own.backend.followChanges!((b) => batches.push(b), { signal: stop.signal });
    running.push({ stop, done });
    await until(() => batches.length > 0, 'the first batch');
    return { other, own, done };
  }

  it('an engine that is gone fails the feed (the follower starts it again)', async () => {
    const { other, own, done } = await followOwnEngine('gone');
    await other.close();
    await expect(done).rejects.toThrow();
    await own.backend.close();
  });

  it('an engine that stops answering fails the feed within the read deadline, not at the next request timeout', async () => {
    const { other, own, done } = await followOwnEngine('stalled');
    // Every answer from now on comes after 10 minutes: the engine has stopped answering.
    const set = await fetch(`${other.url}/__fake/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 600_000 }) });
    expect(set.ok).toBe(true);
    const started = Date.now();
    await expect(done).rejects.toThrow();
    // One read's deadline (plus the interval and some slack), not minutes.
    expect(Date.now() - started).toBeLessThan(FEED_READ_DEADLINE_MS + 3_000);
    await fetch(`${other.url}/__fake/faults`, { method: 'DELETE' });
    await own.backend.close();
    await other.close();
  }, 30_000);

  it('claims only VMs, hosts, clusters, data centers and events (jobs, snapshots and storage change with no event)', () => {
    expect([...(subject.backend.changeKinds ?? [])].sort()).toEqual(['cluster', 'dataCenter', 'event', 'host', 'vm']);
  });
});
