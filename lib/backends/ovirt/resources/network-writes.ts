import 'server-only';
import type { ClusterNetwork, HostNetworkSetup, HostNic, Network, NetworkAttachment, NetworkQos, NetworkQosInput, QualifiedId, VnicProfile } from '@/lib/domain';
import { BackendError } from '../../errors';
import { nativeIdFor } from '../../ids';
import type { ClusterNetworkRoles, NetworkInput, NetworkUpdate, VnicProfileInput, VnicProfileUpdate } from '../../network-types';
import type { CallOptions } from '../../types';
import { asString, asText, listOf, type Json } from '../coerce';
import { networkQosBody, setupNetworksBody, toClusterNetwork, toHostNics, toNetworkAttachment, toNetworkQos, toVnicProfile } from '../network-transform';
import { NetworkTransform } from '../transform';
import { postAction } from './actions';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/** The engine omits unset attributes; so do we (an explicit null would clear them). */
const compactBody = (body: Json): Json => JSON.parse(JSON.stringify(body)) as Json;

async function send(ctx: OvirtContext, method: 'POST' | 'PUT' | 'DELETE', what: string, path: string, body: Json | undefined, opts: CallOptions): Promise<Json> {
  return withNotFound(what, async () => (await ctx.transport.request({ method, path, body: body && compactBody(body), signal: opts.signal })).body);
}

const usagesBody = (usages: string[]): Json => ({ usage: usages });
const dnsBody = (servers?: string[]): Json | undefined =>
  servers === undefined ? undefined : { name_servers: { name_server: servers } };

// ---- logical networks

export async function createNetwork(ctx: OvirtContext, input: NetworkInput, opts: CallOptions = {}): Promise<Network> {
  const body = {
    name: input.name,
    description: input.description || undefined,
    data_center: { id: nativeIdFor(ctx.connectionId, input.dataCenterId, 'Data center') },
    vlan: input.vlanId !== undefined ? { id: input.vlanId } : undefined,
    mtu: input.mtu,
    usages: usagesBody(input.vmNetwork ? ['vm'] : []),
    // Port isolation exists from 4.4.3 and only at creation: send it only when asked for.
    port_isolation: input.portIsolation || undefined,
    dns_resolver_configuration: input.dnsServers?.length ? dnsBody(input.dnsServers) : undefined,
    qos: qosBody(ctx, input.qosId),
  };
  return NetworkTransform.toInternal(await send(ctx, 'POST', 'Data center', '/networks', body, opts), ctx.connectionId);
}

export async function updateNetwork(ctx: OvirtContext, id: QualifiedId, patch: NetworkUpdate, opts: CallOptions = {}): Promise<Network> {
  const body: Json = { name: patch.name, description: patch.description, mtu: patch.mtu };
  // `vlan: {}` takes the tag away (an empty object, not null: null would be dropped).
  if (patch.vlanId !== undefined) body.vlan = patch.vlanId === null ? {} : { id: patch.vlanId };
  if (patch.vmNetwork !== undefined) body.usages = usagesBody(patch.vmNetwork ? ['vm'] : []);
  if (patch.dnsServers !== undefined) body.dns_resolver_configuration = dnsBody(patch.dnsServers);
  if (patch.qosId !== undefined) body.qos = qosBody(ctx, patch.qosId);
  const path = itemPath(ctx, '/networks', id, 'Network');
  return NetworkTransform.toInternal(await send(ctx, 'PUT', 'Network', path, body, opts), ctx.connectionId);
}

export async function removeNetwork(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<void> {
  await send(ctx, 'DELETE', 'Network', itemPath(ctx, '/networks', id, 'Network'), undefined, opts);
}

// ---- cluster attachments

export async function listClusterNetworks(ctx: OvirtContext, clusterId: QualifiedId, opts: CallOptions = {}): Promise<ClusterNetwork[]> {
  const path = `${itemPath(ctx, '/clusters', clusterId, 'Cluster')}/networks`;
  const body = await withNotFound('Cluster', () => ctx.transport.get(path, undefined, opts.signal));
  return listOf(body, 'network').map((n) => toClusterNetwork(n, { id: clusterId }, ctx.connectionId));
}

export async function attachClusterNetwork(
  ctx: OvirtContext, clusterId: QualifiedId, networkId: QualifiedId, roles: ClusterNetworkRoles, opts: CallOptions = {},
): Promise<ClusterNetwork> {
  const path = `${itemPath(ctx, '/clusters', clusterId, 'Cluster')}/networks`;
  const body = { id: nativeIdFor(ctx.connectionId, networkId, 'Network'), required: roles.required, usages: usagesBody(roles.usages.filter((u) => u !== 'vm')) };
  return toClusterNetwork(await send(ctx, 'POST', 'Cluster', path, body, opts), { id: clusterId }, ctx.connectionId);
}

export async function updateClusterNetwork(
  ctx: OvirtContext, clusterId: QualifiedId, networkId: QualifiedId, roles: ClusterNetworkRoles, opts: CallOptions = {},
): Promise<ClusterNetwork> {
  const path = `${itemPath(ctx, '/clusters', clusterId, 'Cluster')}/networks/${encodeURIComponent(nativeIdFor(ctx.connectionId, networkId, 'Network'))}`;
  const body = { required: roles.required, usages: usagesBody(roles.usages.filter((u) => u !== 'vm')) };
  return toClusterNetwork(await send(ctx, 'PUT', 'Cluster network', path, body, opts), { id: clusterId }, ctx.connectionId);
}

export async function detachClusterNetwork(ctx: OvirtContext, clusterId: QualifiedId, networkId: QualifiedId, opts: CallOptions = {}): Promise<void> {
  const path = `${itemPath(ctx, '/clusters', clusterId, 'Cluster')}/networks/${encodeURIComponent(nativeIdFor(ctx.connectionId, networkId, 'Network'))}`;
  await send(ctx, 'DELETE', 'Cluster network', path, undefined, opts);
}

// ---- vNIC profiles

/** The engine's network filters, name → id: a profile names its filter by id only (a name alone would mean "none"). */
async function networkFilters(ctx: OvirtContext, opts: CallOptions): Promise<Map<string, string>> {
  const rows = listOf(await ctx.transport.get('/networkfilters', undefined, opts.signal), 'network_filter');
  return new Map(rows.flatMap((f) => (asString(f.id) && asText(f.name) ? [[asText(f.name)!, asString(f.id)!] as const] : [])));
}

/** `qos: {}` takes a QoS away (an empty object, not null: null would be dropped). */
const qosBody = (ctx: OvirtContext, id: QualifiedId | null | undefined): Json | undefined =>
  id === undefined ? undefined : id === null ? {} : { id: nativeIdFor(ctx.connectionId, id, 'QoS') };

function profileBody(ctx: OvirtContext, p: VnicProfileUpdate, filters: Map<string, string>): Json {
  const body: Json = { name: p.name, description: p.description, port_mirroring: p.portMirroring, qos: qosBody(ctx, p.qosId) };
  if (p.passThrough !== undefined) body.pass_through = { mode: p.passThrough ? 'enabled' : 'disabled' };
  if (p.networkFilter === null) body.network_filter = {}; // `{}` = no filter at all
  else if (p.networkFilter !== undefined) {
    const id = filters.get(p.networkFilter);
    if (!id) {
      throw new BackendError('invalid_input', `Unknown network filter ${p.networkFilter}`, {
        detail: `The engine has no network filter named "${p.networkFilter}".`,
      });
    }
    body.network_filter = { id };
  }
  return body;
}

const filterNames = (filters: Map<string, string>) => new Map([...filters].map(([name, id]) => [id, name]));

export async function createVnicProfile(ctx: OvirtContext, input: VnicProfileInput, opts: CallOptions = {}): Promise<VnicProfile> {
  const filters = await networkFilters(ctx, opts);
  const body = { ...profileBody(ctx, input, filters), network: { id: nativeIdFor(ctx.connectionId, input.networkId, 'Network') } };
  return toVnicProfile(await send(ctx, 'POST', 'Network', '/vnicprofiles', body, opts), ctx.connectionId, filterNames(filters));
}

export async function updateVnicProfile(ctx: OvirtContext, id: QualifiedId, patch: VnicProfileUpdate, opts: CallOptions = {}): Promise<VnicProfile> {
  const path = itemPath(ctx, '/vnicprofiles', id, 'vNIC profile');
  const filters = await networkFilters(ctx, opts);
  return toVnicProfile(await send(ctx, 'PUT', 'vNIC profile', path, profileBody(ctx, patch, filters), opts), ctx.connectionId, filterNames(filters));
}

export async function removeVnicProfile(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<void> {
  await send(ctx, 'DELETE', 'vNIC profile', itemPath(ctx, '/vnicprofiles', id, 'vNIC profile'), undefined, opts);
}

// ---- QoS entries of a data center

const qossPath = (ctx: OvirtContext, dataCenterId: QualifiedId) => `${itemPath(ctx, '/datacenters', dataCenterId, 'Data center')}/qoss`;

export async function listNetworkQos(ctx: OvirtContext, dataCenterId: QualifiedId, opts: CallOptions = {}): Promise<NetworkQos[]> {
  const body = await withNotFound('Data center', () => ctx.transport.get(qossPath(ctx, dataCenterId), undefined, opts.signal));
  // Storage and CPU QoS live in the same collection: only the network kinds are ours here.
  return listOf(body, 'qos')
    .filter((q) => ['network', 'hostnetwork'].includes(String(q.type)))
    .map((q) => toNetworkQos(q, ctx.connectionId));
}

export async function createNetworkQos(ctx: OvirtContext, dataCenterId: QualifiedId, input: NetworkQosInput, opts: CallOptions = {}): Promise<NetworkQos> {
  return toNetworkQos(await send(ctx, 'POST', 'Data center', qossPath(ctx, dataCenterId), networkQosBody(input), opts), ctx.connectionId);
}

export async function removeNetworkQos(ctx: OvirtContext, dataCenterId: QualifiedId, id: QualifiedId, opts: CallOptions = {}): Promise<void> {
  const path = `${qossPath(ctx, dataCenterId)}/${encodeURIComponent(nativeIdFor(ctx.connectionId, id, 'QoS'))}`;
  await send(ctx, 'DELETE', 'QoS', path, undefined, opts);
}

// ---- host networking

async function hostNicRows(ctx: OvirtContext, hostId: QualifiedId, opts: CallOptions): Promise<Json[]> {
  const path = `${itemPath(ctx, '/hosts', hostId, 'Host')}/nics`;
  return listOf(await withNotFound('Host', () => ctx.transport.get(path, undefined, opts.signal)), 'host_nic');
}

export async function listHostNics(ctx: OvirtContext, hostId: QualifiedId, opts: CallOptions = {}): Promise<HostNic[]> {
  return toHostNics(await hostNicRows(ctx, hostId, opts), ctx.connectionId);
}

/** Attachments name their NIC by id only: one NIC list resolves the names (two requests, not N+1). */
export async function listHostNetworkAttachments(ctx: OvirtContext, hostId: QualifiedId, opts: CallOptions = {}): Promise<NetworkAttachment[]> {
  const path = `${itemPath(ctx, '/hosts', hostId, 'Host')}/networkattachments`;
  const [rows, nics] = await Promise.all([
    withNotFound('Host', () => ctx.transport.get(path, undefined, opts.signal)),
    hostNicRows(ctx, hostId, opts),
  ]);
  const names = new Map(nics.map((n) => [asString(n.id) ?? '', asText(n.name) ?? '']));
  return listOf(rows, 'network_attachment').map((a) => toNetworkAttachment(a, names, ctx.connectionId));
}

export async function setupHostNetworks(ctx: OvirtContext, hostId: QualifiedId, setup: HostNetworkSetup, opts: CallOptions = {}): Promise<void> {
  const path = `${itemPath(ctx, '/hosts', hostId, 'Host')}/setupnetworks`;
  // An action: a 200 with `status: failed` is a refusal too (postAction reads it).
  await postAction(ctx, 'Host', path, compactBody(setupNetworksBody(setup, ctx.connectionId)), opts);
}
