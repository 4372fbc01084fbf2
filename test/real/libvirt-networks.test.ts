/**
 * libvirt virtual networks against a real libvirtd + QEMU (scripts/real/libvirt.sh): create a
 * network with a DHCP range (dnsmasq really starts), change the range, start a guest on it, read
 * the leases, and see stop/remove refused while the guest runs, naming it; then remove it.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '@/lib/backends/factory';
import { isBackendError, type Backend } from '@/lib/backends';
import { qualifyId, type QualifiedId } from '@/lib/domain';
import { runNetworkContract } from '../contract/network-contract';
import { realEnv } from './env';

const env = realEnv('libvirt (virtual networks)', ['LIBVIRT_QEMU_URI'] as const);
const RUN = `vn${Date.now().toString(36).slice(-6)}`;

describe.skipIf(!env)('libvirt virtual networks on a real daemon', () => {
  let b: Backend;
  let netId: QualifiedId;
  let vmId: QualifiedId | undefined;
  // "open" forwarding: libvirt adds no firewall rules, so no iptables is needed; dnsmasq serves DHCP.
  const third = randomInt(1, 250);
  const address = `10.213.${third}.1`;

  beforeAll(() => {
    b = createBackend({ id: 'kvm-net', kind: 'libvirt', name: 'CI host', url: env!.LIBVIRT_QEMU_URI });
  });
  afterAll(async () => {
    if (vmId) {
      await b.vmAction!(vmId, 'stop').catch(() => undefined);
      await b.removeVm!(vmId, { keepDisks: false }).catch(() => undefined);
    }
    if (netId) await b.removeNetwork!(netId).catch(() => undefined);
    await b?.close();
  }, 60_000);

  it('creates and starts a network with a DHCP range; autostart and the range can be changed', async () => {
    const net = await b.createVirtualNetwork!({
      name: `${RUN}-net`, mode: 'open', bridge: `vd${RUN}`.slice(0, 15),
      ipv4: { address, prefix: 24, dhcp: { start: `10.213.${third}.100`, end: `10.213.${third}.150` } },
    });
    netId = net.id;
    expect(net).toMatchObject({ name: `${RUN}-net`, status: 'operational' });
    expect(net.virtual).toMatchObject({ mode: 'open', persistent: true, autostart: false, ipv4: { address, prefix: 24, dhcp: { start: `10.213.${third}.100` } } });
    await b.setNetworkAutostart!(netId, true);
    await b.setNetworkDhcpRange!(netId, { start: `10.213.${third}.120`, end: `10.213.${third}.130` });
    const after = await b.getNetwork!(netId);
    expect(after.virtual).toMatchObject({ autostart: true, ipv4: { dhcp: { start: `10.213.${third}.120`, end: `10.213.${third}.130` } } });
    // A range outside the network is libvirt's to refuse; the old range stays.
    const bad = await b.setNetworkDhcpRange!(netId, { start: '192.0.2.10', end: '192.0.2.20' }).catch((e: unknown) => e);
    expect(isBackendError(bad)).toBe(true);
    expect((await b.getNetwork!(netId)).virtual?.ipv4?.dhcp).toEqual({ start: `10.213.${third}.120`, end: `10.213.${third}.130` });
    expect((await b.listNetworks!({ page: 1, pageSize: 500 })).items.map((n) => n.id)).toContain(netId);
  }, 60_000);

  it('a guest on it: leases are read from dnsmasq; stop and remove are refused while it runs, naming it', async () => {
    const profile = (await b.listVnicProfiles!()).find((p) => p.network?.id === netId);
    expect(profile, 'the network among the vNIC profiles').toBeDefined();
    const created = await b.createVm!({
      name: `${RUN}-guest`, clusterId: qualifyId('kvm-net', 'cluster'), memoryBytes: 32 * 1024 ** 2,
      nics: [{ name: 'nic1', vnicProfileId: profile!.id, interface: 'e1000' }],
    });
    vmId = created.id;
    await b.vmAction!(vmId, 'start');
    // No guest OS asks for an address here: the daemon's answer is an empty list, not an error.
    expect(await b.listNetworkLeases!(netId)).toEqual([]);

    for (const attempt of [() => b.stopNetwork!(netId), () => b.removeNetwork!(netId)]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isBackendError(error, 'conflict')).toBe(true);
      expect((error as { detail?: string }).detail).toContain(`${RUN}-guest`);
    }
    expect((await b.getNetwork!(netId)).status).toBe('operational');

    await b.vmAction!(vmId, 'stop');
    await b.removeVm!(vmId, { keepDisks: false });
    vmId = undefined;
    await b.stopNetwork!(netId);
    expect((await b.getNetwork!(netId)).status).toBe('non_operational');
    await b.removeNetwork!(netId);
    const gone = await b.getNetwork!(netId).catch((e: unknown) => e);
    expect(isBackendError(gone, 'not_found')).toBe(true);
    netId = '' as QualifiedId;
  }, 90_000);
});

// The shared contract's network cases against the same real daemon (the test driver behind
// libvirt.contract.test.ts has no dnsmasq, so its virtual network cycle runs here).
describe.skipIf(!env)('libvirt (QEMU daemon): the shared network contract', () => {
  // Only the network cases: the daemon's other collections hold just what the other real tests
  // leave behind, so the whole contract (libvirt.contract.test.ts, on the fixture host) would
  // find nothing to check here.
  const third = randomInt(1, 250);
  let backend: Backend;
  beforeAll(() => {
    backend = createBackend({ id: 'kvm-net-contract', kind: 'libvirt', name: 'CI host', url: env!.LIBVIRT_QEMU_URI });
  });
  afterAll(async () => {
    await backend?.close();
  });
  runNetworkContract(
    () => backend,
    () => ({
      virtualNetwork: {
        name: `${RUN}-contract`, mode: 'open', bridge: `vc${RUN}`.slice(0, 15),
        ipv4: { address: `10.214.${third}.1`, prefix: 24, dhcp: { start: `10.214.${third}.100`, end: `10.214.${third}.150` } },
      },
    }),
  );
});
