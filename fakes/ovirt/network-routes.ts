/**
 * Routes for networks: logical networks (add/update/remove), cluster attachments with roles, vNIC
 * profiles, host NICs, network attachments and setupnetworks. Registered into the main router by
 * api.ts; the collection GETs of networks and profiles stay there (search, follow).
 */
import type { Ctx, Reply, Router } from './api';
import { notFound } from './errors';
import { render } from './follow';
import type { Cluster, Host, Network, VnicProfile } from './model';
import {
  addNetwork, addVnicProfile, attachNetworkToCluster, clusterNets, commitNetConfig, detachNetworkFromCluster, hostNet, nicId, removeNetwork,
  removeVnicProfile, setupNetworks, syncReport, updateNetwork, updateNetworkOnCluster, updateVnicProfile,
} from './network-ops';
import { networkFilterById, networkFilterNames } from './network-filters';
import { addQos, qosOfDc, qosWire, removeQos, updateQos } from './qos-ops';
import { type Wire, bool, collection, href, int, networkFilterWire, networkWire, ref } from './wire';

const created = (body: Wire): Reply => ({ status: 201, body, headers: { location: String(body.href ?? '') } });
const ok = (body: Wire): Reply => ({ status: 200, body });
const deleted = (): Reply => ({ status: 200, body: null });

function found<T>(row: T | undefined, visible: (r: T) => boolean, id: string): T {
  if (row === undefined || !visible(row)) throw notFound(id);
  return row;
}

const networkOf = (c: Ctx, id = c.params.id): Network => found(c.e.store.networks.get(id), (x) => c.access.network(x), id);
const profileOf = (c: Ctx): VnicProfile => found(c.e.store.vnicProfiles.get(c.params.id), (x) => c.access.vnicProfile(x), c.params.id);
const clusterOf = (c: Ctx): Cluster => found(c.e.store.clusters.get(c.params.id), (x) => c.access.cluster(x), c.params.id);
const hostOf = (c: Ctx): Host => found(c.e.store.hosts.get(c.params.id), (x) => c.access.host(x), c.params.id);

/** A network as read through /clusters/{id}/networks: the cluster's roles and `required`, plus `vm`. */
function clusterNetworkWire(c: Ctx, cluster: Cluster, n: Network): Wire {
  const row = clusterNets(c.e, cluster).get(n.id)!;
  const base = networkWire(n, n.qosId ? c.e.store.qoss.get(n.qosId) : undefined);
  const usages = [...(n.vm ? ['vm'] : []), ...row.usages];
  return {
    ...base, href: href(`clusters/${cluster.id}/networks/${n.id}`), required: bool(row.required), usages: usages.length ? { usage: usages } : {},
    display: bool(row.usages.includes('display')), cluster: ref('clusters', cluster.id),
  };
}

function ipWire(a: { method: string; address?: string; netmask?: string; gateway?: string }, version: 'v4' | 'v6'): Wire {
  const ip: Wire = { version };
  if (a.address) ip.address = a.address;
  if (a.netmask) ip.netmask = a.netmask;
  if (a.gateway) ip.gateway = a.gateway;
  return { assignment_method: a.method, ip };
}

function hostNicsWire(c: Ctx, h: Host): Wire[] {
  const st = hostNet(c.e, h);
  const rows: Wire[] = [];
  const attOn = (nic: string) => st.attachments.filter((x) => x.nicName === nic);
  for (const nic of st.nics) {
    const base = `hosts/${h.id}/nics/${nic.id}`;
    const untagged = attOn(nic.name).find((x) => x.reportedVlan === null);
    const w: Wire = {
      id: nic.id, href: href(base), name: nic.name, mac: { address: nic.mac }, speed: nic.speed, status: nic.up ? 'up' : 'down', mtu: int(nic.mtu),
      boot_protocol: untagged?.ipv4.method ?? 'none', host: ref('hosts', h.id), bridged: bool(Boolean(untagged && c.e.store.networks.get(untagged.networkId)?.vm)),
    };
    if (untagged?.ipv4.address) w.ip = { address: untagged.ipv4.address, netmask: untagged.ipv4.netmask, gateway: untagged.ipv4.gateway, version: 'v4' };
    if (untagged?.ipv6) {
      w.ipv6_boot_protocol = untagged.ipv6.method;
      if (untagged.ipv6.address) w.ipv6 = { address: untagged.ipv6.address, netmask: untagged.ipv6.netmask, gateway: untagged.ipv6.gateway, version: 'v6' };
    }
    if (untagged) w.network = ref('networks', untagged.networkId);
    if (nic.bond) {
      // The engine names slaves by id only: clients match them against the NIC list.
      w.bonding = {
        options: { option: Object.entries(nic.bond.options).map(([name, value]) => ({ name, value, ...(name === 'mode' ? { type: BOND_MODES[value] ?? '' } : {}) })) },
        slaves: { host_nic: nic.bond.slaves.map((s) => ref(`hosts/${h.id}/nics`, nicId(h.id, s))) },
        ...(['1', '5', '6'].includes(nic.bond.options.mode ?? '') ? { active_slave: ref(`hosts/${h.id}/nics`, nicId(h.id, nic.bond.slaves[0])) } : {}),
      };
    }
    rows.push(w);
  }
  // VLAN devices exist while a tagged network rides on a NIC: "eth1.20".
  for (const att of st.attachments) {
    if (att.reportedVlan === null) continue;
    const name = `${att.nicName}.${att.reportedVlan}`;
    const id = nicId(h.id, name);
    const w: Wire = {
      id, href: href(`hosts/${h.id}/nics/${id}`), name, mtu: int(att.reportedMtu || 1500), status: 'up', boot_protocol: att.ipv4.method,
      vlan: { id: int(att.reportedVlan) }, base_interface: att.nicName, host: ref('hosts', h.id), network: ref('networks', att.networkId),
      mac: { address: st.nics.find((n) => n.name === att.nicName)?.mac ?? '' },
    };
    if (att.ipv4.address) w.ip = { address: att.ipv4.address, netmask: att.ipv4.netmask, gateway: att.ipv4.gateway, version: 'v4' };
    rows.push(w);
  }
  return rows;
}

const BOND_MODES: Record<string, string> = {
  '0': 'Round Robin', '1': 'Active-Backup', '2': 'Load balance (balance-xor)', '3': 'Broadcast', '4': 'Dynamic link aggregation (802.3ad)',
  '5': 'Adaptive transmit load balancing (balance-tlb)', '6': 'Adaptive load balancing (balance-alb)',
};

function attachmentsWire(c: Ctx, h: Host): Wire[] {
  const st = hostNet(c.e, h);
  return st.attachments.map((att) => {
    const n = c.e.store.networks.get(att.networkId)!;
    const report = syncReport(n, att);
    const nic = st.nics.find((x) => x.name === att.nicName);
    return {
      id: att.id, href: href(`hosts/${h.id}/networkattachments/${att.id}`), network: ref('networks', n.id),
      host_nic: nic ? ref(`hosts/${h.id}/nics`, nic.id) : undefined, host: ref('hosts', h.id),
      in_sync: bool(report.every((r) => r.inSync)),
      ip_address_assignments: { ip_address_assignment: [ipWire(att.ipv4, 'v4'), ...(att.ipv6 ? [ipWire(att.ipv6, 'v6')] : [])] },
      reported_configurations: {
        reported_configuration: report.map((r) => ({ name: r.name, expected_value: r.expected, actual_value: r.actual, in_sync: bool(r.inSync) })),
      },
    };
  });
}

export function registerNetworkRoutes(r: Router): void {
  // ---- logical networks
  r.add('POST', '/networks', (c) => created(render('network', addNetwork(c.e, c.actor, c.body), c.wire, null)));
  r.add('PUT', '/networks/:id', (c) => {
    const n = networkOf(c);
    updateNetwork(c.e, c.actor, n, c.body);
    return ok(render('network', n, c.wire, null));
  });
  r.add('DELETE', '/networks/:id', (c) => {
    removeNetwork(c.e, c.actor, networkOf(c));
    return deleted();
  });
  r.add('POST', '/datacenters/:dc/networks', (c) => created(render('network', addNetwork(c.e, c.actor, { ...c.body, data_center: { id: c.params.dc } }), c.wire, null)));

  // ---- cluster attachments
  r.add('GET', '/clusters/:id/networks', (c) => {
    const cl = clusterOf(c);
    const rows = [...clusterNets(c.e, cl).keys()].map((id) => c.e.store.networks.get(id)!).filter((n) => n && c.access.network(n))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return ok(collection('network', rows.map((n) => clusterNetworkWire(c, cl, n))));
  });
  r.add('GET', '/clusters/:id/networks/:nid', (c) => {
    const cl = clusterOf(c);
    const n = networkOf(c, c.params.nid);
    if (!clusterNets(c.e, cl).has(n.id)) throw notFound(n.id);
    return ok(clusterNetworkWire(c, cl, n));
  });
  r.add('POST', '/clusters/:id/networks', (c) => {
    const cl = clusterOf(c);
    const { n } = attachNetworkToCluster(c.e, c.actor, cl, c.body);
    return created(clusterNetworkWire(c, cl, n));
  });
  r.add('PUT', '/clusters/:id/networks/:nid', (c) => {
    const cl = clusterOf(c);
    const n = networkOf(c, c.params.nid);
    updateNetworkOnCluster(c.e, c.actor, cl, n, c.body);
    return ok(clusterNetworkWire(c, cl, n));
  });
  r.add('DELETE', '/clusters/:id/networks/:nid', (c) => {
    detachNetworkFromCluster(c.e, c.actor, clusterOf(c), networkOf(c, c.params.nid));
    return deleted();
  });

  // ---- vNIC profiles
  r.add('POST', '/vnicprofiles', (c) => created(render('vnic_profile', addVnicProfile(c.e, c.actor, c.body), c.wire, null)));
  r.add('POST', '/networks/:id/vnicprofiles', (c) => created(render('vnic_profile', addVnicProfile(c.e, c.actor, c.body, networkOf(c).id), c.wire, null)));
  r.add('PUT', '/vnicprofiles/:id', (c) => {
    const p = profileOf(c);
    updateVnicProfile(c.e, c.actor, p, c.body);
    return ok(render('vnic_profile', p, c.wire, null));
  });
  r.add('DELETE', '/vnicprofiles/:id', (c) => {
    removeVnicProfile(c.e, c.actor, profileOf(c));
    return deleted();
  });

  // ---- QoS entries of a data center
  const dcOf = (c: Ctx) => found(c.e.store.dataCenters.get(c.params.dc), (x) => c.access.dataCenter(x), c.params.dc);
  const qosOf = (c: Ctx) => found(c.e.store.qoss.get(c.params.qid), (q) => q.dataCenterId === dcOf(c).id, c.params.qid);
  r.add('GET', '/datacenters/:dc/qoss', (c) => ok(collection('qos', qosOfDc(c.e, dcOf(c).id).map((q) => qosWire(q)))));
  r.add('GET', '/datacenters/:dc/qoss/:qid', (c) => ok(qosWire(qosOf(c))));
  r.add('POST', '/datacenters/:dc/qoss', (c) => created(qosWire(addQos(c.e, c.actor, dcOf(c), c.body))));
  r.add('PUT', '/datacenters/:dc/qoss/:qid', (c) => {
    const q = qosOf(c);
    updateQos(c.e, c.actor, q, c.body);
    return ok(qosWire(q));
  });
  r.add('DELETE', '/datacenters/:dc/qoss/:qid', (c) => {
    removeQos(c.e, c.actor, qosOf(c));
    return deleted();
  });

  // ---- network filters (read-only on the engine too)
  r.add('GET', '/networkfilters', () => ok(collection('network_filter', networkFilterNames().map(networkFilterWire))));
  r.add('GET', '/networkfilters/:id', (c) => {
    const name = networkFilterById(c.params.id);
    if (!name) throw notFound(c.params.id);
    return ok(networkFilterWire(name));
  });

  // ---- host networking
  r.add('GET', '/hosts/:id/nics', (c) => ok(collection('host_nic', hostNicsWire(c, hostOf(c)))));
  r.add('GET', '/hosts/:id/nics/:nic', (c) => {
    const row = hostNicsWire(c, hostOf(c)).find((w) => w.id === c.params.nic);
    if (!row) throw notFound(c.params.nic);
    return ok(row);
  });
  r.add('GET', '/hosts/:id/networkattachments', (c) => ok(collection('network_attachment', attachmentsWire(c, hostOf(c)))));
  r.add('GET', '/hosts/:id/networkattachments/:att', (c) => {
    const row = attachmentsWire(c, hostOf(c)).find((w) => w.id === c.params.att);
    if (!row) throw notFound(c.params.att);
    return ok(row);
  });
  r.add('POST', '/hosts/:id/setupnetworks', (c) => {
    setupNetworks(c.e, c.actor, hostOf(c), c.body);
    return ok({ async: 'false', status: 'complete' });
  });
  r.add('POST', '/hosts/:id/commitnetconfig', (c) => {
    commitNetConfig(c.e, c.actor, hostOf(c));
    return ok({ async: 'false', status: 'complete' });
  });
}
