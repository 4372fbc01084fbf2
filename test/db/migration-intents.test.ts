// A libvirt migration's intent settled by two dashboard instances at once (lib/services/
// migration-intents.ts): the one whose transaction claims (deletes) the intent moves the VM's
// records and audits; the other moves nothing and audits nothing. On PostgreSQL the two
// transactions run on connections of their own, as two processes would; the libvirt side of it
// (where the domain is after a restart) is tested against the real daemons in
// test/real/libvirt-migration.test.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

vi.mock('@/lib/auth/auth', () => ({ auth: async () => null }));

await freshDatabase();

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const intents = await import('@/lib/services/migration-intents');

describe(`a migration intent settled once (${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  beforeAll(async () => {
    const runner = await openSqlRunner(databaseTarget());
    await applyMigrations(runner);
    await runner.close();
  });
  afterAll(async () => {
    await getDb().$disconnect();
  });

  it('two settlers at once: the row moves once, tickets for the old id go, one audit entry, the intent is gone', async () => {
    const db = getDb();
    const tenant = await db.user.create({ data: { username: 'tenant', role: 'user' } });
    const oldId = 'kvm-a:3f0c2a44-0000-4000-8000-000000000001';
    const newId = 'kvm-b:3f0c2a44-0000-4000-8000-000000000001';
    await db.vmOwnership.create({ data: { vmId: oldId, connectionId: 'kvm-a', vmName: 'web01', ownerId: tenant.id, vcpus: 2, memoryMiB: 2048, storageGiB: 20 } });
    const intent = await intents.recordMigrationIntent({
      vmId: oldId,
      nativeId: '3f0c2a44-0000-4000-8000-000000000001',
      sourceConnectionId: 'kvm-a',
      targetConnectionId: 'kvm-b',
      vmName: 'web01',
      actor: { id: tenant.id, username: 'tenant' },
    });

    const results = await Promise.all([intents.settleMoved(intent), intents.settleMoved(intent), intents.settleMoved(intent)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.vmOwnership.findUnique({ where: { vmId: newId } })).toMatchObject({ connectionId: 'kvm-b', ownerId: tenant.id, vcpus: 2 });
    expect(await db.vmOwnership.findUnique({ where: { vmId: oldId } })).toBeNull();
    expect(await db.vmMigrationIntent.count()).toBe(0);
    const entries = await db.auditEntry.findMany({ where: { action: 'vm.migrated' } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorName: 'tenant', targetId: newId, result: 'success' });
    expect(entries[0]!.detail).toMatchObject({ from: oldId, to: newId, ownershipMoved: 1 });
  });

  it('a second migration of the same VM replaces its unsettled intent (one per VM)', async () => {
    const input = { vmId: 'kvm-a:u2', nativeId: 'u2', sourceConnectionId: 'kvm-a', vmName: 'db01' };
    await intents.recordMigrationIntent({ ...input, targetConnectionId: 'kvm-b' });
    await intents.recordMigrationIntent({ ...input, targetConnectionId: 'kvm-c' });
    const rows = await getDb().vmMigrationIntent.findMany({ where: { vmId: 'kvm-a:u2' } });
    expect(rows.map((r) => r.targetConnectionId)).toEqual(['kvm-c']);
  });
});
