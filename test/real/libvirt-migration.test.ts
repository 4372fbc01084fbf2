/**
 * Live migration between two real libvirt daemons (scripts/real/libvirt.sh: host A on
 * LIBVIRT_QEMU_URI, host B in its own mount namespace on LIBVIRT_QEMU_URI_B, both seeing the same
 * disk paths). The adapter of A migrates peer-to-peer: A's daemon drives it, the job's progress
 * is read while the call runs, and a cancelled migration leaves the guest on A.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { qualifyId, type QualifiedId } from '@/lib/domain';
import { isBackendError, type Backend } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { freshDatabase } from '@/test/db/setup-env';
import { realEnv } from './env';

vi.mock('@/lib/auth/auth', () => ({ auth: async () => null }));

const env = realEnv('libvirt migration', ['LIBVIRT_QEMU_URI', 'LIBVIRT_QEMU_URI_B', 'LIBVIRT_POOL_DIR'] as const);
const RUN = `vdmig${Date.now().toString(36)}`;
const execFileAsync = promisify(execFile);

const virsh = async (uri: string, ...args: string[]) => (await execFileAsync('virsh', ['-q', '-c', uri, ...args])).stdout.trim();
const exists = (uri: string, name: string) => virsh(uri, 'domstate', name).then(() => true, () => false);

describe.skipIf(!env)('libvirt live migration between two daemons', () => {
  let a: Backend;
  let b: Backend;
  const guests: string[] = [];
  let payload: string;

  beforeAll(async () => {
    a = createBackend({ id: 'kvm-a', kind: 'libvirt', name: 'host A', url: `${env!.LIBVIRT_QEMU_URI}?cluster=${RUN}` });
    b = createBackend({ id: 'kvm-b', kind: 'libvirt', name: 'host B', url: `${env!.LIBVIRT_QEMU_URI_B}?cluster=${RUN}` });
    // 8 MiB of random bytes QEMU's generic loader puts into the guest's RAM: pages that are not
    // zero, so a migration capped at 1 MiB/s (migrate-setspeed) runs for seconds, not milliseconds.
    payload = path.join(env!.LIBVIRT_POOL_DIR, `${RUN}-ram.bin`);
    await fs.writeFile(payload, randomBytes(8 * 1024 * 1024));
  });

  afterAll(async () => {
    for (const name of guests) {
      for (const uri of [env!.LIBVIRT_QEMU_URI, env!.LIBVIRT_QEMU_URI_B]) {
        await virsh(uri, 'destroy', name).catch(() => undefined);
        await virsh(uri, 'undefine', name).catch(() => undefined);
      }
    }
    await fs.rm(payload, { force: true });
    await a?.close?.();
    await b?.close?.();
  });

  /** A persistent guest without an OS defined on A (started unless told), its RAM holding the payload. */
  async function guest(suffix: string, { start = true, slow = true } = {}): Promise<{ name: string; uuid: string; id: QualifiedId }> {
    const name = `${RUN}-${suffix}`;
    guests.push(name);
    const file = path.join(env!.LIBVIRT_POOL_DIR, `${name}.xml`);
    await fs.writeFile(
      file,
      `<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>` +
        `<os><type arch='x86_64' machine='pc'>hvm</type></os><devices/>` +
        `<qemu:commandline><qemu:arg value='-device'/><qemu:arg value='loader,file=${payload},addr=0x1000000,force-raw=on'/></qemu:commandline></domain>`,
    );
    await virsh(env!.LIBVIRT_QEMU_URI, 'define', file);
    await fs.rm(file, { force: true });
    if (start) await virsh(env!.LIBVIRT_QEMU_URI, 'start', name);
    if (start && slow) await virsh(env!.LIBVIRT_QEMU_URI, 'migrate-setspeed', name, '1');
    const uuid = await virsh(env!.LIBVIRT_QEMU_URI, 'domuuid', name);
    return { name, uuid, id: qualifyId('kvm-a', uuid) };
  }

  it('a running guest live-migrates to host B: progress is read while it runs, then it runs on B, persistent there, gone from A', async () => {
    const g = await guest('moves');
    const since = (await a.listEvents!({ max: 1 })).lastIndex ?? 0;
    await a.migrateVm!(g.id, { destinationUri: env!.LIBVIRT_QEMU_URI_B });
    // While A's daemon still runs the migration call, the VM shows as migrating with the job's progress.
    const seen: number[] = [];
    for (let vm = await a.getVm!(g.id); vm.status === 'migrating'; ) {
      seen.push(vm.migrationProgress ?? -1);
      await new Promise((r) => setTimeout(r, 200));
      const next = await a.getVm!(g.id).catch((e: unknown) => (isBackendError(e, 'not_found') ? undefined : Promise.reject(e)));
      if (!next) break;
      vm = next;
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((p) => p > 0 && p < 100), `progress read: ${seen.join(', ')}`).toBe(true);

    // Gone from A (its definition too), running and persistent on B, under B's connection.
    await expect(a.getVm!(g.id)).rejects.toSatisfy((e: unknown) => isBackendError(e, 'not_found'));
    expect(await exists(env!.LIBVIRT_QEMU_URI, g.name)).toBe(false);
    expect(await virsh(env!.LIBVIRT_QEMU_URI_B, 'domstate', g.name)).toBe('running');
    expect(await virsh(env!.LIBVIRT_QEMU_URI_B, 'dominfo', g.name)).toMatch(/Persistent:\s+yes/);
    expect((await b.getVm!(qualifyId('kvm-b', g.uuid))).status).toBe('running');
    const events = (await a.listEvents!({ max: 50, sinceIndex: since })).items;
    expect(events.some((e) => e.description === `VM ${g.name} migrated to ${env!.LIBVIRT_QEMU_URI_B}.`)).toBe(true);
  });

  it('a migration cancelled while it runs leaves the guest running on A and nothing on B', async () => {
    const g = await guest('stays');
    const since = (await a.listEvents!({ max: 1 })).lastIndex ?? 0;
    await a.migrateVm!(g.id, { destinationUri: env!.LIBVIRT_QEMU_URI_B });
    // Cancelled once libvirt reports data moving.
    let vm = await a.getVm!(g.id);
    while (vm.status === 'migrating' && !vm.migrationProgress) {
      await new Promise((r) => setTimeout(r, 100));
      vm = await a.getVm!(g.id);
    }
    expect(vm.status).toBe('migrating');
    await a.cancelMigration!(g.id);
    while ((vm = await a.getVm!(g.id)).status === 'migrating') await new Promise((r) => setTimeout(r, 100));
    expect(vm.status).toBe('running');
    expect(await virsh(env!.LIBVIRT_QEMU_URI, 'domstate', g.name)).toBe('running');
    expect(await exists(env!.LIBVIRT_QEMU_URI_B, g.name)).toBe(false);
    const events = (await a.listEvents!({ max: 50, sinceIndex: since })).items;
    expect(events.find((e) => e.description.startsWith(`Migration of VM ${g.name} to ${env!.LIBVIRT_QEMU_URI_B} cancelled:`))?.severity).toBe('warning');
  });

  it('refusals come back at once in libvirt\'s words: a guest that is not running, no destination', async () => {
    const off = await guest('off', { start: false });
    const error = await a.migrateVm!(off.id, { destinationUri: env!.LIBVIRT_QEMU_URI_B }).catch((e: unknown) => e);
    expect(isBackendError(error)).toBe(true);
    expect(isBackendError(error) && error.detail).toMatch(/not running/i);
    expect(await virsh(env!.LIBVIRT_QEMU_URI, 'domstate', off.name)).toBe('shut off');

    const on = await guest('nodest', { slow: false });
    await expect(a.migrateVm!(on.id, {})).rejects.toSatisfy((e: unknown) => isBackendError(e, 'invalid_input'));
    expect(await virsh(env!.LIBVIRT_QEMU_URI, 'domstate', on.name)).toBe('running');
  });
});

describe.skipIf(!env)('the VM service: a libvirt VM to a peer host of its cluster group, its owner following it', () => {
  const name = `${RUN}-owned`;
  let services: {
    db: Awaited<typeof import('@/lib/db/prisma')>['getDb'];
    vms: typeof import('@/lib/services/vm-operations');
    intents: typeof import('@/lib/services/migration-intents');
    connections: typeof import('@/lib/services/connections');
    ActionRefusal: typeof import('@/lib/services/refusal').ActionRefusal;
  };
  let aId = '';
  let bId = '';
  let loneId = '';

  beforeAll(async () => {
    await freshDatabase();
    process.env.SECRET_KEY ??= 'c'.repeat(64);
    const { databaseTarget } = await import('@/lib/db/target');
    const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
    services = {
      db: (await import('@/lib/db/prisma')).getDb,
      vms: await import('@/lib/services/vm-operations'),
      intents: await import('@/lib/services/migration-intents'),
      connections: await import('@/lib/services/connections'),
      ActionRefusal: (await import('@/lib/services/refusal')).ActionRefusal,
    };
    const { connections } = services;
    aId = (await connections.createConnection({ kind: 'libvirt', name: 'KVM A', url: `${env!.LIBVIRT_QEMU_URI}?cluster=${RUN}`, enabled: 'on' })).id;
    bId = (await connections.createConnection({ kind: 'libvirt', name: 'KVM B', url: `${env!.LIBVIRT_QEMU_URI_B}?cluster=${RUN}`, enabled: 'on' })).id;
    // The same daemon B, but not named into the group: not a peer.
    loneId = (await connections.createConnection({ kind: 'libvirt', name: 'KVM lone', url: env!.LIBVIRT_QEMU_URI_B, enabled: 'on' })).id;
    const file = path.join(env!.LIBVIRT_POOL_DIR, `${name}.xml`);
    await fs.writeFile(file, `<domain type='qemu'><name>${name}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`);
    await virsh(env!.LIBVIRT_QEMU_URI, 'define', file);
    await fs.rm(file, { force: true });
    await virsh(env!.LIBVIRT_QEMU_URI, 'start', name);
  });

  afterAll(async () => {
    for (const uri of [env!.LIBVIRT_QEMU_URI, env!.LIBVIRT_QEMU_URI_B]) {
      for (const n of [name, `${name}-restart`, `${name}-stays`]) {
        await virsh(uri, 'destroy', n).catch(() => undefined);
        await virsh(uri, 'undefine', n).catch(() => undefined);
      }
    }
    if (!services) return;
    await services.connections.closeAllBackends();
    await services.db().$disconnect();
  });

  it("refuses a host outside the VM's cluster group, then moves a tenant's VM to its peer: the ownership row follows, audited", async () => {
    const { db, vms, connections, ActionRefusal } = services;
    const uuid = await virsh(env!.LIBVIRT_QEMU_URI, 'domuuid', name);
    const oldId = qualifyId(aId, uuid);
    const newId = qualifyId(bId, uuid);
    const admin = await db().user.create({ data: { username: 'root-admin', role: 'admin' } });
    const tenant = await db().user.create({ data: { username: 'tenant', role: 'user' } });
    await db().vmOwnership.create({ data: { vmId: oldId, connectionId: aId, vmName: name, ownerId: tenant.id, vcpus: 1, memoryMiB: 32, storageGiB: 0 } });

    const lone = await connections.getBackend(loneId);
    const loneHost = (await lone.listHosts!({ page: 1, pageSize: 5 })).items[0]!;
    const refused = await vms.migrateVm(oldId, loneHost.id, admin).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ActionRefusal);
    expect((refused as { key: string }).key).toBe('vmActions.errors.migrateNotPeer');
    expect(await virsh(env!.LIBVIRT_QEMU_URI, 'domstate', name)).toBe('running');

    const peer = await connections.getBackend(bId);
    const host = (await peer.listHosts!({ page: 1, pageSize: 5 })).items[0]!;
    // What the migrate dialog offers: a host must be named (no scheduler), and only B, the group's
    // peer, is listed, not the same daemon reached by a connection outside the group.
    const targets = await vms.vmMigrationTargets(oldId);
    expect(targets.scheduler).toBe(false);
    expect(targets.peers).toEqual([{ id: host.id, name: host.name, connectionName: 'KVM B' }]);
    await vms.migrateVm(oldId, host.id, admin);
    // The row moves once libvirt's call has returned: followed here through the database.
    let row = await db().vmOwnership.findFirst({ where: { ownerId: tenant.id } });
    while (row?.vmId === oldId) {
      await new Promise((r) => setTimeout(r, 100));
      row = await db().vmOwnership.findFirst({ where: { ownerId: tenant.id } });
    }
    expect(row).toMatchObject({ vmId: newId, connectionId: bId, vmName: name, ownerId: tenant.id });
    expect(await virsh(env!.LIBVIRT_QEMU_URI_B, 'domstate', name)).toBe('running');
    expect(await exists(env!.LIBVIRT_QEMU_URI, name)).toBe(false);
    const entry = await db().auditEntry.findFirst({ where: { action: 'vm.migrated' } });
    expect(entry).toMatchObject({ result: 'success', targetId: newId });
    expect(entry?.detail).toMatchObject({ from: oldId, to: newId, ownershipMoved: 1 });
  });

  /** A persistent guest without an OS, running on A. */
  async function startOnA(guestName: string): Promise<string> {
    const file = path.join(env!.LIBVIRT_POOL_DIR, `${guestName}.xml`);
    await fs.writeFile(file, `<domain type='qemu'><name>${guestName}</name><memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>`);
    await virsh(env!.LIBVIRT_QEMU_URI, 'define', file);
    await fs.rm(file, { force: true });
    await virsh(env!.LIBVIRT_QEMU_URI, 'start', guestName);
    return virsh(env!.LIBVIRT_QEMU_URI, 'domuuid', guestName);
  }

  it('a dashboard restart during the move: the intent recorded first is settled on the next start, by two instances at once, moved and audited once', async () => {
    const { db, intents } = services;
    const guestName = `${name}-restart`;
    const uuid = await startOnA(guestName);
    const oldId = qualifyId(aId, uuid);
    const newId = qualifyId(bId, uuid);
    const tenant = await db().user.create({ data: { username: 'tenant-restart', role: 'user' } });
    await db().vmOwnership.create({ data: { vmId: oldId, connectionId: aId, vmName: guestName, ownerId: tenant.id, vcpus: 1, memoryMiB: 32, storageGiB: 0 } });
    // What migrateToPeer does before libvirt's call; the call then runs from a backend of a process
    // that "dies": nobody follows its outcome, as after a restart.
    await intents.recordMigrationIntent({ vmId: oldId, nativeId: uuid, sourceConnectionId: aId, targetConnectionId: bId, vmName: guestName, actor: { id: tenant.id, username: 'tenant-restart' } });
    const dying = createBackend({ id: aId, kind: 'libvirt', name: 'KVM A (old process)', url: `${env!.LIBVIRT_QEMU_URI}?cluster=${RUN}` });
    await dying.migrateVm!(oldId, { destinationUri: env!.LIBVIRT_QEMU_URI_B });
    expect(await dying.migrationOutcome!(oldId)).toBe('finished');
    await dying.close?.();
    expect(await db().vmOwnership.findUnique({ where: { vmId: oldId } })).not.toBeNull();

    // The restarted dashboard, twice (two instances on one database): asks A and B where the domain is.
    const [first, second] = await Promise.all([intents.reconcileMigrations(), intents.reconcileMigrations()]);
    // One of them claims and moves it; the other finds it claimed (or already gone) and does nothing.
    expect([first.get(oldId), second.get(oldId)].filter((settled) => settled === 'moved')).toHaveLength(1);
    expect(await db().vmOwnership.findUnique({ where: { vmId: newId } })).toMatchObject({ connectionId: bId, ownerId: tenant.id, vmName: guestName });
    expect(await db().vmOwnership.findUnique({ where: { vmId: oldId } })).toBeNull();
    expect(await db().vmMigrationIntent.count({ where: { vmId: oldId } })).toBe(0);
    const entries = await db().auditEntry.findMany({ where: { action: 'vm.migrated', targetId: newId } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorName: 'tenant-restart', result: 'success' });
    expect(entries[0]!.detail).toMatchObject({ from: oldId, to: newId, ownershipMoved: 1 });
    // Settled: the next reconcile has nothing left to do.
    expect((await intents.reconcileMigrations()).size).toBe(0);
  });

  it('an intent whose VM never left A: kept while it may still start, then dropped with the records where they were', async () => {
    const { db, intents } = services;
    const guestName = `${name}-stays`;
    const uuid = await startOnA(guestName);
    const oldId = qualifyId(aId, uuid);
    const tenant = await db().user.create({ data: { username: 'tenant-stays', role: 'user' } });
    await db().vmOwnership.create({ data: { vmId: oldId, connectionId: aId, vmName: guestName, ownerId: tenant.id, vcpus: 1, memoryMiB: 32, storageGiB: 0 } });
    const intent = await intents.recordMigrationIntent({ vmId: oldId, nativeId: uuid, sourceConnectionId: aId, targetConnectionId: bId, vmName: guestName });
    expect(await intents.reconcileIntent(intent)).toBe('pending');
    expect(await intents.reconcileIntent(intent, intent.createdAt.getTime() + intents.STALE_INTENT_MS + 1)).toBe('dropped');
    expect(await db().vmMigrationIntent.count({ where: { vmId: oldId } })).toBe(0);
    expect(await db().vmOwnership.findUnique({ where: { vmId: oldId } })).toMatchObject({ connectionId: aId, ownerId: tenant.id });
    expect(await virsh(env!.LIBVIRT_QEMU_URI, 'domstate', guestName)).toBe('running');
  });
});
