/**
 * A VM's affinity memberships and its HA lease through the oVirt adapter (issue 19 point 4),
 * against the demo engine over HTTP, its answers walked against the API model: the VM joins and
 * leaves a group of its cluster (an enforcing collision refused in the engine's words), takes and
 * drops labels through its own service (`/vms/{id}/affinitylabels`), the memberships read back in
 * bulk (one request for the cluster's groups, one for the labels); the lease set on an active data
 * domain of its data center, refused elsewhere in the engine's words, and removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import { hasCapability } from '@/lib/backends/capabilities';
import { vmMemberships } from '@/lib/services/vm-affinity-memberships';
import { walkResponses } from '@/test/contract/ovirt-api-walk';
import { demoBackend, startDemoEngine, vmNamed, type CountingBackend, type DemoEngine, type RecordedResponse } from '@/test/contract/ovirt-demo';
import { conflictWords } from '@/test/contract/refusal';

const responses: RecordedResponse[] = [];
let engine: DemoEngine;
let counting: CountingBackend;
let backend: Backend;

beforeAll(async () => {
  engine = await startDemoEngine('demo', { record: responses });
  counting = demoBackend(engine);
  backend = counting.backend;
});
afterAll(async () => {
  await backend?.close();
  await engine?.close();
});

const soft = { enabled: false, positive: true, enforcing: false };
/** The engine's id inside a dashboard id ("connection:native"). */
const clusterNative = (id: string) => id.slice(id.indexOf(':') + 1);
/** A request's path below the API root, without its query. */
const apiPath = (url: string) => url.split('?')[0].replace(/^\/ovirt-engine\/api/, '');

describe("a VM's affinity through the oVirt adapter", () => {
  it('declares the affinity capability', () => {
    expect(hasCapability(backend, 'affinity')).toBe(true);
  });

  it('joins and leaves groups of its cluster; an enforcing collision is refused in the engine words and changes nothing', async () => {
    const a = await vmNamed(backend, 'db-01', false);
    const b = await vmNamed(backend, 'db-02', false);
    const cluster = a.cluster!.id;
    const host = (await backend.listHosts!({ page: 1, pageSize: 100 })).items.find((h) => h.cluster?.id === cluster)!;
    const { id: apart } = await backend.createAffinityGroup!(cluster, { name: 'vm-apart', vmsRule: { enabled: true, positive: false, enforcing: true }, hostsRule: soft });
    const { id: together } = await backend.createAffinityGroup!(cluster, { name: 'vm-together', vmsRule: { enabled: true, positive: true, enforcing: true }, hostsRule: { enabled: true, positive: true, enforcing: false } });
    await backend.setAffinityGroupMember!(cluster, apart, 'vm', b.id, true);
    await backend.setAffinityGroupMember!(cluster, together, 'vm', b.id, true);
    await backend.setAffinityGroupMember!(cluster, together, 'host', host.id, true);

    await backend.setAffinityGroupMember!(cluster, apart, 'vm', a.id, true);
    // a and b apart (enforcing) and together (enforcing): the engine refuses the second.
    expect(await conflictWords(backend.setAffinityGroupMember!(cluster, together, 'vm', a.id, true))).toContain('Affinity rules collision');

    counting.reset();
    const m = vmMemberships(a.id, await backend.listAffinityGroups!(cluster), await backend.listAffinityLabels!());
    // In bulk: the cluster's groups with their members, the labels with theirs.
    expect(counting.apiRequests().map((r) => apiPath(r.url))).toEqual([`/clusters/${clusterNative(a.cluster!.id)}/affinitygroups`, '/affinitylabels']);
    expect(m.groups.map((g) => g.name)).toEqual(['vm-apart']);
    expect(m.groups[0]).toMatchObject({ vmsRule: { enabled: true, positive: false, enforcing: true }, otherVms: [{ id: b.id, name: 'db-02' }] });
    expect(m.joinableGroups.map((g) => g.name)).toEqual(['vm-together']);

    await backend.setAffinityGroupMember!(cluster, apart, 'vm', a.id, false);
    await backend.setAffinityGroupMember!(cluster, together, 'vm', a.id, true);
    const after = vmMemberships(a.id, await backend.listAffinityGroups!(cluster), []);
    expect(after.groups.map((g) => g.name)).toEqual(['vm-together']);
    expect(after.groups[0].hosts.map((h) => h.id)).toEqual([host.id]);
    await backend.removeAffinityGroup!(cluster, apart);
    await backend.removeAffinityGroup!(cluster, together);
  });

  it('takes and drops labels through its own service', async () => {
    const vm = await vmNamed(backend, 'db-01', false);
    const { id: ssd } = await backend.createAffinityLabel!('ssd-hosts');
    counting.reset();
    await backend.setVmAffinityLabel!(vm.id, ssd, true);
    expect(counting.apiRequests().map((r) => `${r.method} ${apiPath(r.url)}`)).toEqual([`POST /vms/${vm.nativeId}/affinitylabels`]);
    expect(await conflictWords(backend.setVmAffinityLabel!(vm.id, ssd, true))).toContain('already');
    expect(vmMemberships(vm.id, [], await backend.listAffinityLabels!()).labels.map((l) => l.name)).toEqual(['ssd-hosts']);
    await backend.setVmAffinityLabel!(vm.id, ssd, false);
    const m = vmMemberships(vm.id, [], await backend.listAffinityLabels!());
    expect(m.labels).toEqual([]);
    expect(m.addableLabels.map((l) => l.name)).toEqual(['ssd-hosts']);
    await backend.removeAffinityLabel!(ssd);
  });

  it('the HA lease: set on an active data domain of its data center at once, refused elsewhere in the engine words, removed', async () => {
    expect(backend.vmSettingsFeatures?.applies.lease).toBe('live');
    const vm = await vmNamed(backend, 'web-01', false);
    const domains = (await backend.listStorageDomains!({ page: 1, pageSize: 500 })).items;
    const sd = (name: string) => domains.find((d) => d.name === name)!.id;
    expect((await backend.getVmSettings!(vm.id)).current.lease).toBeNull();
    expect(await conflictWords(backend.updateVmSettings!(vm.id, { lease: sd('lab-local') }))).toContain("Storage Domain doesn't exist");
    expect(await conflictWords(backend.updateVmSettings!(vm.id, { lease: sd('posix-data') }))).toContain('Maintenance');
    expect(await conflictWords(backend.updateVmSettings!(vm.id, { lease: sd('iso') }))).toContain('data domains');
    expect((await backend.getVmSettings!(vm.id)).current.lease).toBeNull();

    const set = await backend.updateVmSettings!(vm.id, { highAvailability: { enabled: true, priority: 50 }, lease: sd('nfs-data') });
    expect(set.pendingNextStart).toBe(false);
    expect((await backend.getVmSettings!(vm.id)).current).toMatchObject({ highAvailability: { enabled: true, priority: 50 }, lease: { id: sd('nfs-data') } });
    await backend.updateVmSettings!(vm.id, { lease: null });
    expect((await backend.getVmSettings!(vm.id)).current.lease).toBeNull();
  });

  it('answered only with types, attributes and enum values of the API model', () => {
    expect(responses.some((r) => r.path.includes('/affinitylabels'))).toBe(true);
    expect(walkResponses(responses)).toEqual([]);
  });
});
