/**
 * A libvirt VM's boot order, console type and autostart through the adapter against the real daemon
 * and QEMU (scripts/real/libvirt.sh; issue 19 point 4): a stopped VM takes a change at once; a
 * running one keeps what it started with and shows the definition's change as its next start, which
 * the next start then uses; autostart is the daemon's flag, set at once.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualifyId, type QualifiedId, type VmStatus } from '@/lib/domain';
import type { Backend } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { realEnv } from './env';

const env = realEnv('libvirt (VM settings)', ['LIBVIRT_QEMU_URI', 'LIBVIRT_POOL'] as const);
const RUN = `vdset${Date.now().toString(36)}`;
const MiB = 1024 ** 2;

describe.skipIf(!env)('a libvirt VM’s boot order, console and autostart', () => {
  const run = promisify(execFile);
  const virsh = async (...args: string[]) => (await run('virsh', ['-q', '-c', env!.LIBVIRT_QEMU_URI, ...args], { timeout: 60_000 })).stdout;
  const name = `${RUN}-vm`;
  let b: Backend;
  let vmId: QualifiedId;

  async function waitFor(status: VmStatus): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await b.getVm!(vmId)).status !== status) {
      if (Date.now() > deadline) throw new Error(`not ${status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    b = createBackend({ id: 'kvm-set', kind: 'libvirt', name: 'CI host', url: env!.LIBVIRT_QEMU_URI });
    const poolId = (await b.listStorageDomains!({ page: 1, pageSize: 50 })).items.find((p) => p.name === env!.LIBVIRT_POOL)!.id;
    ({ id: vmId } = await b.createVm!({
      name,
      clusterId: qualifyId('kvm-set', 'cluster'),
      memoryBytes: 64 * MiB,
      disks: [{ sizeBytes: 8 * MiB, storageDomainId: poolId, thin: true, interface: 'virtio' }],
      console: 'vnc',
    }));
  }, 90_000);

  afterAll(async () => {
    if (vmId) {
      await b.vmAction!(vmId, 'stop').catch(() => undefined);
      await b.removeVm!(vmId, { keepDisks: false }).catch(() => undefined);
    }
    await b?.close();
  }, 60_000);

  it('says HA and placement cannot be set here, and why', () => {
    expect(b.vmSettingsFeatures).toMatchObject({ unsupported: { highAvailability: 'noHighAvailability', placement: 'singleHost' }, applies: { bootOrder: 'nextStart', autostart: 'live' } });
  });

  it('a stopped VM: boot order, console and autostart change at once', async () => {
    const before = await b.getVmSettings!(vmId);
    expect(before).toEqual({ current: { bootOrder: ['hd'], console: 'vnc', autostart: false } });
    // The VM has no NIC: it cannot boot from the network (refused, nothing changed).
    await expect(b.updateVmSettings!(vmId, { bootOrder: ['network', 'hd'] })).rejects.toThrow(/no network interface/);
    const result = await b.updateVmSettings!(vmId, { bootOrder: ['hd'], console: 'spice', autostart: true });
    expect(result.pendingNextStart).toBe(false);
    expect(await b.getVmSettings!(vmId)).toEqual({ current: { bootOrder: ['hd'], console: 'spice', autostart: true } });
    expect(await virsh('dominfo', name)).toMatch(/Autostart:\s+enable/);
    expect(await virsh('dumpxml', '--inactive', name)).toMatch(/<graphics type='spice'/);
  });

  it('a running VM keeps its console until the next start, which then uses the new one', async () => {
    await b.vmAction!(vmId, 'start');
    await waitFor('running');
    const result = await b.updateVmSettings!(vmId, { console: 'vnc', autostart: false });
    expect(result.pendingNextStart).toBe(true);
    const state = await b.getVmSettings!(vmId);
    expect(state.current).toMatchObject({ console: 'spice', autostart: false });
    expect(state.nextStart).toMatchObject({ console: 'vnc' });
    expect(await virsh('dumpxml', name)).toMatch(/<graphics type='spice'/);
    await b.vmAction!(vmId, 'stop');
    await waitFor('stopped');
    await b.vmAction!(vmId, 'start');
    await waitFor('running');
    const after = await b.getVmSettings!(vmId);
    expect(after.current.console).toBe('vnc');
    expect(after.nextStart).toBeUndefined();
  }, 90_000);
});
