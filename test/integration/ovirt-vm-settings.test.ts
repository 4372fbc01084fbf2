/**
 * The oVirt adapter's VM settings (issue 19 point 4) against the demo engine over HTTP: boot order
 * and console type of a running VM kept for the next start and read back from the engine's
 * next-run configuration; HA and placement applied at once; the engine's refusals reaching the
 * caller as conflicts in its words, with nothing changed.
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

describe('oVirt VM settings through the adapter', () => {
  it('says what it can change and when', () => {
    expect(backend.vmSettingsFeatures).toMatchObject({
      applies: { bootOrder: 'nextStart', console: 'nextStart', highAvailability: 'live', placement: 'live' },
      unsupported: { autostart: 'noAutostart' },
    });
  });

  it('a running VM: boot order and console wait for the next start, HA applies now', async () => {
    const vm = await vmNamed(backend, 'web-02');
    const before = await backend.getVmSettings!(vm.id);
    expect(before.nextStart).toBeUndefined();
    expect(before.current.bootOrder).toEqual(['hd']);
    const other = before.current.console === 'spice' ? 'vnc' : 'spice';
    const result = await backend.updateVmSettings!(vm.id, { bootOrder: ['cdrom', 'hd'], console: other, highAvailability: { enabled: true, priority: 100 } });
    expect(result.pendingNextStart).toBe(true);
    const after = await backend.getVmSettings!(vm.id);
    expect(after.current).toMatchObject({ bootOrder: ['hd'], console: before.current.console, highAvailability: { enabled: true, priority: 100 } });
    expect(after.nextStart).toMatchObject({ bootOrder: ['cdrom', 'hd'], console: other });
  });

  it('placement: pinned to the hosts of the cluster; refused for another cluster and, while HA, for one host', async () => {
    const vm = await vmNamed(backend, 'web-02');
    const hosts = (await backend.listHosts!({ page: 1, pageSize: 100 })).items;
    const own = hosts.filter((h) => h.cluster?.id === vm.cluster?.id);
    const foreign = hosts.find((h) => h.cluster?.id !== vm.cluster?.id);
    if (foreign) expect(await conflictWords(backend.updateVmSettings!(vm.id, { placement: { migration: 'pinned', hostIds: [foreign.id] } }))).toContain("not in the VM's Cluster");
    expect(await conflictWords(backend.updateVmSettings!(vm.id, { placement: { migration: 'pinned', hostIds: [own[0].id] } }))).toContain('highly available');
    const done = await backend.updateVmSettings!(vm.id, { placement: { migration: 'manual', hostIds: own.map((h) => h.id) } });
    expect(done.pendingNextStart).toBe(true); // the boot order of the case before is still pending
    const read = await backend.getVmSettings!(vm.id);
    expect(read.current.placement).toEqual({ migration: 'manual', hosts: own.map((h) => ({ id: h.id })) });
  });

  it('a stopped VM takes the change at once', async () => {
    const vm = await vmNamed(backend, 'build-win-01');
    const result = await backend.updateVmSettings!(vm.id, { bootOrder: ['network', 'cdrom', 'hd'], console: 'spice' });
    expect(result.pendingNextStart).toBe(false);
    const read = await backend.getVmSettings!(vm.id);
    expect(read.current).toMatchObject({ bootOrder: ['network', 'cdrom', 'hd'], console: 'spice' });
    expect(read.nextStart).toBeUndefined();
  });
});
