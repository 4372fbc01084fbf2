import 'server-only';
import { qualifyId, type DhcpRange, type NetworkBandwidth, type ListQuery, type Network, type NetworkLease, type Page, type QualifiedId, type VirtualNetworkInput } from '@/lib/domain';
import { BackendError, isBackendError } from '../errors';
import { nativeIdFor } from '../ids';
import { mapLimit } from '../map-limit';
import type { CallOptions } from '../types';
import type { LibvirtContext } from './context';
import { selectPage } from './list';
import * as rpc from './rpc';
import { dhcpRangeXml, virtualInfoOf, virtualNetworkXml, withBandwidth } from './network-xml';
import { child, parseXml } from './xml';
import { uuidToString, type NamedHandle } from './protocol';
import { parseDomainXml, toNetwork } from './transform';

/** Two list calls (all, active) give every network and its state; the XML per network, pipelined. */
export async function listNetworks(ctx: LibvirtContext, query: ListQuery, opts?: CallOptions): Promise<Page<Network>> {
  const [all, active] = await Promise.all([
    rpc.listAllNetworks(ctx.transport, 0, opts?.signal),
    rpc.listAllNetworks(ctx.transport, rpc.ListFlags.ACTIVE, opts?.signal),
  ]);
  const activeNames = new Set(active.map((n) => n.name));
  const items = await mapLimit(all, 16, async (n) =>
    toNetwork(ctx.connectionId, await rpc.networkGetXmlDesc(ctx.transport, n, opts?.signal), activeNames.has(n.name)),
  );
  return selectPage(items, query, { filters: { status: (n, v) => n.status === v || n.nativeStatus === v } });
}

async function lookup(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<NamedHandle> {
  const nativeId = nativeIdFor(ctx.connectionId, id, 'network');
  if (!nativeId.startsWith('network:')) throw new BackendError('not_found', 'Network not found on this connection.');
  return rpc.networkLookupByName(ctx.transport, nativeId.slice('network:'.length), opts?.signal);
}

/**
 * The network's definition (VIR_NETWORK_XML_INACTIVE), or null where the driver keeps none apart
 * from the running network: libvirt's test driver refuses the flag ("unsupported flags (0x1)").
 */
async function definedXml(ctx: LibvirtContext, net: NamedHandle, signal?: AbortSignal): Promise<string | null> {
  try {
    return await rpc.networkGetXmlDesc(ctx.transport, net, signal, 1);
  } catch (err) {
    if (isBackendError(err) && err.code === 'invalid_input' && /unsupported flags/.test(err.detail ?? '')) return null;
    throw err;
  }
}

export async function getNetwork(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<Network> {
  const net = await lookup(ctx, id, opts);
  const [xml, active, autostart, persistent] = await Promise.all([
    rpc.networkGetXmlDesc(ctx.transport, net, opts?.signal),
    rpc.networkIsActive(ctx.transport, net, opts?.signal),
    rpc.networkGetAutostart(ctx.transport, net, opts?.signal),
    rpc.networkIsPersistent(ctx.transport, net, opts?.signal),
  ]);
  const out = toNetwork(ctx.connectionId, xml, active, { autostart, persistent });
  // A running network reports its live <bandwidth>; an edit is in the definition until it restarts.
  if (active && persistent && out.virtual) {
    const definition = await definedXml(ctx, net, opts?.signal);
    const defined = definition === null ? out.virtual.bandwidth : virtualInfoOf(parseXml(definition)).bandwidth;
    if (JSON.stringify(defined) !== JSON.stringify(out.virtual.bandwidth)) {
      out.virtual.bandwidthOnStart = defined ?? null;
    }
  }
  return out;
}

/** A persistent network (defined, so it survives restarts), started at once; autostart as asked. */
export async function createVirtualNetwork(ctx: LibvirtContext, input: VirtualNetworkInput, opts?: CallOptions): Promise<Network> {
  if (!/^[A-Za-z0-9_-]{1,50}$/.test(input.name)) throw new BackendError('invalid_input', 'A network name may use letters, digits, "_" and "-".');
  if (input.mode === 'bridge' && !input.bridge) throw new BackendError('invalid_input', 'A bridged network needs the name of a host bridge.');
  if (input.mode !== 'bridge' && !input.ipv4) throw new BackendError('invalid_input', 'This network needs the host address and prefix.');
  const net = await rpc.networkDefineXml(ctx.transport, virtualNetworkXml(input), opts?.signal);
  try {
    await rpc.networkCreate(ctx.transport, net, opts?.signal);
    if (input.autostart) await rpc.networkSetAutostart(ctx.transport, net, true, opts?.signal);
  } catch (error) {
    // A network that cannot start (address in use, bridge missing) is not left behind half made.
    await rpc.networkUndefine(ctx.transport, net, undefined).catch(() => undefined);
    throw error;
  }
  return getNetwork(ctx, qualifyId(ctx.connectionId, `network:${net.name}`), opts);
}

export async function startNetwork(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<void> {
  await rpc.networkCreate(ctx.transport, await lookup(ctx, id, opts), opts?.signal);
}

/** Domains that are running with a NIC on this network: libvirt itself would cut them off without a word. */
async function runningUsers(ctx: LibvirtContext, name: string, opts?: CallOptions): Promise<string[]> {
  // virConnectListAllDomainsFlags: ACTIVE = 1 (the network list flags differ: ACTIVE = 2).
  const running = await rpc.listAllDomains(ctx.transport, 1, opts?.signal);
  const users = await mapLimit(running, 16, async (d) => {
    try {
      const facts = parseDomainXml(await rpc.domainGetXmlDesc(ctx.transport, d, 0, opts?.signal));
      return facts.nics.some((n) => n.type === 'network' && n.network === name) ? d.name : undefined;
    } catch (error) {
      if (isBackendError(error, 'not_found')) return undefined; // gone meanwhile
      throw error;
    }
  });
  return users.filter((u): u is string => Boolean(u)).sort();
}

async function refuseWhileUsed(ctx: LibvirtContext, net: NamedHandle, what: string, opts?: CallOptions): Promise<void> {
  const users = await runningUsers(ctx, net.name, opts);
  if (users.length) {
    throw new BackendError('conflict', `The network ${net.name} cannot be ${what} while running VMs use it.`, {
      detail: `Network '${net.name}' is in use by running domains: ${users.join(', ')}`,
    });
  }
}

export async function stopNetwork(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<void> {
  const net = await lookup(ctx, id, opts);
  await refuseWhileUsed(ctx, net, 'stopped', opts);
  await rpc.networkDestroy(ctx.transport, net, opts?.signal);
}

export async function setNetworkAutostart(ctx: LibvirtContext, id: QualifiedId, autostart: boolean, opts?: CallOptions): Promise<void> {
  await rpc.networkSetAutostart(ctx.transport, await lookup(ctx, id, opts), autostart, opts?.signal);
}

/** Replaces the DHCP range (delete + add, live and in the definition); null removes it. The old range comes back if the new one is refused. */
export async function setNetworkDhcpRange(ctx: LibvirtContext, id: QualifiedId, range: DhcpRange | null, opts?: CallOptions): Promise<void> {
  const net = await lookup(ctx, id, opts);
  const [xml, active] = await Promise.all([rpc.networkGetXmlDesc(ctx.transport, net, opts?.signal), rpc.networkIsActive(ctx.transport, net, opts?.signal)]);
  const info = toNetwork(ctx.connectionId, xml, active).virtual;
  if (!info?.ipv4) throw new BackendError('invalid_input', 'This network has no IPv4 address, so it cannot hand out addresses.');
  const { DELETE, ADD_LAST, SECTION_IP_DHCP_RANGE, AFFECT_LIVE, AFFECT_CONFIG } = rpc.NetworkUpdate;
  const flags = AFFECT_CONFIG | (active ? AFFECT_LIVE : 0);
  const old = info.ipv4.dhcp;
  if (old) await rpc.networkUpdate(ctx.transport, net, DELETE, SECTION_IP_DHCP_RANGE, -1, dhcpRangeXml(old), flags, opts?.signal);
  if (!range) return;
  try {
    await rpc.networkUpdate(ctx.transport, net, ADD_LAST, SECTION_IP_DHCP_RANGE, -1, dhcpRangeXml(range), flags, opts?.signal);
  } catch (error) {
    if (old) await rpc.networkUpdate(ctx.transport, net, ADD_LAST, SECTION_IP_DHCP_RANGE, -1, dhcpRangeXml(old), flags, undefined).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces the network's <bandwidth> (null takes it away) by redefining it from its own definition:
 * libvirt's network update API has no bandwidth section, so a running network keeps its old limits
 * until it is next started (the page says so). What libvirt refuses leaves the definition as it was.
 */
export async function setNetworkBandwidth(ctx: LibvirtContext, id: QualifiedId, bandwidth: NetworkBandwidth | null, opts?: CallOptions): Promise<void> {
  const net = await lookup(ctx, id, opts);
  if (!(await rpc.networkIsPersistent(ctx.transport, net, opts?.signal))) {
    throw new BackendError('invalid_input', 'This network is not defined (transient): its bandwidth cannot be changed.');
  }
  const defined = parseXml((await definedXml(ctx, net, opts?.signal)) ?? (await rpc.networkGetXmlDesc(ctx.transport, net, opts?.signal)));
  if (child(defined, 'forward')?.attrs.mode === 'bridge') {
    throw new BackendError('invalid_input', 'A network bridged to a host interface has no bandwidth of its own in libvirt.');
  }
  await rpc.networkDefineXml(ctx.transport, withBandwidth(defined, bandwidth), opts?.signal);
}

/** Stop (if running) and forget the network: refused while a running VM uses it, naming them. */
export async function removeNetwork(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<void> {
  const net = await lookup(ctx, id, opts);
  await refuseWhileUsed(ctx, net, 'removed', opts);
  const [active, persistent] = await Promise.all([rpc.networkIsActive(ctx.transport, net, opts?.signal), rpc.networkIsPersistent(ctx.transport, net, opts?.signal)]);
  if (active) await rpc.networkDestroy(ctx.transport, net, opts?.signal);
  if (persistent) await rpc.networkUndefine(ctx.transport, net, opts?.signal);
}

/** The DHCP leases dnsmasq handed out on this network, with the VM whose NIC has each MAC. */
export async function listNetworkLeases(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<NetworkLease[]> {
  const net = await lookup(ctx, id, opts);
  const leases = await rpc.networkGetDhcpLeases(ctx.transport, net, opts?.signal);
  if (leases.length === 0) return [];
  const byMac = new Map<string, { id: string; name: string }>();
  for (const d of await rpc.listAllDomains(ctx.transport, 0, opts?.signal)) {
    const facts = parseDomainXml(await rpc.domainGetXmlDesc(ctx.transport, d, 0, opts?.signal)).nics;
    for (const n of facts) if (n.mac) byMac.set(n.mac.toLowerCase(), { id: qualifyId(ctx.connectionId, uuidToString(d.uuid)), name: d.name });
  }
  return leases.map((l) => {
    const vm = l.mac ? byMac.get(l.mac.toLowerCase()) : undefined;
    return {
      mac: l.mac ?? '', ipAddress: l.ipaddr, prefix: l.prefix,
      ...(l.hostname ? { hostname: l.hostname } : {}),
      ...(l.clientid ? { clientId: l.clientid } : {}),
      ...(l.expiryTime ? { expiresAt: new Date(l.expiryTime * 1000) } : {}),
      ...(vm ? { vm } : {}),
    };
  });
}
