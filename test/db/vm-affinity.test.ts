import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase, onPostgres } from './setup-env';

/**
 * A VM's affinity memberships and its lease through the real server actions (roleAction, zod, the
 * services, the oVirt adapter) against the demo engine on a real database: joining and leaving a
 * group of the VM's cluster and taking a label are audited on the VM; an enforcing collision comes
 * back in the engine's words, audited as a failure, nothing changed; a group of another cluster is
 * refused (the cluster is the VM's own, never the form's); the lease is set and removed, audited.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);
const request = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-virtdash-client-ip': '203.0.113.7' }) }));
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  const messages = (await import('@/messages/en.json')).default;
  return { getTranslations: async () => createTranslator({ locale: 'en', messages }) };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { createAuthSession } = await import('@/lib/auth/sessions');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { registerDemoConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends, getBackend } = await import('@/lib/services/connections');
const { vmAffinityGroupAction, vmAffinityLabelAction } = await import('@/lib/actions/affinity');
const { vmSettingsAction } = await import('@/lib/actions/vm-settings');
const { vmAffinityView } = await import('@/lib/services/vm-affinity');

let engine: Awaited<ReturnType<typeof startOvirtEngine>>;
let connectionId = '';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

const backend = () => getBackend(connectionId);
async function vmNamed(name: string) {
  return (await (await backend()).listVms!({ page: 1, pageSize: 5, filters: { name } })).items.find((v) => v.name === name)!;
}
const lastAudit = (action: string) => getDb().auditEntry.findFirstOrThrow({ where: { action }, orderBy: { at: 'desc' } });

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  const admin = await getDb().user.create({ data: { username: 'affinity-admin', role: 'admin' } });
  request.sid = (await createAuthSession(admin.id, '203.0.113.1', null)).id;
  engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01 });
  connectionId = (await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'demo-admin' })).id;
}, 120_000);

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await getDb().$disconnect();
});

describe(`a VM's affinity and lease through the server actions on ${onPostgres() ? 'PostgreSQL' : 'embedded PGlite'}`, () => {
  it('joins and leaves groups of its own cluster, audited on the VM; a collision and a foreign group are refused, nothing changed', async () => {
    const b = await backend();
    const a = await vmNamed('gitlab-01');
    const other = await vmNamed('ci-runner-02');
    const lab = await vmNamed('test-02');
    const cluster = a.cluster!.id;
    const { id: apart } = await b.createAffinityGroup!(cluster, { name: 'db-apart', vmsRule: { enabled: true, positive: false, enforcing: true }, hostsRule: { enabled: false, positive: true, enforcing: false } });
    const { id: together } = await b.createAffinityGroup!(cluster, { name: 'db-together', vmsRule: { enabled: true, positive: true, enforcing: true }, hostsRule: { enabled: false, positive: true, enforcing: false } });
    const { id: labGroup } = await b.createAffinityGroup!(lab.cluster!.id, { name: 'lab-only', vmsRule: { enabled: true, positive: true, enforcing: false }, hostsRule: { enabled: false, positive: true, enforcing: false } });
    await b.setAffinityGroupMember!(cluster, apart, 'vm', other.id, true);
    await b.setAffinityGroupMember!(cluster, together, 'vm', other.id, true);

    const join = (groupId: string, groupName: string, op = 'add') => vmAffinityGroupAction(undefined, form({ vmId: a.id, vmName: a.name, groupId, groupName, op }));
    expect(await join(apart, 'db-apart')).toMatchObject({ ok: true, message: 'gitlab-01 was added to db-apart.' });
    expect(await lastAudit('vm.affinity.group')).toMatchObject({ result: 'success', targetType: 'vm', targetId: a.id, targetName: 'gitlab-01: add group db-apart' });

    const collision = await join(together, 'db-together');
    expect(collision.ok).toBe(false);
    expect(`${collision.message} ${collision.detail ?? ''}`).toContain('Affinity rules collision');
    expect(await lastAudit('vm.affinity.group')).toMatchObject({ result: 'failure', targetName: 'gitlab-01: add group db-together' });

    // A group of another cluster: asked under the VM's own cluster, the engine does not know it there.
    expect((await join(labGroup, 'lab-only')).ok).toBe(false);
    const view = await vmAffinityView(a.id);
    expect(view.groups.map((g) => g.name)).toEqual(['db-apart']);
    expect(view.joinableGroups.map((g) => g.name)).toEqual(['db-together']);
    expect((await b.listAffinityGroups!(lab.cluster!.id)).find((g) => g.id === labGroup)!.vms).toEqual([]);

    expect(await join(apart, 'db-apart', 'remove')).toMatchObject({ ok: true, message: 'gitlab-01 was removed from db-apart.' });
    expect((await vmAffinityView(a.id)).groups).toEqual([]);
  });

  it('takes and drops a label, audited; a label id that is not one is refused before the engine is asked', async () => {
    const b = await backend();
    const vm = await vmNamed('gitlab-01');
    const { id } = await b.createAffinityLabel!('fast-disks');
    const label = (op: string, labelId = id) => vmAffinityLabelAction(undefined, form({ vmId: vm.id, vmName: vm.name, labelId, labelName: 'fast-disks', op }));
    expect(await label('add')).toMatchObject({ ok: true });
    expect(await lastAudit('vm.affinity.label')).toMatchObject({ result: 'success', targetType: 'vm', targetId: vm.id, targetName: 'gitlab-01: add label fast-disks' });
    expect((await vmAffinityView(vm.id)).labels.map((l) => l.name)).toEqual(['fast-disks']);
    expect(await label('remove')).toMatchObject({ ok: true });
    expect((await vmAffinityView(vm.id)).labels).toEqual([]);
    expect(await label('add', '')).toMatchObject({ ok: false, fieldErrors: { labelId: 'Choose a label first.' } });
  });

  it('sets the lease on a data domain of its data center and removes it, audited', async () => {
    const b = await backend();
    const vm = await vmNamed('gitlab-01');
    const sd = (await b.listStorageDomains!({ page: 1, pageSize: 500 })).items.find((d) => d.name === 'iscsi-data')!;
    expect(await vmSettingsAction(undefined, form({ vmId: vm.id, leaseDomainId: sd.id }))).toMatchObject({ ok: true });
    expect(await lastAudit('vm.settings')).toMatchObject({ result: 'success', targetId: vm.id, targetName: `lease ${sd.id}` });
    expect((await b.getVmSettings!(vm.id)).current.lease).toEqual({ id: sd.id });
    expect(await vmSettingsAction(undefined, form({ vmId: vm.id, leaseDomainId: '' }))).toMatchObject({ ok: true });
    expect(await lastAudit('vm.settings')).toMatchObject({ targetName: 'lease none' });
    expect((await b.getVmSettings!(vm.id)).current.lease).toBeNull();
  });
});
