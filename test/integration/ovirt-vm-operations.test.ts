/**
 * The oVirt adapter's VM write methods against the demo engine over HTTP:
 * create (blank and from a template), run once, edit (hot-plug and next run),
 * power actions and their refusals, snapshots, clones, templates, removal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import type { QualifiedId, Vm } from '@/lib/domain';
import { parseQualifiedId } from '@/lib/domain';
import { waitForVmStatus } from '@/test/contract/backend-contract';
import { ADMIN, demoForFile, type DemoEngine } from '@/test/contract/ovirt-demo';

let engine: DemoEngine;
let backend: Backend;
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const demo = demoForFile();
beforeAll(() => {
  ({ engine, backend } = demo());
});

/** What the engine itself says (fields the domain model leaves out), read with HTTP Basic as a real client may. */
async function raw(path: string): Promise<Record<string, unknown>> {
  const auth = Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64');
  const res = await fetch(`${engine.apiUrl}${path}`, { headers: { Accept: 'application/json', Version: '4', Authorization: `Basic ${auth}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}
const nativeOf = (id: QualifiedId) => parseQualifiedId(id)!.nativeId;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 40));
    last = await read();
  }
  return last;
}

async function defaultPlacement() {
  const cluster = (await backend.listClusters!({ page: 1, pageSize: 10, filters: { name: 'Default' } })).items[0]!;
  const hosts = (await backend.listHosts!({ page: 1, pageSize: 50, filters: { cluster: 'Default', status: 'up' } })).items;
  const domains = (await backend.listStorageDomains!({ page: 1, pageSize: 50 })).items;
  const data = domains.find((d) => d.kind === 'data' && d.status === 'active' && d.dataCenter?.id === cluster.dataCenter?.id)!;
  const profiles = await backend.listVnicProfiles!();
  const isos = await backend.listIsoFiles!();
  return { cluster, hosts, data, profiles, isos };
}

let seq = 0;
const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${seq++}`;

async function blankVm(extra: Partial<Parameters<NonNullable<Backend['createVm']>>[0]> = {}): Promise<Vm> {
  const p = await defaultPlacement();
  const created = await backend.createVm!({
    name: uniqueName('it-vm'),
    clusterId: p.cluster.id,
    memoryBytes: 1 * GiB,
    cpu: { sockets: 1, cores: 1, threads: 1 },
    disks: [{ sizeBytes: 2 * GiB, storageDomainId: p.data.id, thin: true, interface: 'virtio_scsi' }],
    ...extra,
  });
  return until(() => backend.getVm!(created.id), (vm) => vm.status === 'stopped' && (vm.disks ?? []).every((d) => d.status === 'ok'), 'the new VM');
}

describe('choices for the wizard', () => {
  it('lists ISO files of ISO domains and vNIC profiles with their networks', async () => {
    const { isos, profiles } = await defaultPlacement();
    expect(isos.length).toBeGreaterThan(0);
    expect(isos[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), storageDomain: { id: expect.any(String) } });
    expect(profiles.length).toBeGreaterThan(0);
    expect(profiles.some((p) => p.network?.id)).toBe(true);
  });
});

describe('create', () => {
  it('a blank VM with disks (thin and preallocated), a NIC, an ISO, HA, cloud-init and a host', async () => {
    const p = await defaultPlacement();
    const iso = p.isos.find((f) => f.dataCenter?.id === p.cluster.dataCenter?.id)!;
    const profile = p.profiles.find((x) => x.name === 'ovirtmgmt')!;
    const host = p.hosts[0]!;
    const name = uniqueName('it-blank');
    const created = await backend.createVm!({
      name,
      description: 'made by a test',
      clusterId: p.cluster.id,
      hostId: host.id,
      memoryBytes: 2 * GiB,
      cpu: { sockets: 2, cores: 2, threads: 1 },
      disks: [
        { sizeBytes: 4 * GiB, storageDomainId: p.data.id, thin: true, interface: 'virtio_scsi' },
        { sizeBytes: 1 * GiB, storageDomainId: p.data.id, thin: false, interface: 'virtio' },
      ],
      nics: [{ name: 'nic1', vnicProfileId: profile.id, interface: 'virtio' }],
      isoFileId: iso.id,
      highAvailability: { enabled: true, priority: 50 },
      cloudInit: { hostname: 'web1.example', username: 'ops', password: 'Secret-123', sshAuthorizedKeys: 'ssh-ed25519 AAAA test', timezone: 'Etc/UTC' },
    });
    expect(created.id).toContain(':');
    expect(created.correlationId).toMatch(/\S/);
    const vm = await until(() => backend.getVm!(created.id), (v) => v.status === 'stopped' && (v.disks ?? []).every((d) => d.status === 'ok'), 'disks ready');
    expect(vm).toMatchObject({ name, description: 'made by a test', memoryBytes: 2 * GiB, cpu: { sockets: 2, cores: 2, threads: 1 }, highAvailability: true });
    expect(vm.disks).toHaveLength(2);
    expect(vm.disks!.map((d) => d.sparse)).toEqual([true, false]);
    expect(vm.disks!.map((d) => d.interface)).toEqual(['virtio_scsi', 'virtio']);
    expect(vm.disks![0]!.bootable).toBe(true);
    expect(vm.nics).toHaveLength(1);
    expect(vm.nics![0]!.vnicProfile?.id).toBe(profile.id);
    const wire = await raw(`/vms/${nativeOf(created.id)}`);
    expect(wire.initialization).toMatchObject({ host_name: 'web1.example', user_name: 'ops', timezone: 'Etc/UTC' });
    expect(JSON.stringify(wire)).not.toContain('Secret-123');
    expect(wire.placement_policy).toMatchObject({ hosts: { host: [{ id: nativeOf(host.id) }] } });
    const cdroms = await raw(`/vms/${nativeOf(created.id)}/cdroms`);
    expect(JSON.stringify(cdroms)).toContain(iso.id);
    // Placed on the chosen host when started.
    await backend.vmAction!(created.id, 'start');
    const up = await waitForVmStatus(backend, created.id, 'running', 15_000, 40);
    expect(up.host?.id).toBe(host.id);
    await backend.vmAction!(created.id, 'stop');
    await waitForVmStatus(backend, created.id, 'stopped', 15_000, 40);
  });

  it('from a template, thin (copy-on-write) or as an independent clone', async () => {
    const p = await defaultPlacement();
    const template = (await backend.listTemplates!({ page: 1, pageSize: 50 })).items.find((t) => t.name !== 'Blank' && t.cluster?.id === p.cluster.id)
      ?? (await backend.listTemplates!({ page: 1, pageSize: 50 })).items.find((t) => t.name !== 'Blank')!;
    for (const clone of [false, true]) {
      const created = await backend.createVm!({ name: uniqueName('it-tpl'), clusterId: template.cluster?.id ?? p.cluster.id, templateId: template.id, cloneTemplateDisks: clone });
      const during = await backend.getVm!(created.id);
      expect(['locked', 'stopped']).toContain(during.status);
      const vm = await waitForVmStatus(backend, created.id, 'stopped', 15_000, 40);
      expect(vm.template?.id).toBe(template.id);
      expect(vm.disks!.length).toBeGreaterThan(0);
      if (!clone) expect(vm.disks!.every((d) => d.format === 'cow' && d.sparse)).toBe(true);
    }
  });

  it('a refused step removes the half-made VM and reports the engine’s words', async () => {
    const p = await defaultPlacement();
    const name = uniqueName('it-bad');
    const error = await backend
      .createVm!({ name, clusterId: p.cluster.id, isoFileId: 'no-such.iso', disks: [{ sizeBytes: GiB, storageDomainId: p.data.id, thin: true, interface: 'virtio_scsi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', detail: expect.stringContaining('no-such.iso') });
    // Removal is itself a job: the VM is gone once it ends.
    await until(() => backend.listVms!({ page: 1, pageSize: 5, filters: { name } }), (left) => left.items.length === 0, 'the half-made VM removed');
  });

  it('a duplicate name → conflict, nothing created', async () => {
    const vm = await blankVm();
    const p = await defaultPlacement();
    const error = await backend.createVm!({ name: vm.name, clusterId: p.cluster.id }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', detail: expect.stringContaining('name is already in use') });
  });
});

describe('power actions', () => {
  it('start → running through the intermediate states; then reboot, reset, suspend, resume, shutdown', async () => {
    const vm = await blankVm();
    await backend.vmAction!(vm.id, 'start');
    await until(() => backend.getVm!(vm.id), (v) => v.status === 'running', 'running');
    // Through the engine's intermediate states, in order (a poll may miss one that lasts milliseconds).
    expect(engine.statusLog(vm.nativeId)).toEqual(['down', 'wait_for_launch', 'powering_up', 'up']);
    for (const action of ['reboot', 'reset'] as const) {
      await backend.vmAction!(vm.id, action);
      await waitForVmStatus(backend, vm.id, 'running', 15_000, 40);
    }
    await backend.vmAction!(vm.id, 'suspend');
    await waitForVmStatus(backend, vm.id, 'suspended', 15_000, 40);
    await backend.vmAction!(vm.id, 'resume');
    await waitForVmStatus(backend, vm.id, 'running', 15_000, 40);
    await backend.vmAction!(vm.id, 'shutdown');
    await waitForVmStatus(backend, vm.id, 'stopped', 15_000, 40);
    // Each action went through the engine's own in-between state, whether or not a poll saw it.
    expect(engine.statusLog(vm.nativeId).slice(4)).toEqual([
      'reboot_in_progress', 'up', // reboot
      'reboot_in_progress', 'up', // reset
      'saving_state', 'suspended',
      'restoring_state', 'up',
      'powering_down', 'down',
    ]);
  });

  it('an invalid transition → conflict with the engine’s detail, state unchanged', async () => {
    const vm = await blankVm();
    const error = await backend.vmAction!(vm.id, 'shutdown').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', status: 409, detail: expect.stringContaining('Cannot shutdown VM') });
    expect((await backend.getVm!(vm.id)).status).toBe('stopped');
  });

  it('run once from an ISO: boots with the CD-ROM, which leaves again when the VM goes down', async () => {
    const vm = await blankVm();
    const p = await defaultPlacement();
    const iso = p.isos.find((f) => f.dataCenter?.id === p.cluster.dataCenter?.id)!;
    await backend.vmRunOnce!(vm.id, { isoFileId: iso.id, cloudInit: { hostname: 'once.example' } });
    await waitForVmStatus(backend, vm.id, 'running', 15_000, 40);
    const wire = await raw(`/vms/${nativeOf(vm.id)}`);
    expect(wire.run_once).toBe('true');
    expect(JSON.stringify(await raw(`/vms/${nativeOf(vm.id)}/cdroms`))).toContain(iso.id);
    await backend.vmAction!(vm.id, 'stop');
    await waitForVmStatus(backend, vm.id, 'stopped', 15_000, 40);
    expect(JSON.stringify(await raw(`/vms/${nativeOf(vm.id)}/cdroms`))).not.toContain(iso.id);
  });
});

describe('edit', () => {
  it('a stopped VM takes every change at once', async () => {
    const vm = await blankVm();
    const name = uniqueName('it-renamed');
    const result = await backend.updateVm!(vm.id, { name, description: 'edited', memoryBytes: 3 * GiB, cpu: { sockets: 1, cores: 4, threads: 1 } });
    expect(result.pendingNextRun).toBe(false);
    expect(await backend.getVm!(vm.id)).toMatchObject({ name, description: 'edited', memoryBytes: 3 * GiB, cpu: { sockets: 1, cores: 4, threads: 1 } });
  });

  it('a running VM: more sockets and memory hot-plug; fewer cores wait for the next run', async () => {
    const vm = await blankVm();
    await backend.vmAction!(vm.id, 'start');
    await waitForVmStatus(backend, vm.id, 'running', 15_000, 40);
    const hot = await backend.updateVm!(vm.id, { memoryBytes: 1 * GiB + 512 * MiB, cpu: { sockets: 2, cores: 1, threads: 1 } });
    expect(hot.pendingNextRun).toBe(false);
    expect(await backend.getVm!(vm.id)).toMatchObject({ memoryBytes: 1 * GiB + 512 * MiB, cpu: { sockets: 2, cores: 1, threads: 1 } });
    const cold = await backend.updateVm!(vm.id, { cpu: { sockets: 1, cores: 2, threads: 1 } });
    expect(cold.pendingNextRun).toBe(true);
    expect((await backend.getVm!(vm.id)).cpu).toEqual({ sockets: 2, cores: 1, threads: 1 });
    await backend.vmAction!(vm.id, 'stop');
    const down = await waitForVmStatus(backend, vm.id, 'stopped', 15_000, 40);
    expect(down.cpu).toEqual({ sockets: 1, cores: 2, threads: 1 });
  });
});

describe('snapshots, clones and templates', () => {
  it('create (with memory while running), preview, undo, preview, commit, delete', async () => {
    const vm = await blankVm();
    const first = await backend.createSnapshot!(vm.id, { description: 'before-change' });
    await until(() => backend.listSnapshots!(vm.id), (s) => s.find((x) => x.id === first.id)?.status === 'ok', 'snapshot ok');
    await backend.vmAction!(vm.id, 'start');
    await waitForVmStatus(backend, vm.id, 'running', 15_000, 40);
    const withMemory = await backend.createSnapshot!(vm.id, { description: 'with-ram', persistMemory: true });
    const snaps = await until(() => backend.listSnapshots!(vm.id), (s) => s.find((x) => x.id === withMemory.id)?.status === 'ok', 'memory snapshot ok');
    expect(snaps.find((x) => x.id === withMemory.id)?.persistMemory).toBe(true);
    // Previews need a stopped VM: the engine refuses and nothing changes.
    const refused = await backend.previewSnapshot!(vm.id, first.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'conflict', detail: expect.stringContaining('Down') });
    await backend.vmAction!(vm.id, 'stop');
    await waitForVmStatus(backend, vm.id, 'stopped', 15_000, 40);

    await backend.previewSnapshot!(vm.id, first.id);
    await until(() => backend.listSnapshots!(vm.id), (s) => s.find((x) => x.id === first.id)?.status === 'in_preview', 'in preview');
    await waitForVmStatus(backend, vm.id, 'stopped', 15_000, 40);
    await backend.undoSnapshot!(vm.id);
    await until(() => backend.listSnapshots!(vm.id), (s) => s.find((x) => x.id === first.id)?.status === 'ok', 'undone');
    await waitForVmStatus(backend, vm.id, 'stopped', 15_000, 40);
    expect((await backend.listSnapshots!(vm.id)).some((x) => x.id === withMemory.id)).toBe(true);

    await backend.previewSnapshot!(vm.id, first.id);
    await until(() => backend.listSnapshots!(vm.id), (s) => s.find((x) => x.id === first.id)?.status === 'in_preview', 'in preview');
    await waitForVmStatus(backend, vm.id, 'stopped', 15_000, 40);
    await backend.commitSnapshot!(vm.id);
    // Committing goes back to that point in time: later snapshots are gone.
    const after = await until(() => backend.listSnapshots!(vm.id), (s) => !s.some((x) => x.id === withMemory.id) && s.find((x) => x.id === first.id)?.status === 'ok', 'committed');
    expect(after.some((x) => x.id === first.id)).toBe(true);
    await waitForVmStatus(backend, vm.id, 'stopped', 15_000, 40);

    await backend.removeSnapshot!(vm.id, first.id);
    await until(() => backend.listSnapshots!(vm.id), (s) => !s.some((x) => x.id === first.id), 'snapshot removed');
  });

  it('clones a VM from a snapshot', async () => {
    const vm = await blankVm();
    const snap = await backend.createSnapshot!(vm.id, { description: 'for-clone' });
    await until(() => backend.listSnapshots!(vm.id), (s) => s.find((x) => x.id === snap.id)?.status === 'ok', 'snapshot ok');
    const name = uniqueName('it-clone');
    const clone = await backend.cloneVmFromSnapshot!(vm.id, snap.id, name);
    const made = await waitForVmStatus(backend, clone.id, 'stopped', 15_000, 40);
    expect(made.name).toBe(name);
    expect(made.disks).toHaveLength(vm.disks!.length);
    expect(made.disks![0]!.id).not.toBe(vm.disks![0]!.id);
  });

  it('makes a template from a stopped VM, creates a VM from it, and removes it when unused', async () => {
    const vm = await blankVm();
    const name = uniqueName('it-tpl');
    const tpl = await backend.createTemplate!(vm.id, { name, description: 'from a test' });
    await until(() => backend.getTemplate!(tpl.id), (t) => t.status === 'ok', 'template ready');
    const child = await backend.createVm!({ name: uniqueName('it-child'), clusterId: vm.cluster!.id, templateId: tpl.id });
    await waitForVmStatus(backend, child.id, 'stopped', 15_000, 40);
    // In use → the engine refuses and names the VM.
    const refused = await backend.removeTemplate!(tpl.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'conflict', detail: expect.stringContaining('being used') });
    await backend.removeVm!(child.id, { keepDisks: false });
    await until(() => backend.getVm!(child.id).then(() => 'there', () => 'gone'), (s) => s === 'gone', 'child removed');
    await backend.removeTemplate!(tpl.id);
    await until(() => backend.getTemplate!(tpl.id).then(() => 'there', () => 'gone'), (s) => s === 'gone', 'template removed');
  });
});

describe('remove', () => {
  it('with its disks, or keeping them as floating disks', async () => {
    for (const keepDisks of [false, true]) {
      const vm = await blankVm();
      const diskId = vm.disks![0]!.id;
      const ref = await backend.removeVm!(vm.id, { keepDisks });
      expect(ref.correlationId).toMatch(/\S/);
      await until(() => backend.getVm!(vm.id).then(() => 'there', () => 'gone'), (s) => s === 'gone', 'VM removed');
      const disk = await backend.getDisk!(diskId).then(() => 'kept', () => 'removed');
      expect(disk).toBe(keepDisks ? 'kept' : 'removed');
    }
  });

  it('a running VM → conflict, still there', async () => {
    const vm = await blankVm();
    await backend.vmAction!(vm.id, 'start');
    await waitForVmStatus(backend, vm.id, 'running', 15_000, 40);
    const error = await backend.removeVm!(vm.id, { keepDisks: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', detail: expect.stringContaining('Cannot remove VM') });
    expect((await backend.getVm!(vm.id)).status).toBe('running');
  });
});
