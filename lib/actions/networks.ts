'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import type { NetworkUsage } from '@/lib/domain';
import {
  attachClusterNetwork, createNetwork, createNetworkQos, removeNetworkQos, getNetworkDetail, createVirtualNetwork, createVnicProfile, detachClusterNetwork, removeNetwork, removeVnicProfile,
  setupHostNetworks, updateClusterNetwork, updateNetwork, updateVnicProfile, virtualNetworkOp,
} from '@/lib/services/networks';
import {
  CLUSTER_ROLES, bandwidthOfFields, bandwidthSchema, clusterNetworkSchema, dhcpRangeSchema, hostSetupFormSchema, networkCreateSchema, networkEditSchema, networkRemoveSchema,
  networkQosRemoveSchema, networkQosSchema, virtualNetworkCreateSchema, virtualNetworkOpSchema, vnicProfileRemoveSchema, vnicProfileSchema,
} from '@/lib/validations/network';

/** Server actions for networks: admins only, every one audited (roleAction). */

const refresh = () => revalidatePath('/networks', 'layout');

export const createNetworkAction = roleAction(
  { role: 'admin', schema: networkCreateSchema, audit: 'networks.create', target: (i) => ({ type: 'network', name: i.name }) },
  async (input) => {
    const n = await createNetwork({
      dataCenterId: input.dataCenterId, name: input.name, description: input.description, vlanId: input.vlanId, mtu: input.mtu,
      vmNetwork: input.vmNetwork, portIsolation: input.portIsolation || undefined, dnsServers: input.dnsServers, ...(input.qosId ? { qosId: input.qosId } : {}),
    });
    refresh();
    return { message: 'networks.created', values: { name: n.name } };
  },
);

export const editNetworkAction = roleAction(
  { role: 'admin', schema: networkEditSchema, audit: 'networks.update', target: (i) => ({ type: 'network', id: i.id, name: i.name }) },
  async (input) => {
    // An empty VLAN field takes the tag away.
    const n = await updateNetwork(input.id, {
      name: input.name, description: input.description, vlanId: input.vlanId ?? null, mtu: input.mtu ?? 0, vmNetwork: input.vmNetwork, dnsServers: input.dnsServers,
      // An empty choice takes the host network QoS away.
      qosId: input.qosId ?? null,
    });
    refresh();
    return { message: 'networks.updated', values: { name: n.name } };
  },
);

export const removeNetworkAction = roleAction(
  { role: 'admin', schema: networkRemoveSchema, audit: 'networks.remove', target: (i) => ({ type: 'network', id: i.id, name: i.name }) },
  async (input) => {
    await removeNetwork(input.id);
    // No revalidation here: it would re-render the network's own page, now a "not found", before the
    // form moves on to the list (components/networks/remove-form.tsx), which is rendered afresh.
    return { message: 'networks.removed', values: { name: input.name } };
  },
);

/** One form per cluster row: attach, change the roles, or detach (attached unticked). */
export const clusterNetworkAction = roleAction(
  { role: 'admin', schema: clusterNetworkSchema, audit: 'networks.cluster', target: (i) => ({ type: 'network', id: i.networkId }) },
  async (input) => {
    const usages = CLUSTER_ROLES.filter((r) => input[`role_${r}`]) as NetworkUsage[];
    const roles = { required: input.required, usages };
    const current = (await getNetworkDetail(input.networkId)).clusters.find((c) => c.cluster.id === input.clusterId)?.attachment;
    if (!input.attached) {
      if (current) await detachClusterNetwork(input.clusterId, input.networkId);
    } else if (current) {
      await updateClusterNetwork(input.clusterId, input.networkId, roles);
    } else {
      await attachClusterNetwork(input.clusterId, input.networkId, roles);
    }
    refresh();
    return { message: 'networks.clusterSaved' };
  },
);

export const vnicProfileAction = roleAction(
  { role: 'admin', schema: vnicProfileSchema, audit: 'networks.profile', target: (i) => ({ type: 'vnic_profile', id: i.id ?? null, name: i.name }) },
  async (input) => {
    const networkFilter = input.networkFilter === 'default' ? undefined : input.networkFilter === 'none' ? null : input.networkFilter;
    const fields = { name: input.name, description: input.description, portMirroring: input.portMirroring, passThrough: input.passThrough };
    if (input.id) await updateVnicProfile(input.id, { ...fields, ...(networkFilter !== undefined ? { networkFilter } : {}), qosId: input.qosId ?? null });
    else await createVnicProfile({ networkId: input.networkId, ...fields, ...(networkFilter !== undefined ? { networkFilter } : {}), ...(input.qosId ? { qosId: input.qosId } : {}) });
    refresh();
    return { message: 'networks.profileSaved', values: { name: input.name } };
  },
);

export const removeVnicProfileAction = roleAction(
  { role: 'admin', schema: vnicProfileRemoveSchema, audit: 'networks.profileRemove', target: (i) => ({ type: 'vnic_profile', id: i.id, name: i.name }) },
  async (input) => {
    await removeVnicProfile(input.id);
    refresh();
    return { message: 'networks.profileRemoved', values: { name: input.name } };
  },
);

/** A data center QoS entry: network (for vNIC profiles) or host network (for logical networks). */
export const createNetworkQosAction = roleAction(
  { role: 'admin', schema: networkQosSchema, audit: 'networks.qosCreate', target: (i) => ({ type: 'qos', name: i.name }) },
  async (input) => {
    // Only what was typed is sent: a half-given direction is the engine's to refuse.
    const rate = (average?: number, peak?: number, burst?: number) =>
      average === undefined && peak === undefined && burst === undefined ? undefined : { average, peak, burst };
    await createNetworkQos(input.dataCenterId, {
      name: input.name, type: input.type, ...(input.description ? { description: input.description } : {}),
      ...(input.type === 'network'
        ? { inbound: rate(input.inAverage, input.inPeak, input.inBurst), outbound: rate(input.outAverage, input.outPeak, input.outBurst) }
        : { linkShare: input.linkShare, upperLimitMbps: input.upperLimit, realTimeMbps: input.realTime }),
    });
    refresh();
    return { message: 'networks.qosCreated', values: { name: input.name } };
  },
);

export const removeNetworkQosAction = roleAction(
  { role: 'admin', schema: networkQosRemoveSchema, audit: 'networks.qosRemove', target: (i) => ({ type: 'qos', id: i.id, name: i.name }) },
  async (input) => {
    await removeNetworkQos(input.dataCenterId, input.id);
    refresh();
    return { message: 'networks.qosRemoved', values: { name: input.name } };
  },
);

/** "Setup host networks": the whole edit in one request; the engine applies all of it or nothing. */
export const setupHostNetworksAction = roleAction(
  { role: 'admin', schema: hostSetupFormSchema, audit: 'hosts.setupNetworks', target: (i) => ({ type: 'host', id: i.hostId }) },
  async (input) => {
    await setupHostNetworks(input.hostId, input.setup);
    revalidatePath('/hosts', 'layout');
    return { message: 'hostNetworks.saved' };
  },
);

export const createVirtualNetworkAction = roleAction(
  { role: 'admin', schema: virtualNetworkCreateSchema, audit: 'networks.createVirtual', target: (i) => ({ type: 'network', name: i.name }) },
  async (input) => {
    const ipv4 = input.address && input.prefix
      ? { address: input.address, prefix: input.prefix, ...(input.dhcpStart && input.dhcpEnd ? { dhcp: { start: input.dhcpStart, end: input.dhcpEnd } } : {}) }
      : undefined;
    const bandwidth = bandwidthOfFields(input);
    const n = await createVirtualNetwork(input.connectionId, {
      name: input.name, mode: input.mode, ...(ipv4 && input.mode !== 'bridge' ? { ipv4 } : {}), bridge: input.bridge, forwardDev: input.forwardDev, autostart: input.autostart,
      ...(bandwidth ? { bandwidth } : {}),
    });
    refresh();
    return { message: 'networks.created', values: { name: n.name } };
  },
);

export const virtualNetworkOpAction = roleAction(
  { role: 'admin', schema: virtualNetworkOpSchema, audit: 'networks.virtualOp', target: (i) => ({ type: 'network', id: i.id }) },
  async (input) => {
    await virtualNetworkOp(input.id, input.op === 'start' ? { op: 'start' } : input.op === 'stop' ? { op: 'stop' } : { op: 'autostart', on: input.op === 'autostart-on' });
    refresh();
    return { message: 'networks.saved' };
  },
);

export const dhcpRangeAction = roleAction(
  { role: 'admin', schema: dhcpRangeSchema, audit: 'networks.dhcp', target: (i) => ({ type: 'network', id: i.id }) },
  async (input) => {
    await virtualNetworkOp(input.id, { op: 'dhcp', range: input.dhcpStart && input.dhcpEnd ? { start: input.dhcpStart, end: input.dhcpEnd } : null });
    refresh();
    return { message: 'networks.saved' };
  },
);

/** A virtual network's bandwidth (all six fields empty: no limit); applies from the network's next start. */
export const bandwidthAction = roleAction(
  { role: 'admin', schema: bandwidthSchema, audit: 'networks.bandwidth', target: (i) => ({ type: 'network', id: i.id }) },
  async (input) => {
    await virtualNetworkOp(input.id, { op: 'bandwidth', bandwidth: bandwidthOfFields(input) ?? null });
    refresh();
    return { message: 'networks.bandwidthSaved' };
  },
);
