/**
 * Network cases of the shared Backend contract: what networkManagement, hostNetworking and
 * virtualNetworks promise, against a live server. Each cycle cleans up after itself and checks
 * that a refusal changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { hasCapability, isBackendError, type Backend } from '@/lib/backends';
import type { VirtualNetworkInput } from '@/lib/domain';
import { refusal } from '@/test/contract/refusal';

export interface NetworkContractExpectations {
  /** networkManagement: create → attach → profile → edit → remove in the first data center and cluster. */
  networkCycle?: { vlanId: number };
  /** hostNetworking: a host (by name) whose NICs may be read and a refused setup tried. */
  hostNetworkingHost?: string;
  /** virtualNetworks: an isolated network the suite may create, start, stop and remove. */
  virtualNetwork?: VirtualNetworkInput;
}

export function runNetworkContract(backend: () => Backend, expectations: () => NetworkContractExpectations): void {
  describe('networks', () => {
    it('networkManagement: create, attach with a role, profile, edit, detach, remove', async ({ skip }) => {
      const b = backend();
      const cycle = expectations().networkCycle;
      if (!hasCapability(b, 'networkManagement') || !cycle) return skip();
      const dc = (await b.listDataCenters!({ page: 1, pageSize: 1 })).items[0]!;
      const cluster = (await b.listClusters!({ page: 1, pageSize: 50 })).items.find((c) => c.dataCenter?.id === dc.id)!;
      const name = `contract-${Date.now().toString(36)}`;
      const created = await b.createNetwork({ dataCenterId: dc.id, name, vlanId: cycle.vlanId, vmNetwork: true, mtu: 1500 });
      try {
        expect(created.name).toBe(name);
        expect(created.vlanId).toBe(cycle.vlanId);
        expect(created.vmNetwork).toBe(true);
        expect((await b.getNetwork!(created.id)).vlanId).toBe(cycle.vlanId);
        // The same name again in the data center is refused in the backend's words.
        const dup = await refusal(b.createNetwork({ dataCenterId: dc.id, name, vmNetwork: true }));
        expect(dup.code).toBe('conflict');
        expect(dup.detail).toMatch(/\S/);

        const attached = await b.attachClusterNetwork(cluster.id, created.id, { required: false, usages: ['migration'] });
        expect(attached.usages).toEqual(['migration']);
        const inCluster = (await b.listClusterNetworks(cluster.id)).find((n) => n.network.id === created.id)!;
        expect(inCluster).toMatchObject({ required: false, usages: ['migration'] });
        const others = (await b.listClusterNetworks(cluster.id)).filter((n) => n.network.id !== created.id);
        expect(others.some((n) => n.usages.includes('migration')), 'migration is one network per cluster').toBe(false);
        expect(others.some((n) => n.usages.includes('management'))).toBe(true);

        const profile = await b.createVnicProfile({ networkId: created.id, name: `${name}-mirror`, portMirroring: true, networkFilter: null });
        expect(profile).toMatchObject({ name: `${name}-mirror`, portMirroring: true, passThrough: false, networkFilter: null });
        // A filter is chosen and read back by its name, although the engine links it by id only.
        const edited = await b.updateVnicProfile(profile.id, { portMirroring: false, networkFilter: 'clean-traffic' });
        expect(edited).toMatchObject({ portMirroring: false, networkFilter: 'clean-traffic' });
        const listed = (await b.listVnicProfiles!()).find((p) => p.id === profile.id);
        expect(listed).toMatchObject({ name: `${name}-mirror`, networkFilter: 'clean-traffic' });
        const unknown = await b.updateVnicProfile(profile.id, { networkFilter: 'no-such-filter' }).catch((e: unknown) => e);
        expect(isBackendError(unknown, 'invalid_input'), String(unknown)).toBe(true);
        expect((await b.listVnicProfiles!()).find((p) => p.id === profile.id)?.networkFilter).toBe('clean-traffic');
        await b.removeVnicProfile(profile.id);
        expect((await b.listVnicProfiles!()).map((p) => p.id)).not.toContain(profile.id);

        const renamed = await b.updateNetwork(created.id, { description: 'contract', vlanId: cycle.vlanId + 1 });
        expect(renamed.vlanId).toBe(cycle.vlanId + 1);
        await b.detachClusterNetwork(cluster.id, created.id);
        expect((await b.listClusterNetworks(cluster.id)).map((n) => n.network.id)).not.toContain(created.id);
      } finally {
        await b.removeNetwork!(created.id);
      }
      expect(isBackendError(await b.getNetwork!(created.id).catch((e: unknown) => e), 'not_found')).toBe(true);
    });

    it('networkManagement: the management network cannot be removed, and stays', async ({ skip }) => {
      const b = backend();
      if (!hasCapability(b, 'networkManagement') || !expectations().networkCycle) return skip();
      const cluster = (await b.listClusters!({ page: 1, pageSize: 1 })).items[0]!;
      const mgmt = (await b.listClusterNetworks(cluster.id)).find((n) => n.usages.includes('management'))!;
      const error = await refusal(b.removeNetwork!(mgmt.network.id));
      expect(['invalid_input', 'conflict']).toContain(error.code);
      expect(error.detail).toMatch(/management/i);
      expect((await b.getNetwork!(mgmt.network.id)).id).toBe(mgmt.network.id);
    });

    it('hostNetworking: NICs, bonds and attachments agree; a one-NIC bond is refused and changes nothing', async ({ skip }) => {
      const b = backend();
      const hostName = expectations().hostNetworkingHost;
      if (!hasCapability(b, 'hostNetworking') || !hostName) return skip();
      const host = (await b.listHosts!({ page: 1, pageSize: 5, text: hostName })).items.find((h) => h.name === hostName)!;
      const nics = await b.listHostNics(host.id);
      expect(nics.length).toBeGreaterThan(0);
      const names = new Set(nics.map((n) => n.name));
      for (const nic of nics) {
        expect(nic.id.startsWith(`${b.id}:`)).toBe(true);
        for (const s of nic.bond?.slaves ?? []) expect(names.has(s), `slave ${s} of ${nic.name}`).toBe(true);
        if (nic.vlan?.baseName) expect(names.has(nic.vlan.baseName)).toBe(true);
      }
      const atts = await b.listHostNetworkAttachments(host.id);
      for (const a of atts) expect(names.has(a.nicName), `attachment on ${a.nicName}`).toBe(true);
      const free = nics.find((n) => !n.bond && !n.bondedTo && !n.vlan && !atts.some((a) => a.nicName === n.name))!;
      const error = await refusal(b.setupHostNetworks(host.id, {
        modifiedBonds: [{ name: 'bond9', mode: '1', slaves: [free.name] }], removedBonds: [], modifiedAttachments: [], removedAttachments: [],
        synchronizedAttachments: [], checkConnectivity: true, commitOnSuccess: true,
      }));
      expect(error.code).toBe('invalid_input');
      expect(error.detail).toMatch(/\S/);
      expect(await b.listHostNics(host.id)).toEqual(nics);
      expect(await b.listHostNetworkAttachments(host.id)).toEqual(atts);
    });

    it('virtualNetworks: create (started), autostart, leases, stop, start, remove', async ({ skip }) => {
      const b = backend();
      const input = expectations().virtualNetwork;
      if (!hasCapability(b, 'virtualNetworks') || !input) return skip();
      const net = await b.createVirtualNetwork(input);
      try {
        expect(net.name).toBe(input.name);
        expect(net.virtual?.mode).toBe(input.mode);
        // Created networks are started at once.
        expect(net.status).toBe('operational');
        await b.setNetworkAutostart(net.id, true);
        expect((await b.getNetwork!(net.id)).virtual?.autostart).toBe(true);
        expect(await b.listNetworkLeases(net.id)).toEqual([]);
        await b.stopNetwork(net.id);
        expect((await b.getNetwork!(net.id)).status).toBe('non_operational');
        await b.startNetwork(net.id);
        expect((await b.getNetwork!(net.id)).status).toBe('operational');
      } finally {
        await b.removeNetwork!(net.id);
      }
      expect(isBackendError(await b.getNetwork!(net.id).catch((e: unknown) => e), 'not_found')).toBe(true);
    });
  });
}
