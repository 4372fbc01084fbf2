/**
 * Networks on the demo engine: logical networks (add, update, remove), their attachment to
 * clusters with roles, vNIC profiles, and host networking (NICs, bonds, network attachments and
 * the one setupnetworks action). Every refusal is checked BEFORE anything changes, so a refused
 * request leaves the estate as it was, as the engine's validate-then-execute commands do. Wording
 * follows the engine's validation messages (4.5): "Cannot <action> <type>. <reason>", with the
 * status the engine maps the message type to (conflicts 409, bad parameters 400).
 */
import { createHash, randomUUID } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { Fault, badRequest, conflict, forbidden, incomplete, notFound } from './errors';
import { parseNetworkFilter } from './network-filters';
import { parseQosRef } from './qos-ops';
import { type Actor, type Body, type Engine, asBool, asInt, asObj, asStr, isRunning } from './engine';
import type { Cluster, ClusterNetwork, Host, HostNetState, HostNicRow, IpAssignment, Network, NetworkAttachmentRow, VnicProfile } from './model';

const CODE = {
  NETWORK_ADD_NETWORK: 942,
  NETWORK_UPDATE_NETWORK: 944,
  NETWORK_REMOVE_NETWORK: 943,
  NETWORK_ATTACH_NETWORK_TO_CLUSTER: 936,
  NETWORK_DETACH_NETWORK_TO_CLUSTER: 937,
  NETWORK_UPDATE_NETWORK_ON_CLUSTER: 1144,
  ADD_VNIC_PROFILE: 1122,
  UPDATE_VNIC_PROFILE: 1124,
  REMOVE_VNIC_PROFILE: 1126,
  NETWORK_HOST_SETUP_NETWORKS: 1146,
  NETWORK_COMMIT_NETWORK_CHANGES: 1094,
} as const;

const who = (a: Actor): string => a.user.userName;
const NAME_RE = /^[A-Za-z0-9_-]{1,256}$/;
/** Roles only one network of a cluster can have: giving one to a network takes it from the other. */
const EXCLUSIVE_ROLES = ['display', 'migration', 'management', 'gluster', 'default_route'];
const CLUSTER_ROLES = new Set(EXCLUSIVE_ROLES);

function requireAdmin(a: Actor): void {
  if (!a.user.admin) throw forbidden();
}

/** A list in the engine's wrapper form: `{"usage":[…]}`, or a bare array from lenient clients. */
function listIn(v: unknown, key: string): unknown[] {
  if (Array.isArray(v)) return v;
  const o = asObj(v);
  if (!o) return [];
  const inner = o[key];
  return Array.isArray(inner) ? inner : inner === undefined ? [] : [inner];
}

const networksOfDc = (e: Engine, dcId: string): Network[] => [...e.store.networksByDc.get(dcId)].map((id) => e.store.networks.get(id)!);
const clustersOfDc = (e: Engine, dcId: string): Cluster[] => [...e.store.clustersByDc.get(dcId)].map((id) => e.store.clusters.get(id)!);

// ---------------------------------------------------------------- cluster attachments

/** The cluster's networks; a cluster seen for the first time gets its data center's seeded ones (ovirtmgmt as management). */
export function clusterNets(e: Engine, cluster: Cluster): Map<string, ClusterNetwork> {
  let map = e.store.clusterNets.get(cluster.id);
  if (!map) {
    map = new Map();
    for (const n of networksOfDc(e, cluster.dataCenterId)) {
      if (n.late) continue;
      map.set(n.id, { networkId: n.id, required: n.management || n.required, usages: n.management ? ['management', 'display', 'migration', 'default_route'] : [] });
    }
    e.store.clusterNets.set(cluster.id, map);
  }
  return map;
}

function networkInCluster(e: Engine, cluster: Cluster, body: Body): Network {
  const id = asStr(body.id, 'id');
  const name = asStr(body.name, 'name');
  if (!id && !name) throw incomplete('Network', 'id|name');
  const n = id ? e.store.networks.get(id) : networksOfDc(e, cluster.dataCenterId).find((x) => x.name === name);
  if (!n) throw notFound(id ?? name);
  return n;
}

function parseRoles(body: Body, current?: ClusterNetwork): { required: boolean; usages: string[] } {
  const required = asBool(body.required, 'required') ?? current?.required ?? true;
  const rawUsages = body.usages === undefined ? undefined : listIn(body.usages, 'usage').map((u) => String(u));
  const usages = rawUsages ? rawUsages.filter((u) => CLUSTER_ROLES.has(u)) : current?.usages ?? [];
  const unknown = (rawUsages ?? []).filter((u) => u !== 'vm' && !CLUSTER_ROLES.has(u));
  if (unknown.length) throw badRequest(`Invalid value '${unknown[0]}' for 'usages'.`);
  return { required, usages: [...new Set(usages)] };
}

function applyRoles(map: Map<string, ClusterNetwork>, row: ClusterNetwork, roles: { required: boolean; usages: string[] }): void {
  for (const role of roles.usages) {
    if (!EXCLUSIVE_ROLES.includes(role)) continue;
    for (const other of map.values()) if (other !== row) other.usages = other.usages.filter((u) => u !== role);
  }
  row.required = roles.required;
  row.usages = roles.usages;
}

function checkRoles(e: Engine, cluster: Cluster, n: Network, roles: { usages: string[] }, current: ClusterNetwork | undefined, action: string): void {
  const had = current?.usages.includes('management') ?? false;
  if (roles.usages.includes('management') !== had) {
    const hosts = e.store.hostsByCluster.get(cluster.id).size;
    if (hosts > 0) throw conflict(`Cannot ${action} Logical Network. The management network of a cluster can be changed only while the cluster has no hosts.`);
  }
  if (roles.usages.includes('display') && !n.vm) throw conflict(`Cannot ${action} Logical Network. A non-VM network cannot be the display network.`);
}

export function attachNetworkToCluster(e: Engine, a: Actor, cluster: Cluster, body: Body): { n: Network; row: ClusterNetwork } {
  requireAdmin(a);
  const n = networkInCluster(e, cluster, body);
  if (n.dataCenterId !== cluster.dataCenterId) throw conflict('Cannot attach Logical Network to Cluster. The Logical Network does not belong to the data center of the Cluster.');
  const map = clusterNets(e, cluster);
  if (map.has(n.id)) throw conflict('Cannot attach Logical Network to Cluster. The Logical Network is already attached to the Cluster.');
  const roles = parseRoles(body);
  checkRoles(e, cluster, n, roles, undefined, 'attach');
  const row: ClusterNetwork = { networkId: n.id, required: roles.required, usages: [] };
  map.set(n.id, row);
  applyRoles(map, row, roles);
  e.event({ code: CODE.NETWORK_ATTACH_NETWORK_TO_CLUSTER, severity: 'normal', clusterId: cluster.id, description: `Network ${n.name} attached to Cluster ${cluster.name}` }, a);
  return { n, row };
}

export function updateNetworkOnCluster(e: Engine, a: Actor, cluster: Cluster, n: Network, body: Body): ClusterNetwork {
  requireAdmin(a);
  const map = clusterNets(e, cluster);
  const row = map.get(n.id);
  if (!row) throw notFound(n.id);
  const roles = parseRoles(body, row);
  checkRoles(e, cluster, n, roles, row, 'update');
  applyRoles(map, row, roles);
  e.event({ code: CODE.NETWORK_UPDATE_NETWORK_ON_CLUSTER, severity: 'normal', clusterId: cluster.id, description: `Network ${n.name} on Cluster ${cluster.name} was updated by ${who(a)}` }, a);
  return row;
}

export function detachNetworkFromCluster(e: Engine, a: Actor, cluster: Cluster, n: Network): void {
  requireAdmin(a);
  const map = clusterNets(e, cluster);
  const row = map.get(n.id);
  if (!row) throw notFound(n.id);
  if (row.usages.includes('management')) throw conflict(`Cannot detach Logical Network from Cluster. The management network '${n.name}' cannot be detached from the Cluster.`);
  const hosts = [...e.store.hostsByCluster.get(cluster.id)].map((id) => e.store.hosts.get(id)!).filter((h) => hostNet(e, h).attachments.some((x) => x.networkId === n.id));
  if (hosts.length) throw conflict(`Cannot detach Logical Network from Cluster. The Logical Network is in use by the following Hosts: ${hosts.map((h) => h.name).sort().join(', ')}.`);
  const vms = vmsOnNetwork(e, n).filter((vm) => vm.clusterId === cluster.id);
  if (vms.length) throw conflict(`Cannot detach Logical Network from Cluster. The Logical Network is in use by the following VMs: ${vms.map((v) => v.name).sort().join(', ')}.`);
  map.delete(n.id);
  e.event({ code: CODE.NETWORK_DETACH_NETWORK_TO_CLUSTER, severity: 'normal', clusterId: cluster.id, description: `Network ${n.name} detached from Cluster ${cluster.name}` }, a);
}

// ---------------------------------------------------------------- logical networks

function vmsOnNetwork(e: Engine, n: Network) {
  const profiles = new Set(e.store.profilesByNetwork.get(n.id));
  const out = new Map<string, { name: string; clusterId: string; running: boolean }>();
  for (const nic of e.store.nics.values()) {
    if (!nic.vnicProfileId || !profiles.has(nic.vnicProfileId)) continue;
    const vm = e.store.vms.get(nic.vmId);
    if (vm && !vm.exportDomainId) out.set(vm.id, { name: vm.name, clusterId: vm.clusterId, running: isRunning(vm) });
  }
  return [...out.values()];
}

function parseVlan(body: Body): number | null | undefined {
  if (!('vlan' in body)) return undefined;
  const v = asObj(body.vlan);
  if (!v || v.id === undefined || v.id === null || v.id === '') return null;
  const id = asInt(v.id, 'vlan.id')!;
  if (id < 0 || id > 4094) throw badRequest('[Cannot add Logical Network. VLAN tag must be a number between 0 and 4094.]');
  return id;
}

function parseMtu(body: Body, action: string): number | undefined {
  const mtu = asInt(body.mtu, 'mtu');
  if (mtu === undefined) return undefined;
  if (mtu !== 0 && (mtu < 68 || mtu > 65520)) throw badRequest(`[Cannot ${action} Logical Network. MTU must be 0 (the default) or between 68 and 65520.]`);
  return mtu;
}

function parseDns(body: Body): string[] | undefined {
  const cfg = asObj(body.dns_resolver_configuration);
  if (!cfg) return undefined;
  return listIn(cfg.name_servers, 'name_server').map((s) => String(s));
}

function checkNetworkName(e: Engine, dcId: string, name: string, action: string, self?: Network): void {
  if (!NAME_RE.test(name)) throw badRequest(`[Cannot ${action} Logical Network. The name may contain only letters, numbers, '_' and '-'.]`);
  if (networksOfDc(e, dcId).some((n) => n !== self && n.name.toLowerCase() === name.toLowerCase())) {
    throw conflict(`Cannot ${action} Logical Network. The name of the logical network '${name}' is already used by an existing logical network in the same data-center.`);
  }
}

function checkVlanFree(e: Engine, dcId: string, vlan: number | null, action: string, self?: Network): void {
  if (vlan === null) return;
  const other = networksOfDc(e, dcId).find((n) => n !== self && n.vlanId === vlan);
  if (other) throw conflict(`Cannot ${action} Logical Network. The specified VLAN ID (${vlan}) is already in use by the logical network '${other.name}'.`);
}

function isVm(body: Body): boolean | undefined {
  if (body.usages === undefined) return undefined;
  return listIn(body.usages, 'usage').map(String).includes('vm');
}

export function addNetwork(e: Engine, a: Actor, body: Body): Network {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  const dc = asObj(body.data_center);
  const dcId = asStr(dc?.id, 'data_center.id') ?? (dc?.name ? e.store.findByName(e.store.dataCenters, String(dc.name))?.id : undefined);
  const missing = [!name && 'name', !dc && 'dataCenter.name|id'].filter(Boolean);
  if (missing.length) throw incomplete('Network', missing.join(', '));
  if (!dcId || !e.store.dataCenters.get(dcId)) throw notFound(String(dc!.id ?? dc!.name));
  checkNetworkName(e, dcId, name!, 'add');
  const vlan = parseVlan(body) ?? null;
  checkVlanFree(e, dcId, vlan, 'add');
  const mtu = parseMtu(body, 'add') ?? 0;
  const vm = isVm(body) ?? true;
  const portIsolation = asBool(body.port_isolation, 'port_isolation') ?? false;
  if (portIsolation && !vm) throw conflict('Cannot add Logical Network. Port isolation requires a VM network.');
  const qosId = parseQosRef(e, body.qos, dcId, 'hostnetwork', 'add', 'Logical Network') ?? undefined;
  // Every cluster of the data center keeps what it had: the new network is attached explicitly.
  for (const c of clustersOfDc(e, dcId)) clusterNets(e, c);
  const n: Network = {
    id: randomUUID(), name: name!, description: asStr(body.description, 'description') ?? '', comment: asStr(body.comment, 'comment') ?? '',
    dataCenterId: dcId, vlanId: vlan, mtu, vm, management: false, required: asBool(body.required, 'required') ?? false,
    stp: asBool(body.stp, 'stp') ?? false, portIsolation, dnsServers: parseDns(body), late: true, ...(qosId ? { qosId } : {}),
  };
  e.store.addNetwork(n);
  // The engine adds a profile of the same name to every new VM network (the "create profile" default).
  if (vm) e.store.addVnicProfile({ id: randomUUID(), name: n.name, description: '', networkId: n.id, portMirroring: false, passThrough: 'disabled' });
  e.event({ code: CODE.NETWORK_ADD_NETWORK, severity: 'normal', dataCenterId: dcId, description: `Network ${n.name} was added to Data Center: ${e.store.dataCenters.get(dcId)!.name}` }, a);
  return n;
}

export function updateNetwork(e: Engine, a: Actor, n: Network, body: Body): void {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  if (name !== undefined && name !== n.name) {
    if (n.management && hostsCarrying(e, n).length) throw conflict(`Cannot update Logical Network. The management network '${n.name}' cannot be renamed while hosts use it.`);
    checkNetworkName(e, n.dataCenterId, name, 'update', n);
  }
  const vlan = parseVlan(body);
  if (vlan !== undefined) checkVlanFree(e, n.dataCenterId, vlan, 'update', n);
  const mtu = parseMtu(body, 'update');
  const vm = isVm(body);
  if (body.port_isolation !== undefined && (asBool(body.port_isolation, 'port_isolation') ?? false) !== (n.portIsolation ?? false)) {
    throw conflict('Cannot update Logical Network. Port isolation can be set only when the network is created.');
  }
  const qosId = parseQosRef(e, body.qos, n.dataCenterId, 'hostnetwork', 'update', 'Logical Network');
  if (vm === false && n.vm) {
    const vms = vmsOnNetwork(e, n);
    if (vms.length) throw conflict(`Cannot update Logical Network. The network is used by the following VMs: ${vms.map((v) => v.name).sort().join(', ')}; it must stay a VM network.`);
  }
  if (name !== undefined && name !== n.name) {
    n.name = name;
    e.store.networks.touch();
  }
  const description = asStr(body.description, 'description');
  if (description !== undefined) n.description = description;
  if (vlan !== undefined) n.vlanId = vlan;
  if (mtu !== undefined) n.mtu = mtu;
  if (vm !== undefined) n.vm = vm;
  const dns = parseDns(body);
  if (dns !== undefined) n.dnsServers = dns;
  if (qosId === null) delete n.qosId;
  else if (qosId !== undefined) n.qosId = qosId;
  // Hosts that are up take the change at once; the others keep what they had and show out of sync.
  for (const h of hostsCarrying(e, n)) {
    if (h.status !== 'up') continue;
    for (const att of hostNet(e, h).attachments) if (att.networkId === n.id) Object.assign(att, { reportedVlan: n.vlanId, reportedMtu: n.mtu });
  }
  e.event({ code: CODE.NETWORK_UPDATE_NETWORK, severity: 'normal', dataCenterId: n.dataCenterId, description: `Network ${n.name} was updated on Data Center: ${e.store.dataCenters.get(n.dataCenterId)?.name ?? ''}` }, a);
}

export function removeNetwork(e: Engine, a: Actor, n: Network): void {
  requireAdmin(a);
  if (n.management || [...e.store.clusterNets.values()].some((m) => m.get(n.id)?.usages.includes('management'))) {
    throw badRequest(`[Cannot remove Logical Network. The management network '${n.name}' cannot be removed.]`);
  }
  const vms = vmsOnNetwork(e, n);
  if (vms.length) throw conflict(`Cannot remove Logical Network. The network is in use by the following VMs: ${vms.map((v) => v.name).sort().join(', ')}.`);
  const hosts = hostsCarrying(e, n);
  if (hosts.length) throw conflict(`Cannot remove Logical Network. The network is attached to the following Hosts: ${hosts.map((h) => h.name).sort().join(', ')}.`);
  for (const m of e.store.clusterNets.values()) m.delete(n.id);
  for (const pid of [...e.store.profilesByNetwork.get(n.id)]) {
    e.store.vnicProfiles.delete(pid);
    e.store.profilesByNetwork.remove(n.id, pid);
  }
  e.store.networks.delete(n.id);
  e.store.networksByDc.remove(n.dataCenterId, n.id);
  e.event({ code: CODE.NETWORK_REMOVE_NETWORK, severity: 'normal', dataCenterId: n.dataCenterId, description: `Network ${n.name} was removed from Data Center: ${e.store.dataCenters.get(n.dataCenterId)?.name ?? ''}` }, a);
}

// ---------------------------------------------------------------- vNIC profiles

function parseProfileFields(body: Body): { portMirroring?: boolean; passThrough?: 'enabled' | 'disabled'; networkFilter?: string | null } {
  const out: { portMirroring?: boolean; passThrough?: 'enabled' | 'disabled'; networkFilter?: string | null } = {};
  const pm = asBool(body.port_mirroring, 'port_mirroring');
  if (pm !== undefined) out.portMirroring = pm;
  const pt = asObj(body.pass_through);
  if (pt) {
    const mode = asStr(pt.mode, 'pass_through.mode');
    if (mode !== 'enabled' && mode !== 'disabled') throw badRequest(`Invalid value '${String(mode)}' for 'pass_through.mode'.`);
    out.passThrough = mode;
  }
  if ('network_filter' in body) {
    // By id only: `{}` or a name without an id means no filter at all, as the engine maps it.
    out.networkFilter = parseNetworkFilter(body.network_filter);
  }
  return out;
}

function checkProfile(e: Engine, n: Network, name: string, fields: ReturnType<typeof parseProfileFields>, action: string, self?: VnicProfile): void {
  if (!NAME_RE.test(name)) throw badRequest(`[Cannot ${action} VM network interface profile. The name may contain only letters, numbers, '_' and '-'.]`);
  if (!n.vm) throw conflict(`Cannot ${action} VM network interface profile. The network '${n.name}' is not a VM network.`);
  for (const pid of e.store.profilesByNetwork.get(n.id)) {
    const p = e.store.vnicProfiles.get(pid)!;
    if (p !== self && p.name === name) throw conflict(`Cannot ${action} VM network interface profile. The VM network interface profile's name is already used by an existing profile for the same network.`);
  }
  const passThrough = (fields.passThrough ?? self?.passThrough) === 'enabled';
  if (passThrough && (fields.portMirroring ?? self?.portMirroring)) throw conflict(`Cannot ${action} VM network interface profile. Port mirroring cannot be set on a passthrough profile.`);
  if (passThrough && (fields.networkFilter ?? (self ? self.networkFilter : undefined)) != null && fields.networkFilter !== undefined) {
    throw conflict(`Cannot ${action} VM network interface profile. A network filter cannot be set on a passthrough profile.`);
  }
}

function vmsUsingProfile(e: Engine, p: VnicProfile, running = false): string[] {
  const names = new Set<string>();
  for (const nic of e.store.nics.values()) {
    if (nic.vnicProfileId !== p.id) continue;
    const vm = e.store.vms.get(nic.vmId);
    if (vm && !vm.exportDomainId && (!running || isRunning(vm))) names.add(vm.name);
  }
  return [...names].sort();
}

export function addVnicProfile(e: Engine, a: Actor, body: Body, networkId?: string): VnicProfile {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  const netId = networkId ?? asStr(asObj(body.network)?.id, 'network.id');
  const missing = [!name && 'name', !netId && 'network.id'].filter(Boolean);
  if (missing.length) throw incomplete('VnicProfile', missing.join(', '));
  const n = e.store.networks.get(netId!);
  if (!n) throw notFound(netId);
  const fields = parseProfileFields(body);
  checkProfile(e, n, name!, fields, 'add');
  const qosId = parseQosRef(e, body.qos, n.dataCenterId, 'network', 'add', 'VM network interface profile') ?? undefined;
  if (qosId && (fields.passThrough ?? 'disabled') === 'enabled') throw conflict('Cannot add VM network interface profile. QoS cannot be set on a passthrough profile.');
  const p: VnicProfile = {
    id: randomUUID(), name: name!, description: asStr(body.description, 'description') ?? '', networkId: n.id,
    portMirroring: fields.portMirroring ?? false, passThrough: fields.passThrough ?? 'disabled',
    ...(fields.networkFilter !== undefined ? { networkFilter: fields.networkFilter } : fields.passThrough === 'enabled' ? { networkFilter: null } : {}),
    ...(qosId ? { qosId } : {}),
  };
  e.store.addVnicProfile(p);
  e.event({ code: CODE.ADD_VNIC_PROFILE, severity: 'normal', description: `VM network interface profile ${p.name} was added to network ${n.name} by ${who(a)}.` }, a);
  return p;
}

export function updateVnicProfile(e: Engine, a: Actor, p: VnicProfile, body: Body): void {
  requireAdmin(a);
  const n = e.store.networks.get(p.networkId)!;
  const name = asStr(body.name, 'name') ?? p.name;
  const fields = parseProfileFields(body);
  checkProfile(e, n, name, fields, 'update', p);
  const qosId = parseQosRef(e, body.qos, n.dataCenterId, 'network', 'update', 'VM network interface profile');
  if ((qosId ?? (qosId === null ? undefined : p.qosId)) && (fields.passThrough ?? p.passThrough) === 'enabled') {
    throw conflict('Cannot update VM network interface profile. QoS cannot be set on a passthrough profile.');
  }
  const changesPassThrough = fields.passThrough !== undefined && fields.passThrough !== p.passThrough;
  const running = vmsUsingProfile(e, p, true);
  if (changesPassThrough && running.length) {
    throw conflict(`Cannot update VM network interface profile. The profile is used by running VMs: ${running.join(', ')}.`);
  }
  if (name !== p.name) {
    p.name = name;
    e.store.vnicProfiles.touch();
  }
  const description = asStr(body.description, 'description');
  if (description !== undefined) p.description = description;
  if (fields.portMirroring !== undefined) p.portMirroring = fields.portMirroring;
  if (fields.passThrough !== undefined) p.passThrough = fields.passThrough;
  if (fields.networkFilter !== undefined) p.networkFilter = fields.networkFilter;
  if (qosId === null) delete p.qosId;
  else if (qosId !== undefined) p.qosId = qosId;
  e.event({ code: CODE.UPDATE_VNIC_PROFILE, severity: 'normal', description: `VM network interface profile ${p.name} was updated for network ${n.name} by ${who(a)}.` }, a);
}

export function removeVnicProfile(e: Engine, a: Actor, p: VnicProfile): void {
  requireAdmin(a);
  const users = vmsUsingProfile(e, p);
  if (users.length) throw conflict(`Cannot remove VM network interface profile. The VM network interface profile is in use by the following VMs: ${users.join(', ')}.`);
  e.store.vnicProfiles.delete(p.id);
  e.store.profilesByNetwork.remove(p.networkId, p.id);
  e.event({ code: CODE.REMOVE_VNIC_PROFILE, severity: 'normal', description: `VM network interface profile ${p.name} was removed by ${who(a)}.` }, a);
}

// ---------------------------------------------------------------- host networking

const hex = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);
/** Stable ids per host and name: the engine keeps a NIC's id while the device exists. */
export const nicId = (hostId: string, name: string): string => {
  const h = hex(`${hostId}/${name}`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const macFor = (hostId: string, i: number): string => `00:1a:4a:${hex(hostId, 4).replace(/(..)(..)/, '$1:$2')}:${String(i).padStart(2, '0')}`;

/**
 * A host seen for the first time: four 10 GbE NICs, ovirtmgmt on eth0 with a static address, and
 * a VLAN VM network (when its cluster has one) on eth2, the shape of the runbook's hosts before
 * the network chapter.
 */
export function hostNet(e: Engine, h: Host): HostNetState {
  let st = e.store.hostNets.get(h.id);
  if (st) return st;
  const nics: HostNicRow[] = [0, 1, 2, 3].map((i) => ({ id: nicId(h.id, `eth${i}`), name: `eth${i}`, mac: macFor(h.id, i), speed: 10_000_000_000, up: i < 3, mtu: 1500 }));
  st = { nics, attachments: [], uncommitted: false };
  const cluster = e.store.clusters.get(h.clusterId);
  if (cluster) {
    const nets = [...clusterNets(e, cluster).values()].map((cn) => ({ cn, n: e.store.networks.get(cn.networkId)! })).filter((x) => x.n);
    const mgmt = nets.find((x) => x.cn.usages.includes('management'));
    const a = 10 + (h.ordinal % 240);
    if (mgmt) st.attachments.push(newAttachment(mgmt.n, 'eth0', { method: 'static', address: `192.168.100.${a}`, netmask: '255.255.255.0', gateway: '192.168.100.1' }));
    const vmVlan = nets.find((x) => !x.cn.usages.includes('management') && x.n.vm && x.n.vlanId !== null);
    if (vmVlan) st.attachments.push(newAttachment(vmVlan.n, 'eth2', { method: 'none' }));
  }
  e.store.hostNets.set(h.id, st);
  return st;
}

function newAttachment(n: Network, nicName: string, ipv4: IpAssignment, ipv6?: IpAssignment): NetworkAttachmentRow {
  return { id: randomUUID(), networkId: n.id, nicName, ipv4, ...(ipv6 ? { ipv6 } : {}), reportedVlan: n.vlanId, reportedMtu: n.mtu };
}

function hostsCarrying(e: Engine, n: Network): Host[] {
  const out: Host[] = [];
  for (const [hostId, st] of e.store.hostNets) {
    const h = e.store.hosts.get(hostId);
    if (h && st.attachments.some((x) => x.networkId === n.id)) out.push(h);
  }
  return out;
}

/** Out-of-sync details: what the host carries against what the network says. */
export function syncReport(n: Network, att: NetworkAttachmentRow): { name: string; expected: string; actual: string; inSync: boolean }[] {
  return [
    { name: 'vlan', expected: n.vlanId === null ? '' : String(n.vlanId), actual: att.reportedVlan === null ? '' : String(att.reportedVlan), inSync: n.vlanId === att.reportedVlan },
    { name: 'mtu', expected: String(n.mtu || 1500), actual: String(att.reportedMtu || 1500), inSync: (n.mtu || 1500) === (att.reportedMtu || 1500) },
  ];
}

function parseIp(raw: unknown, what: string): { v4?: IpAssignment; v6?: IpAssignment } {
  const out: { v4?: IpAssignment; v6?: IpAssignment } = {};
  for (const item of listIn(raw, 'ip_address_assignment')) {
    const o = asObj(item) ?? {};
    const method = asStr(o.assignment_method, 'assignment_method') ?? 'none';
    if (!['none', 'dhcp', 'static', 'autoconf', 'poly_dhcp_autoconf'].includes(method)) throw badRequest(`Invalid value '${method}' for 'assignment_method'.`);
    const ip = asObj(o.ip) ?? {};
    const version = asStr(ip.version, 'ip.version') ?? (String(ip.address ?? '').includes(':') ? 'v6' : 'v4');
    const a: IpAssignment = { method: method as IpAssignment['method'] };
    for (const k of ['address', 'netmask', 'gateway'] as const) {
      const v = asStr(ip[k], `ip.${k}`);
      if (v) a[k] = v;
    }
    if (a.method === 'static') {
      if (!a.address) throw badRequest(`[Cannot setup Networks. Address is mandatory with a static boot protocol (${what}).]`);
      if (version === 'v4' && !/^(\d{1,3})(\.\d{1,3}){3}$/.test(a.address)) throw badRequest(`[Cannot setup Networks. '${a.address}' is not a valid IPv4 address (${what}).]`);
      if (version === 'v4' && !a.netmask) throw badRequest(`[Cannot setup Networks. Netmask is mandatory with a static boot protocol (${what}).]`);
      if (version === 'v4' && a.netmask && !/^(\d{1,3})(\.\d{1,3}){3}$|^\d{1,2}$/.test(a.netmask)) throw badRequest(`[Cannot setup Networks. '${a.netmask}' is not a valid netmask or prefix (${what}).]`);
      // IPv6: the engine's Ipv6 validation; the prefix travels in `netmask`.
      if (version === 'v6' && !isIPv6(a.address)) throw badRequest(`[Cannot setup Networks. '${a.address}' is not a valid IPv6 address (${what}).]`);
      if (version === 'v6' && (a.netmask === undefined || !/^\d{1,3}$/.test(a.netmask) || Number(a.netmask) > 128)) {
        throw badRequest(`[Cannot setup Networks. IPv6 prefix is mandatory with a static boot protocol and must be between 0 and 128 (${what}).]`);
      }
    }
    if (version === 'v6' && a.gateway && !isIPv6(a.gateway)) throw badRequest(`[Cannot setup Networks. '${a.gateway}' is not a valid IPv6 gateway (${what}).]`);
    if (version === 'v6' && a.method !== 'static' && (a.address || a.gateway)) {
      throw badRequest(`[Cannot setup Networks. An IPv6 address and gateway can be given only with a static boot protocol (${what}).]`);
    }
    if (version === 'v6') out.v6 = a;
    else out.v4 = a;
  }
  return out;
}

interface BondChange { name: string; options: Record<string, string>; slaves: string[] }

/**
 * POST /hosts/{id}/setupnetworks: one transaction. The request is checked against the host as it
 * WOULD be afterwards; only then is anything applied. Nothing is half-applied.
 */
export function setupNetworks(e: Engine, a: Actor, h: Host, body: Body): void {
  requireAdmin(a);
  if (!['up', 'maintenance', 'non_operational'].includes(h.status)) {
    throw conflict(`Cannot setup Networks. Host ${h.name} is in ${h.status.replace(/_/g, ' ')} status; it must be Up, in Maintenance or Non Operational.`);
  }
  const st = hostNet(e, h);
  const cluster = e.store.clusters.get(h.clusterId)!;
  const cnets = clusterNets(e, cluster);
  const physical = new Map(st.nics.filter((n) => !n.bond).map((n) => [n.name, n]));
  const bonds = new Map(st.nics.filter((n) => n.bond).map((n) => [n.name, n]));
  const nicName = (ref: unknown, where: string): string => {
    const o = asObj(ref);
    if (!o) throw incomplete(where, 'hostNic.name|id', 'setup networks');
    if (typeof o.name === 'string') return o.name;
    const byId = st.nics.find((n) => n.id === o.id);
    if (!byId) throw badRequest(`[Cannot setup Networks. The following Network Interfaces do not exist on the Host: ${String(o.id)}.]`);
    return byId.name;
  };

  // ---- bonds
  const removedBonds = listIn(body.removed_bonds, 'host_nic').map((b) => nicName(b, 'HostNic'));
  for (const b of removedBonds) if (!bonds.has(b)) throw badRequest(`[Cannot setup Networks. The following bonds do not exist on the Host: ${b}.]`);
  const modifiedBonds: BondChange[] = listIn(body.modified_bonds, 'host_nic').map((raw) => {
    const o = asObj(raw) ?? {};
    const name = asStr(o.name, 'name') ?? (o.id ? st.nics.find((n) => n.id === o.id)?.name : undefined);
    if (!name) throw incomplete('HostNic', 'name', 'setup networks');
    if (!/^bond\d+$/.test(name)) throw badRequest(`[Cannot setup Networks. Bond name '${name}' is not valid; it must be 'bond' followed by a number.]`);
    const bonding = asObj(o.bonding) ?? {};
    const options: Record<string, string> = { ...(bonds.get(name)?.bond?.options ?? { mode: '4', miimon: '100' }) };
    if (bonding.options !== undefined) {
      for (const k of Object.keys(options)) delete options[k];
      for (const opt of listIn(bonding.options, 'option')) {
        const oo = asObj(opt) ?? {};
        if (typeof oo.name === 'string') options[oo.name] = String(oo.value ?? '');
      }
    }
    if (options.mode !== undefined && !/^[0-6]$/.test(options.mode)) throw badRequest(`[Cannot setup Networks. Bond '${name}' has an invalid bonding mode '${options.mode}'.]`);
    const slaves = bonding.slaves === undefined ? bonds.get(name)?.bond?.slaves ?? [] : listIn(bonding.slaves, 'host_nic').map((s) => nicName(s, 'HostNic'));
    if (slaves.length < 2) throw badRequest(`[Cannot setup Networks. Bond '${name}' must have at least two slaves.]`);
    return { name, options, slaves };
  });

  // Names as they will be after the change.
  const finalBonds = new Map<string, BondChange>();
  for (const [name, row] of bonds) if (!removedBonds.includes(name)) finalBonds.set(name, { name, options: row.bond!.options, slaves: row.bond!.slaves });
  for (const b of modifiedBonds) finalBonds.set(b.name, b);
  const missingNics = new Set<string>();
  const slaveOf = new Map<string, string>();
  const twice = new Set<string>();
  for (const b of finalBonds.values()) {
    for (const s of b.slaves) {
      if (!physical.has(s)) missingNics.add(s);
      if (slaveOf.has(s)) twice.add(s);
      slaveOf.set(s, b.name);
    }
  }
  if (missingNics.size) throw badRequest(`[Cannot setup Networks. The following Network Interfaces do not exist on the Host: ${[...missingNics].sort().join(', ')}.]`);
  if (twice.size) throw conflict(`Cannot setup Networks. The following Network Interfaces were specified more than once: ${[...twice].sort().join(', ')}.`);

  // ---- attachments
  const removedIds = listIn(body.removed_network_attachments, 'network_attachment').map((x) => String(asObj(x)?.id ?? ''));
  for (const id of removedIds) if (!st.attachments.some((x) => x.id === id)) throw notFound(id);
  const syncIds = listIn(body.synchronized_network_attachments, 'network_attachment').map((x) => String(asObj(x)?.id ?? ''));
  for (const id of syncIds) if (!st.attachments.some((x) => x.id === id)) throw notFound(id);
  const modified = listIn(body.modified_network_attachments, 'network_attachment').map((raw) => {
    const o = asObj(raw) ?? {};
    const existing = typeof o.id === 'string' ? st.attachments.find((x) => x.id === o.id) : undefined;
    if (typeof o.id === 'string' && !existing) throw notFound(o.id);
    const netRef = asObj(o.network);
    let n: Network | undefined = existing ? e.store.networks.get(existing.networkId) : undefined;
    if (netRef) {
      n = typeof netRef.id === 'string' ? e.store.networks.get(netRef.id) : networksOfDc(e, cluster.dataCenterId).find((x) => x.name === netRef.name);
      if (!n) throw notFound(String(netRef.id ?? netRef.name));
    }
    if (!n) throw incomplete('NetworkAttachment', 'network.id|name', 'setup networks');
    const nic = o.host_nic !== undefined ? nicName(o.host_nic, 'NetworkAttachment') : existing?.nicName;
    if (!nic) throw incomplete('NetworkAttachment', 'hostNic.name|id', 'setup networks');
    const ip = o.ip_address_assignments !== undefined ? parseIp(o.ip_address_assignments, n.name) : undefined;
    return { existing, n, nic, ip };
  });

  const finalAtts: { id: string; n: Network; nic: string; existing?: NetworkAttachmentRow }[] = [];
  const modifiedIds = new Set(modified.filter((m) => m.existing).map((m) => m.existing!.id));
  for (const att of st.attachments) {
    if (removedIds.includes(att.id) || modifiedIds.has(att.id)) continue;
    finalAtts.push({ id: att.id, n: e.store.networks.get(att.networkId)!, nic: att.nicName, existing: att });
  }
  for (const m of modified) finalAtts.push({ id: m.existing?.id ?? '', n: m.n, nic: m.nic, existing: m.existing });

  const notInCluster = finalAtts.filter((x) => !cnets.has(x.n.id)).map((x) => x.n.name);
  if (notInCluster.length) throw conflict(`Cannot setup Networks. The following Logical Networks do not exist in the Host's Cluster: ${[...new Set(notInCluster)].sort().join(', ')}.`);
  const nicsThere = new Set([...physical.keys(), ...finalBonds.keys()]);
  const noNic = finalAtts.filter((x) => !nicsThere.has(x.nic)).map((x) => x.nic);
  if (noNic.length) throw badRequest(`[Cannot setup Networks. The following Network Interfaces do not exist on the Host: ${[...new Set(noNic)].sort().join(', ')}.]`);
  const byNet = new Map<string, string[]>();
  for (const x of finalAtts) byNet.set(x.n.name, [...(byNet.get(x.n.name) ?? []), x.nic]);
  const dup = [...byNet].filter(([, nics]) => nics.length > 1).map(([name]) => name);
  if (dup.length) throw conflict(`Cannot setup Networks. The following Networks are attached to more than one Network Interface: ${dup.sort().join(', ')}.`);
  const onSlave = finalAtts.filter((x) => slaveOf.has(x.nic));
  if (onSlave.length) {
    throw conflict(`Cannot setup Networks. The following Network Interfaces are bond slaves and cannot have networks attached: ${onSlave.map((x) => `${x.nic} (${x.n.name})`).sort().join(', ')}.`);
  }
  const byNic = new Map<string, Network[]>();
  for (const x of finalAtts) byNic.set(x.nic, [...(byNic.get(x.nic) ?? []), x.n]);
  for (const [nic, nets] of byNic) {
    const untagged = nets.filter((n) => n.vlanId === null);
    if (untagged.length > 1) {
      throw conflict(`Cannot setup Networks. The following Network Interfaces can have only one untagged Logical Network and several VLAN Logical Networks: ${nic} (${untagged.map((n) => n.name).sort().join(', ')}).`);
    }
    const vlans = new Map<number, string[]>();
    for (const n of nets) if (n.vlanId !== null) vlans.set(n.vlanId, [...(vlans.get(n.vlanId) ?? []), n.name]);
    const clash = [...vlans].filter(([, names]) => names.length > 1);
    if (clash.length) throw conflict(`Cannot setup Networks. The following Networks use the same VLAN ID on Network Interface ${nic}: ${clash.map(([id, names]) => `${names.sort().join(', ')} (VLAN ${id})`).join('; ')}.`);
    const mtus = new Set(nets.map((n) => n.mtu || 1500));
    if (mtus.size > 1) throw conflict(`Cannot setup Networks. The networks on Network Interface ${nic} must have the same MTU: ${nets.map((n) => `${n.name} (${n.mtu || 1500})`).join(', ')}.`);
  }
  const mgmt = [...cnets.values()].find((cn) => cn.usages.includes('management'));
  if (mgmt && st.attachments.some((x) => x.networkId === mgmt.networkId) && !finalAtts.some((x) => x.n.id === mgmt.networkId)) {
    throw conflict(`Cannot setup Networks. The management network '${e.store.networks.get(mgmt.networkId)!.name}' must stay attached to the Host.`);
  }
  // Detaching a VM network that running VMs on this host use would cut them off.
  const gone = st.attachments.filter((att) => !finalAtts.some((x) => x.existing === att && x.n.id === att.networkId)).map((att) => e.store.networks.get(att.networkId)!);
  const cutOff: string[] = [];
  for (const n of gone) {
    if (!n.vm || finalAtts.some((x) => x.n.id === n.id)) continue;
    const profiles = new Set(e.store.profilesByNetwork.get(n.id));
    for (const vid of e.store.vmsByHost.get(h.id)) {
      const vm = e.store.vms.get(vid)!;
      if (isRunning(vm) && e.store.nicsOf(vm.id).some((nic) => nic.vnicProfileId && profiles.has(nic.vnicProfileId))) cutOff.push(`${n.name} (${vm.name})`);
    }
  }
  if (cutOff.length) throw conflict(`Cannot setup Networks. The following Networks are used by running VMs on the Host: ${[...new Set(cutOff)].sort().join(', ')}.`);
  // The engine allows an IPv6 gateway only on the cluster's default route network (one default route per host).
  const v6Gateway = modified.filter((m) => m.ip?.v6?.gateway && !cnets.get(m.n.id)?.usages.includes('default_route')).map((m) => m.n.name);
  if (v6Gateway.length) {
    throw conflict(`Cannot setup Networks. An IPv6 gateway can be set only on the network with the default route role: ${[...new Set(v6Gateway)].sort().join(', ')}.`);
  }
  const checkConnectivity = asBool(body.check_connectivity, 'check_connectivity') ?? false;
  const commit = asBool(body.commit_on_success, 'commit_on_success') ?? false;
  asInt(body.connectivity_timeout, 'connectivity_timeout');

  // ---- apply: everything was checked above.
  st.nics = st.nics.filter((n) => !(n.bond && removedBonds.includes(n.name)));
  for (const b of modifiedBonds) {
    const row = st.nics.find((n) => n.name === b.name);
    if (row) row.bond = { options: b.options, slaves: b.slaves };
    else st.nics.push({ id: nicId(h.id, b.name), name: b.name, mac: physical.get(b.slaves[0])!.mac, speed: physical.get(b.slaves[0])!.speed, up: true, mtu: 1500, bond: { options: b.options, slaves: b.slaves } });
  }
  st.attachments = st.attachments.filter((x) => !removedIds.includes(x.id));
  for (const m of modified) {
    if (m.existing) {
      m.existing.networkId = m.n.id;
      m.existing.nicName = m.nic;
      if (m.ip?.v4) m.existing.ipv4 = m.ip.v4;
      if (m.ip?.v6) m.existing.ipv6 = m.ip.v6;
      // A modified attachment is configured anew from the network's definition.
      Object.assign(m.existing, { reportedVlan: m.n.vlanId, reportedMtu: m.n.mtu });
    } else {
      st.attachments.push(newAttachment(m.n, m.nic, m.ip?.v4 ?? { method: 'none' }, m.ip?.v6));
    }
  }
  for (const id of syncIds) {
    const att = st.attachments.find((x) => x.id === id);
    const n = att && e.store.networks.get(att.networkId);
    if (att && n) Object.assign(att, { reportedVlan: n.vlanId, reportedMtu: n.mtu });
  }
  st.uncommitted = !commit;
  e.event({
    code: CODE.NETWORK_HOST_SETUP_NETWORKS, severity: 'normal', hostId: h.id,
    description: `Network changes were saved on host ${h.name}${checkConnectivity ? ' (connectivity checked)' : ''}`,
  }, a);
}

export function commitNetConfig(e: Engine, a: Actor, h: Host): void {
  requireAdmin(a);
  hostNet(e, h).uncommitted = false;
  e.event({ code: CODE.NETWORK_COMMIT_NETWORK_CHANGES, severity: 'normal', hostId: h.id, description: `Network changes were saved on host ${h.name}` }, a);
}

export { Fault };
