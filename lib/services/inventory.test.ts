/**
 * The inventory read layer against the REAL embedded database (connections)
 * and the demo oVirt engine over HTTP, plus two broken connections: a closed
 * port (unreachable) and a wrong password (authentication failed). What a page
 * shows must come through here: demo rows, failures with reasons, fixed
 * request budgets.
 */
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const TMP = await vi.hoisted(async () => {
  const fsh = await import('node:fs');
  const osh = await import('node:os');
  const pathh = await import('node:path');
  const dir = fsh.mkdtempSync(pathh.join(osh.tmpdir(), 'virtdash-inventory-'));
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  process.env.SECRET_KEY = '1e'.repeat(32);
  return dir;
});

import { startOvirtEngine, type OvirtEngine } from '@/fakes/ovirt/server';
import { isBackendError } from '@/lib/backends/errors';
import { closePglite } from '@/lib/db/adapter';
import { db } from '@/lib/db/client';
import { applyMigrations, openSqlRunner } from '@/lib/db/migrate';
import { databaseTarget } from '@/lib/db/target';
import { parseListParams, toListQuery } from '@/lib/validations/inventory';
import { clearBackendCache } from './backend-cache';
import { clearConnectionHealth, connectionHealth } from './gateway';
import { closeAllBackends, createConnection, deleteConnection, setConnectionEnabled, updateConnection, upsertConnectionByName } from './connections';
import {
  getOne,
  getVmDetails,
  listAcross,
  listEventsAcross,
  listHostRows,
  listVmRows,
  overviewParts,
  overviewSummary,
  overviewWithin,
} from './inventory';

const ADMIN = { username: 'admin@internal', password: 'demo-admin' };
let engine: OvirtEngine;
let demoId = '';
let downId = '';
let badAuthId = '';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const base = { kind: 'ovirt' as const, username: ADMIN.username, insecureSkipVerify: false, useFilter: false, enabled: true };

beforeAll(async () => {
  await applyMigrations(await openSqlRunner(databaseTarget()));
  engine = await startOvirtEngine({ port: 0, timeScale: 0.01, backgroundEvents: false });
  const demo = await upsertConnectionByName(
    { ...base, name: 'Demo', url: engine.apiUrl, password: ADMIN.password },
    { source: 'demo', simulated: true },
  );
  demoId = demo.connection.id;
  downId = (
    await createConnection({ ...base, name: 'Down', url: `http://127.0.0.1:${await closedPort()}/ovirt-engine/api`, password: 'x' })
  ).id;
  badAuthId = (await createConnection({ ...base, name: 'Wrong password', url: engine.apiUrl, password: 'not-the-password' })).id;
});

afterEach(() => {
  engine.faults.reset();
  clearBackendCache();
  clearConnectionHealth();
});

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await db.$disconnect().catch(() => {});
  await closePglite();
  fs.rmSync(TMP, { recursive: true, force: true });
});

describe('lists across connections', () => {
  it('returns the demo rows and one failure per broken connection, with its reason', async () => {
    const result = await listVmRows(toListQuery(parseListParams('vms', {})));
    expect(result.items.length).toBe(50);
    expect(result.items.every((vm) => vm.connectionId === demoId)).toBe(true);
    expect(result.hasMore).toBe(true);
    const byId = Object.fromEntries(result.failures.map((f) => [f.connectionId, f]));
    expect(Object.keys(byId).sort()).toEqual([badAuthId, downId].sort());
    expect(byId[downId]!.error.code).toBe('unreachable');
    expect(byId[badAuthId]!.error.code).toBe('auth_failed');
    expect(byId[badAuthId]!.error.detail).toMatch(/\S/);
    expect(JSON.stringify(result)).not.toContain('not-the-password');
    expect(result.connections.find((c) => c.id === demoId)?.simulated).toBe(true);
    expect(result.connections.find((c) => c.id === downId)?.simulated).toBe(false);
  });

  it('narrows to one connection, and names an unknown one as not found', async () => {
    const demo = await listVmRows({ page: 1, pageSize: 25 }, { connectionId: demoId });
    expect(demo.failures).toEqual([]);
    expect(demo.askedConnectionIds).toEqual([demoId]);
    const unknown = await listVmRows({ page: 1, pageSize: 25 }, { connectionId: 'nope' });
    expect(unknown.items).toEqual([]);
    expect(unknown.failures.map((f) => f.error.code)).toEqual(['not_found']);
  });

  it('searches, filters and sorts on the engine', async () => {
    const q = (raw: Record<string, string>) => listVmRows(toListQuery(parseListParams('vms', raw)), { connectionId: demoId });
    const web = await q({ q: 'web' });
    expect(web.items.length).toBeGreaterThan(0);
    expect(web.items.every((vm) => vm.name.includes('web'))).toBe(true);
    const native = await q({ query: 'name=k8s-worker*' });
    expect(native.items.map((v) => v.name).every((n) => n.startsWith('k8s-worker'))).toBe(true);
    expect(native.items.length).toBe(8);
    const running = await q({ status: 'running', size: '500' });
    expect(running.items.length).toBeGreaterThan(0);
    expect(running.items.every((vm) => vm.status === 'running')).toBe(true);
    const onHost = await q({ host: 'amd-01', size: '500' });
    expect(onHost.items.length).toBeGreaterThan(0);
    expect(onHost.items.every((vm) => vm.hostName === 'amd-01')).toBe(true);
    const inCluster = await q({ cluster: 'lab', size: '500' });
    expect(inCluster.items.length).toBeGreaterThan(0);
    expect(inCluster.items.every((vm) => vm.clusterName === 'lab')).toBe(true);
    const desc = await q({ sort: 'name', dir: 'desc', size: '500' });
    const names = desc.items.map((v) => v.name);
    // The engine sorts names as its database collates them: case does not come first (HostedEngine sits among the h's).
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).reverse());
  });

  it('pages: page 2 continues page 1 without overlap', async () => {
    const p1 = await listVmRows({ page: 1, pageSize: 25, sort: { field: 'name', dir: 'asc' } }, { connectionId: demoId });
    const p2 = await listVmRows({ page: 2, pageSize: 25, sort: { field: 'name', dir: 'asc' } }, { connectionId: demoId });
    expect(p2.items.length).toBeGreaterThan(0);
    const first = new Set(p1.items.map((v) => v.id));
    expect(p2.items.some((v) => first.has(v.id))).toBe(false);
  });

  it('one VM page costs a fixed number of engine requests, and a second reader is served from the cache', async () => {
    await listVmRows({ page: 1, pageSize: 25 }, { connectionId: demoId }); // sign-in
    clearBackendCache();
    engine.stats.reset();
    await listVmRows({ page: 1, pageSize: 500 }, { connectionId: demoId });
    const first = engine.stats.requests();
    expect(first).toBeLessThanOrEqual(2);
    await Promise.all([1, 2, 3].map(() => listVmRows({ page: 1, pageSize: 500 }, { connectionId: demoId })));
    expect(engine.stats.requests()).toBe(first);
  });

  it('a slow connection is reported as timed out while the call returns at the deadline', async () => {
    engine.faults.set({ latencyMs: 2_000 });
    const result = await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: demoId, timeoutMs: 300 });
    // A timeout (not the hosts the engine sends 2 s later) shows the call gave up at its deadline;
    // how long that takes is printed by scripts/bench/timeouts.ts, not bounded here.
    expect(result.items).toEqual([]);
    expect(result.failures.map((f) => f.error.code)).toEqual(['timeout']);
    expect(result.failures[0]!.error.message).toContain('Demo');
  });

  it('a live list does not wait for a connection that never answered: it is shown as still being waited for, and its rows come with a later read', async () => {
    engine.faults.set({ latencyMs: 1_500 });
    const first = await listAcross('hosts', { page: 1, pageSize: 25 }, { live: true });
    const byId = Object.fromEntries(first.failures.map((f) => [f.connectionId, f]));
    expect(byId[demoId]?.error.code).toBe('timeout');
    expect(byId[demoId]?.pending).toBe(true);
    expect(byId[demoId]?.asOf).toBeUndefined();
    // The connections that did answer (here: with a refusal) bring their own reason, not a wait.
    expect(byId[downId]?.error.code).toBe('unreachable');
    expect(byId[downId]?.pending).toBeUndefined();
    // The read went on in the background: a later read (the list's next poll) has the rows.
    await expect
      .poll(async () => (await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: demoId, live: true })).items.length, { timeout: 15_000, interval: 500 })
      .toBeGreaterThan(0);
    // A form's picker (not live) waits for the answer instead.
    clearBackendCache();
    clearConnectionHealth();
    const picker = await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: demoId });
    expect(picker.failures).toEqual([]);
    expect(picker.items.length).toBeGreaterThan(0);
  });

  it('a live list whose read behind it failed late shows that reason at the next look, not "still waiting" again', async () => {
    // Every answer comes late and is an error: later than the list's patience.
    engine.faults.set({ latencyMs: 1_500, failRate: 1 });
    const q = { page: 1, pageSize: 25 };
    const first = await listAcross('hosts', q, { connectionId: demoId, live: true });
    expect(first.failures[0]?.pending).toBe(true);
    // A picker's read of the same page joins the read still under way and sees how it ends.
    const ended = (await listAcross('hosts', q, { connectionId: demoId })).failures[0]?.error;
    expect(ended?.code).toBeDefined();
    expect(ended?.code).not.toBe('timeout');
    await new Promise((resolve) => setImmediate(resolve));
    // The next look starts a new read, slow again: it shows that reason instead of waiting again.
    const next = await listAcross('hosts', q, { connectionId: demoId, live: true });
    expect(next.failures[0]?.pending).toBeUndefined();
    expect(next.failures[0]?.error.code).toBe(ended?.code);
  });

  it('a connection that stopped answering shows its last rows with their age, answers at once while down, and comes back by itself', async () => {
    const before = await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: demoId });
    expect(before.failures).toEqual([]);
    clearBackendCache(); // the next read must ask the engine, which now hangs
    engine.faults.set({ latencyMs: 5_000 });
    const stale = await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: demoId, timeoutMs: 300 });
    expect(stale.items.map((h) => h.id)).toEqual(before.items.map((h) => h.id));
    expect(stale.failures).toHaveLength(1);
    expect(stale.failures[0]!.asOf).toBeGreaterThanOrEqual(before.fetchedAt - 5_000);
    // The circuit is open: the next read does not wait on the engine, and still shows the last rows.
    const down = await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: demoId, timeoutMs: 30_000 });
    expect(down.failures.map((f) => f.error.code)).toEqual(['unreachable']);
    expect(down.failures[0]!.error.message).toContain('Demo');
    expect(down.items.map((h) => h.id)).toEqual(before.items.map((h) => h.id));
    // The engine answers again: a background retry closes the circuit and fresh rows come back.
    engine.faults.reset();
    await expect
      .poll(async () => (await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: demoId, timeoutMs: 5_000 })).failures.length, { timeout: 20_000, interval: 500 })
      .toBe(0);
  });

  it('an edited connection is asked again at once: the edit closes its circuit', async () => {
    const moved = await createConnection({ ...base, name: 'Moved', url: `http://127.0.0.1:${await closedPort()}/ovirt-engine/api`, password: ADMIN.password });
    try {
      const before = await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: moved.id });
      expect(before.failures.map((f) => f.error.code)).toEqual(['unreachable']);
      expect(connectionHealth(moved.id).reachable).toBe(false);
      // The operator mends the address: the next read asks the engine instead of answering "not answering".
      await updateConnection(moved.id, { ...base, name: 'Moved', url: engine.apiUrl, password: ADMIN.password });
      expect(connectionHealth(moved.id).reachable).toBe(true);
      const after = await listAcross('hosts', { page: 1, pageSize: 25 }, { connectionId: moved.id });
      expect(after.failures).toEqual([]);
      expect(after.items.length).toBeGreaterThan(0);
    } finally {
      await deleteConnection(moved.id);
    }
  });

  it('host rows carry usage: vCPUs allocated and committed memory of up hosts', async () => {
    const hosts = await listHostRows({ page: 1, pageSize: 100 }, { connectionId: demoId });
    expect(hosts.items.length).toBeGreaterThan(0);
    const up = hosts.items.filter((h) => h.status === 'up');
    expect(up.length).toBeGreaterThan(0);
    expect(up.every((h) => typeof h.vcpusAllocated === 'number' && typeof h.logicalCpus === 'number')).toBe(true);
    expect(up.some((h) => (h.vcpusAllocated ?? 0) > 0)).toBe(true);
    expect(up.some((h) => (h.memoryCommittedBytes ?? 0) > 0)).toBe(true);
  });

  it('storage domains by kind', async () => {
    const iso = await listAcross('storageDomains', toListQuery(parseListParams('storageDomains', { type: 'iso' })), { connectionId: demoId });
    expect(iso.items.length).toBeGreaterThan(0);
    expect(iso.items.every((d) => d.kind === 'iso')).toBe(true);
  });
});

describe('single objects', () => {
  it('reads a VM with disks, NICs and snapshots', async () => {
    const list = await listVmRows({ page: 1, pageSize: 5, filters: { status: 'running' } }, { connectionId: demoId });
    const details = await getVmDetails(list.items[0]!.id);
    expect(details.vm.name).toBe(list.items[0]!.name);
    expect(details.connection.simulated).toBe(true);
    expect(Array.isArray(details.vm.disks)).toBe(true);
    expect(Array.isArray(details.snapshots)).toBe(true);
  });

  it('not found: a malformed id, an unknown connection, a missing object', async () => {
    for (const id of ['garbage', 'nope:123', `${demoId}:00000000-0000-0000-0000-000000000000`]) {
      const error = await getOne('vms', id).catch((e: unknown) => e);
      expect(isBackendError(error, 'not_found'), id).toBe(true);
    }
  });

  it('an object of a disabled connection is not found', async () => {
    const list = await listAcross('hosts', { page: 1, pageSize: 1 }, { connectionId: demoId });
    await setConnectionEnabled(demoId, false);
    try {
      const error = await getOne('hosts', list.items[0]!.id).catch((e: unknown) => e);
      expect(isBackendError(error, 'not_found')).toBe(true);
    } finally {
      await setConnectionEnabled(demoId, true);
    }
  });
});

describe('overview and events', () => {
  it('counts the demo estate and reports the broken connections as unreachable with their reasons', async () => {
    const summary = await overviewSummary();
    expect(summary.reachable.map((r) => r.connection.id)).toEqual([demoId]);
    const demo = summary.reachable[0]!;
    expect(demo.vms?.total).toBe(61);
    expect(demo.vms?.truncated).toBe(false);
    expect(demo.hosts?.total).toBeGreaterThan(0);
    expect(demo.cpu!.total).toBeGreaterThan(0);
    // The demo engine reports host statistics: measured use beside what the VMs were given.
    expect(demo.cpu!.committed).toBeGreaterThan(0);
    expect(demo.cpu!.used).toBeGreaterThan(0);
    expect(demo.cpu!.used!).toBeLessThanOrEqual(demo.cpu!.total);
    expect(demo.memory!.committed).toBeGreaterThan(0);
    expect(demo.memory!.used).toBeGreaterThan(0);
    expect(demo.memory!.used!).toBeLessThanOrEqual(demo.memory!.total);
    expect(demo.storage!.totalBytes).toBeGreaterThan(demo.storage!.usedBytes);
    expect(summary.unreachable.map((f) => f.error.code).sort()).toEqual(['auth_failed', 'unreachable']);
    // A connection that is down is reported once, not again under events and tasks.
    expect(summary.eventFailures).toEqual([]);
    expect(summary.taskFailures).toEqual([]);
    expect(summary.events.length).toBeGreaterThan(0);
  });

  it('a connection that stopped answering keeps its overview card with the age of its figures, and the circuit opens', async () => {
    const before = await overviewSummary();
    const card = before.reachable.find((r) => r.connection.id === demoId)!;
    clearBackendCache(); // the next read must ask the engine, which now hangs
    engine.faults.set({ latencyMs: 5_000 });
    const stale = await overviewSummary({ timeoutMs: 300 });
    expect(stale.reachable.find((r) => r.connection.id === demoId)?.vms).toEqual(card.vms);
    const banner = stale.unreachable.find((f) => f.connectionId === demoId);
    expect(banner?.asOf).toBeGreaterThanOrEqual(before.fetchedAt - 5_000);
    expect(connectionHealth(demoId).reachable).toBe(false);
  });

  it('a streamed page waits for a connection that never answered only until its deadline; the others bring their own answer', async () => {
    clearBackendCache();
    engine.faults.set({ latencyMs: 5_000 });
    // The reads themselves give up after 1 s, so nothing outlives the test.
    const { parts } = await overviewParts({ timeoutMs: 1_000 });
    const part = (id: string) => parts.find((p) => p.connection.id === id)!;
    const [demo, down] = await Promise.all([overviewWithin(part(demoId), 200), overviewWithin(part(downId), 5_000)]);
    expect(demo.overview).toBeUndefined();
    expect(demo.failure?.error.code).toBe('timeout');
    expect(demo.failure?.error.message).toContain('still waiting in the background');
    // A connection that answers (here: refuses at once) is shown with its own reason, not the deadline's.
    expect(down.failure?.error.code).toBe('unreachable');
    // The read went on in the background and ended on its own deadline.
    expect((await part(demoId).outcome).failure?.error.code).toBe('timeout');
  });

  it('events: newest first, at most max, filtered by minimum severity', async () => {
    const all = await listEventsAcross({ max: 50 }, { connectionId: demoId });
    expect(all.items.length).toBe(50);
    const times = all.items.map((e) => new Date(e.time).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const errors = await listEventsAcross({ max: 50, severity: 'error' }, { connectionId: demoId });
    expect(errors.items.length).toBeGreaterThan(0);
    expect(errors.items.every((e) => e.severity === 'error' || e.severity === 'alert')).toBe(true);
  });
});

describe('event filters', () => {
  it('narrows by object name, object id and time without another engine request', async () => {
    const all = await listEventsAcross({ max: 200 }, { connectionId: demoId });
    const withVm = all.items.find((e) => e.vm);
    expect(withVm).toBeDefined();
    const vm = await getOne('vms', withVm!.vm!.id);
    engine.stats.reset();
    const byName = await listEventsAcross({ max: 200, object: vm.item.name.toUpperCase() }, { connectionId: demoId });
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.length).toBeLessThan(all.items.length);
    expect(byName.items.every((e) => e.description.toLowerCase().includes(vm.item.name.toLowerCase()) || e.vm?.id === vm.item.id)).toBe(true);
    const byId = await listEventsAcross({ max: 200, objectId: vm.item.id }, { connectionId: demoId });
    expect(byId.items.length).toBeGreaterThan(0);
    expect(byId.items.every((e) => e.vm?.id === vm.item.id)).toBe(true);
    const newest = new Date(all.items[0]!.time).getTime();
    const recent = await listEventsAcross({ max: 200, sinceMs: newest }, { connectionId: demoId });
    expect(recent.items.length).toBeGreaterThan(0);
    expect(recent.items.length).toBeLessThan(all.items.length);
    expect(engine.stats.requests()).toBe(0);
  });
});

describe('reference names', () => {
  it('host rows name their cluster with one shared read, not one per row', async () => {
    await listHostRows({ page: 1, pageSize: 100 }, { connectionId: demoId });
    clearBackendCache();
    engine.stats.reset();
    const hosts = await listHostRows({ page: 1, pageSize: 100 }, { connectionId: demoId });
    expect(hosts.items.every((h) => h.clusterName && !h.clusterName.includes(':'))).toBe(true);
    // hosts + clusters + the VM scan (vCPU bars): independent of the number of hosts.
    expect(engine.stats.requests()).toBeLessThanOrEqual(4);
  });
});
