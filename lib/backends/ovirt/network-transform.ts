/**
 * oVirt network payloads ↔ the domain: vNIC profiles, cluster networks, host NICs (bonds name
 * their slaves by id only, so the NIC list resolves them), network attachments with their
 * reported configurations, and the setupnetworks request body.
 */
import {
  BOOT_PROTOCOLS, NETWORK_USAGES, qualifyId, type BootProtocol, type ClusterNetwork, type HostNetworkSetup, type HostNic, type IpConfig,
  type NetworkAttachment, type NetworkQos, type NetworkQosInput, type NetworkUsage, type Ref, type VnicProfile,
} from '@/lib/domain';
import { nativeIdFor } from '../ids';
import { asBool, asEnum, asNumber, asObject, asString, asText, listOf, path, type Json } from './coerce';
import { toRef } from './transform';

function usagesOf(api: Json): NetworkUsage[] {
  const raw = path(api, 'usages', 'usage');
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map(asEnum).filter((u): u is NetworkUsage => (NETWORK_USAGES as readonly string[]).includes(u ?? ''));
}

/** `filterNames`: filter id → name (GET /networkfilters), for answers that link the filter by id only. */
export function toVnicProfile(api: Json, conn: string, filterNames?: ReadonlyMap<string, string>): VnicProfile {
  const nativeId = asString(api.id)!;
  const network = toRef(api.network, conn);
  const dataCenter = toRef(path(api, 'network', 'data_center'), conn);
  const filter = asObject(api.network_filter);
  const out: VnicProfile = {
    id: qualifyId(conn, nativeId),
    name: asText(api.name) ?? nativeId,
    // No network_filter element at all = no filter (the engine omits it). The engine links it by
    // its UUID: the name comes followed, or from the filter list.
    networkFilter: filter ? (asText(filter.name) ?? filterNames?.get(asString(filter.id) ?? '') ?? asString(filter.id) ?? null) : null,
    portMirroring: asBool(api.port_mirroring) ?? false,
    passThrough: asEnum(path(api, 'pass_through', 'mode')) === 'enabled',
  };
  const description = asText(api.description);
  if (description) out.description = description;
  if (network) out.network = network;
  if (dataCenter) out.dataCenter = dataCenter;
  const qos = toRef(api.qos, conn);
  if (qos) out.qos = qos;
  return out;
}

const QOS_FIELDS = [
  ['inbound', 'inbound_'],
  ['outbound', 'outbound_'],
] as const;

/** A data center QoS entry; types other than the two network ones are not asked for here. */
export function toNetworkQos(api: Json, conn: string): NetworkQos {
  const nativeId = asString(api.id)!;
  const type = asEnum(api.type) === 'hostnetwork' ? 'hostnetwork' : 'network';
  const out: NetworkQos = { id: qualifyId(conn, nativeId), name: asText(api.name) ?? nativeId, type };
  const description = asText(api.description);
  if (description) out.description = description;
  const dc = toRef(api.data_center, conn);
  if (dc) out.dataCenter = dc;
  for (const [dir, prefix] of QOS_FIELDS) {
    const average = asNumber(api[`${prefix}average`]);
    const peak = asNumber(api[`${prefix}peak`]);
    const burst = asNumber(api[`${prefix}burst`]);
    if (average !== undefined && peak !== undefined && burst !== undefined) out[dir] = { average, peak, burst };
  }
  const share = asNumber(api.outbound_average_linkshare);
  const upper = asNumber(api.outbound_average_upperlimit);
  const real = asNumber(api.outbound_average_realtime);
  if (share !== undefined) out.linkShare = share;
  if (upper !== undefined) out.upperLimitMbps = upper;
  if (real !== undefined) out.realTimeMbps = real;
  return out;
}

/** The POST body: only what is set (the engine treats a missing value as "no limit"). */
export function networkQosBody(input: NetworkQosInput): Json {
  const body: Json = { name: input.name, type: input.type };
  if (input.description) body.description = input.description;
  for (const [dir, prefix] of QOS_FIELDS) {
    const r = input[dir];
    for (const k of ['average', 'peak', 'burst'] as const) if (r?.[k] !== undefined) body[`${prefix}${k}`] = r[k];
  }
  if (input.linkShare !== undefined) body.outbound_average_linkshare = input.linkShare;
  if (input.upperLimitMbps !== undefined) body.outbound_average_upperlimit = input.upperLimitMbps;
  if (input.realTimeMbps !== undefined) body.outbound_average_realtime = input.realTimeMbps;
  return body;
}

export function toClusterNetwork(api: Json, cluster: Ref, conn: string): ClusterNetwork {
  return {
    network: { id: qualifyId(conn, asString(api.id)!), name: asText(api.name) },
    cluster,
    required: asBool(api.required) ?? false,
    usages: usagesOf(api).filter((u) => u !== 'vm'),
  };
}

function bootProtocol(v: unknown): BootProtocol {
  const word = asEnum(v) ?? 'none';
  return (BOOT_PROTOCOLS as readonly string[]).includes(word) ? (word as BootProtocol) : 'none';
}

function ipOf(ip: unknown, protocol: unknown): IpConfig | undefined {
  const o = asObject(ip);
  if (!o && protocol === undefined) return undefined;
  const out: IpConfig = { bootProtocol: bootProtocol(protocol) };
  for (const k of ['address', 'netmask', 'gateway'] as const) {
    const v = asText(o?.[k]);
    if (v) out[k] = v;
  }
  return out;
}

export function toHostNics(rows: Json[], conn: string): HostNic[] {
  const nameById = new Map(rows.map((r) => [asString(r.id), asText(r.name) ?? '']));
  const bondOf = new Map<string, string>();
  const nics = rows.map((r): HostNic => {
    const name = asText(r.name) ?? asString(r.id)!;
    const nic: HostNic = { id: qualifyId(conn, asString(r.id)!), name };
    const mac = asText(path(r, 'mac', 'address'));
    if (mac) nic.mac = mac;
    const speed = asNumber(r.speed);
    // The engine reports bits per second.
    if (speed) nic.speedMbps = Math.round(speed / 1_000_000);
    const status = asEnum(r.status);
    if (status) nic.linkUp = status === 'up';
    const mtu = asNumber(r.mtu);
    if (mtu) nic.mtu = mtu;
    const bonding = asObject(r.bonding);
    if (bonding) {
      const options: Record<string, string> = {};
      for (const o of listOf(bonding.options, 'option')) {
        const k = asText(o.name);
        if (k) options[k] = asText(o.value) ?? '';
      }
      const slaves = listOf(bonding.slaves, 'host_nic').map((s) => asText(s.name) ?? nameById.get(asString(s.id)) ?? '').filter(Boolean);
      for (const s of slaves) bondOf.set(s, name);
      nic.bond = { options, slaves, ...(options.mode !== undefined ? { mode: options.mode } : {}) };
      const active = asObject(bonding.active_slave);
      const activeName = active ? (asText(active.name) ?? nameById.get(asString(active.id))) : undefined;
      if (activeName) nic.bond.activeSlave = activeName;
    }
    const vlan = asNumber(path(r, 'vlan', 'id'));
    if (vlan !== undefined) nic.vlan = { id: vlan, ...(asText(r.base_interface) ? { baseName: asText(r.base_interface) } : {}) };
    const v4 = ipOf(r.ip, r.boot_protocol);
    if (v4) nic.ipv4 = v4;
    if (r.ipv6 !== undefined || r.ipv6_boot_protocol !== undefined) nic.ipv6 = ipOf(r.ipv6, r.ipv6_boot_protocol);
    const network = toRef(r.network, conn);
    if (network) nic.network = network;
    return nic;
  });
  for (const nic of nics) {
    const bond = bondOf.get(nic.name);
    if (bond) nic.bondedTo = bond;
  }
  return nics;
}

export function toNetworkAttachment(api: Json, nicNameById: Map<string, string>, conn: string): NetworkAttachment {
  const nicId = asString(path(api, 'host_nic', 'id'));
  const att: NetworkAttachment = {
    id: qualifyId(conn, asString(api.id)!),
    network: toRef(api.network, conn)!,
    nicName: asText(path(api, 'host_nic', 'name')) ?? (nicId ? nicNameById.get(nicId) : undefined) ?? '',
    inSync: asBool(api.in_sync) ?? true,
  };
  if (nicId) att.nic = { id: qualifyId(conn, nicId), name: att.nicName };
  for (const a of listOf(api.ip_address_assignments, 'ip_address_assignment')) {
    const ip = asObject(a.ip);
    const version = asEnum(ip?.version) ?? (String(ip?.address ?? '').includes(':') ? 'v6' : 'v4');
    const cfg = ipOf(ip ?? {}, a.assignment_method);
    if (version === 'v6') att.ipv6 = cfg;
    else att.ipv4 = cfg;
  }
  const off = listOf(api.reported_configurations, 'reported_configuration')
    .filter((r) => asBool(r.in_sync) === false)
    .map((r) => `${asText(r.name) ?? '?'}: host ${asText(r.actual_value) ?? '-'}, engine ${asText(r.expected_value) ?? '-'}`);
  if (off.length) att.outOfSync = off;
  return att;
}

function ipAssignments(v4?: IpConfig, v6?: IpConfig): Json | undefined {
  const list: Json[] = [];
  for (const [cfg, version] of [[v4, 'v4'], [v6, 'v6']] as const) {
    if (!cfg) continue;
    const ip: Json = { version };
    if (cfg.bootProtocol === 'static') {
      if (cfg.address) ip.address = cfg.address;
      if (cfg.netmask) ip.netmask = cfg.netmask;
      if (cfg.gateway) ip.gateway = cfg.gateway;
    }
    list.push({ assignment_method: cfg.bootProtocol, ip });
  }
  return list.length ? { ip_address_assignment: list } : undefined;
}

/** The ONE setupnetworks body: bonds by name, attachments by id (existing) or network (new). */
export function setupNetworksBody(setup: HostNetworkSetup, conn: string): Json {
  const body: Json = {
    check_connectivity: setup.checkConnectivity,
    commit_on_success: setup.commitOnSuccess,
  };
  if (setup.connectivityTimeoutSeconds) body.connectivity_timeout = setup.connectivityTimeoutSeconds;
  if (setup.modifiedBonds.length) {
    body.modified_bonds = {
      host_nic: setup.modifiedBonds.map((b) => {
        const options = { ...(b.options ?? {}), ...(b.mode ? { mode: b.mode } : {}) };
        return {
          name: b.name,
          bonding: {
            options: { option: Object.entries(options).map(([name, value]) => ({ name, value })) },
            slaves: { host_nic: b.slaves.map((name) => ({ name })) },
          },
        };
      }),
    };
  }
  if (setup.removedBonds.length) body.removed_bonds = { host_nic: setup.removedBonds.map((name) => ({ name })) };
  if (setup.modifiedAttachments.length) {
    body.modified_network_attachments = {
      network_attachment: setup.modifiedAttachments.map((a) => {
        const out: Json = {
          network: { id: nativeIdFor(conn, a.networkId, 'Network') },
          host_nic: { name: a.nicName },
        };
        if (a.id) out.id = nativeIdFor(conn, a.id, 'Network attachment');
        const ips = ipAssignments(a.ipv4, a.ipv6);
        if (ips) out.ip_address_assignments = ips;
        return out;
      }),
    };
  }
  if (setup.removedAttachments.length) {
    body.removed_network_attachments = { network_attachment: setup.removedAttachments.map((id) => ({ id: nativeIdFor(conn, id, 'Network attachment') })) };
  }
  if (setup.synchronizedAttachments.length) {
    body.synchronized_network_attachments = { network_attachment: setup.synchronizedAttachments.map((id) => ({ id: nativeIdFor(conn, id, 'Network attachment') })) };
  }
  return body;
}
