/**
 * The oVirt adapter's affinity groups and labels (issue 19 point 4) against the demo engine over
 * HTTP: a negative enforcing group made, VMs and a host added, read back with their names; a VM of
 * another cluster and colliding rules refused as conflicts in the engine's words; a label on a VM
 * and a host; everything removed again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import { demoAdapterForFile, vmNamed } from '@/test/contract/ovirt-demo';
import { conflictWords } from '@/test/contract/refusal';

const adapter = demoAdapterForFile();
let backend: Backend;
beforeAll(() => {
  backend = adapter();
});

describe('oVirt affinity through the adapter', () => {
  it('a group: created, members added and read back, refusals in the engine words, removed', async () => {
    const a = await vmNamed(backend, 'db-01', false);
    const b = await vmNamed(backend, 'db-02', false);
    const far = await vmNamed(backend, 'test-01', false);
    const cluster = a.cluster!.id;
    const host = (await backend.listHosts!({ page: 1, pageSize: 100 })).items.find((h) => h.cluster?.id === cluster)!;
    const apart = { enabled: true, positive: false, enforcing: true };
    const { id } = await backend.createAffinityGroup!(cluster, { name: 'db-apart', description: 'primary and replica apart', vmsRule: apart, hostsRule: { enabled: false, positive: true, enforcing: false } });
    await backend.setAffinityGroupMember!(cluster, id, 'vm', a.id, true);
    await backend.setAffinityGroupMember!(cluster, id, 'vm', b.id, true);
    await backend.setAffinityGroupMember!(cluster, id, 'host', host.id, true);
    expect(await conflictWords(backend.setAffinityGroupMember!(cluster, id, 'vm', far.id, true))).toContain("not in the Affinity Group's Cluster");

    const group = (await backend.listAffinityGroups!(cluster)).find((g) => g.id === id)!;
    expect(group).toMatchObject({ name: 'db-apart', description: 'primary and replica apart', vmsRule: apart, hostsRule: { enabled: false } });
    expect(group.vms.map((v) => v.name)).toEqual(['db-01', 'db-02']);
    expect(group.hosts.map((h) => h.id)).toEqual([host.id]);

    const { id: together } = await backend.createAffinityGroup!(cluster, { name: 'db-together', vmsRule: { enabled: true, positive: true, enforcing: true }, hostsRule: { enabled: false, positive: true, enforcing: false } });
    await backend.setAffinityGroupMember!(cluster, together, 'vm', a.id, true);
    expect(await conflictWords(backend.setAffinityGroupMember!(cluster, together, 'vm', b.id, true))).toContain('Affinity rules collision');
    await backend.updateAffinityGroup!(cluster, together, { vmsRule: { enabled: true, positive: true, enforcing: false } });
    await backend.setAffinityGroupMember!(cluster, together, 'vm', b.id, true);

    await backend.setAffinityGroupMember!(cluster, id, 'vm', a.id, false);
    expect((await backend.listAffinityGroups!(cluster)).find((g) => g.id === id)!.vms.map((v) => v.name)).toEqual(['db-02']);
    await backend.removeAffinityGroup!(cluster, id);
    await backend.removeAffinityGroup!(cluster, together);
    expect(await backend.listAffinityGroups!(cluster)).toEqual([]);
  });

  it('a label on a VM and a host; a second label of that name refused', async () => {
    const vm = await vmNamed(backend, 'db-01', false);
    const host = (await backend.listHosts!({ page: 1, pageSize: 1 })).items[0];
    const { id } = await backend.createAffinityLabel!('ssd');
    expect(await conflictWords(backend.createAffinityLabel!('ssd'))).toContain('already in use');
    await backend.setAffinityLabelMember!(id, 'vm', vm.id, true);
    await backend.setAffinityLabelMember!(id, 'host', host.id, true);
    const label = (await backend.listAffinityLabels!()).find((l) => l.id === id)!;
    expect(label.vms.map((v) => v.name)).toEqual(['db-01']);
    expect(label.hosts.map((h) => h.id)).toEqual([host.id]);
    await backend.removeAffinityLabel!(id);
    expect(await backend.listAffinityLabels!()).toEqual([]);
  });
});
