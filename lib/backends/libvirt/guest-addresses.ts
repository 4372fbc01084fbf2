import 'server-only';
import type { GuestInterface, Vm } from '@/lib/domain';
import { isBackendError } from '../errors';
import { mapLimit } from '../map-limit';
import type { CallOptions } from '../types';
import type { LibvirtContext } from './context';
import type { DomainHandle } from './protocol';
import * as rpc from './rpc';

/** What a guest's NIC answers to, keyed by lower-case MAC. */
export type AddressesByMac = Map<string, { ipv4: string[]; ipv6: string[]; hostname?: string; name?: string }>;

const isV6 = (address: string) => address.includes(':');

function add(map: AddressesByMac, mac: string, address: string, extra: { hostname?: string; name?: string } = {}): void {
  const key = mac.toLowerCase();
  const entry = map.get(key) ?? { ipv4: [], ipv6: [] };
  const list = isV6(address) ? entry.ipv6 : entry.ipv4;
  if (!list.includes(address)) list.push(address);
  if (extra.hostname && !entry.hostname) entry.hostname = extra.hostname;
  if (extra.name && !entry.name) entry.name = extra.name;
  map.set(key, entry);
}

/**
 * Every DHCP lease of every active libvirt network, by MAC: one call per NETWORK, however many
 * VMs the list shows (the VM list's "no request per row" rule). A network without DHCP has none.
 */
export async function leasesByMac(ctx: LibvirtContext, opts?: CallOptions): Promise<AddressesByMac> {
  const map: AddressesByMac = new Map();
  const nets = await rpc.listAllNetworks(ctx.transport, rpc.ListFlags.ACTIVE, opts?.signal);
  const perNet = await mapLimit(nets, 8, async (n) => {
    try {
      return await rpc.networkGetDhcpLeases(ctx.transport, n, opts?.signal);
    } catch (error) {
      // Stopped or removed between the two calls: it has no leases to give.
      if (isBackendError(error, 'not_found') || isBackendError(error, 'conflict')) return [];
      throw error;
    }
  });
  for (const lease of perNet.flat()) if (lease.mac) add(map, lease.mac, lease.ipaddr, { hostname: lease.hostname });
  return map;
}

/**
 * The guest agent's own view (virDomainInterfaceAddresses, source agent): every address of every
 * interface, also static ones no DHCP server knows. undefined when the domain has no agent channel
 * or the agent does not answer (libvirt's "QEMU guest agent is not configured/connected"): the
 * caller then falls back to the leases.
 */
export async function agentAddresses(ctx: LibvirtContext, handle: DomainHandle, opts?: CallOptions): Promise<AddressesByMac | undefined> {
  let rows: rpc.DomainInterfaceRow[];
  try {
    rows = await rpc.domainInterfaceAddresses(ctx.transport, handle, rpc.InterfaceAddressSource.AGENT, opts?.signal);
  } catch (error) {
    if (isBackendError(error, 'unreachable') || isBackendError(error, 'timeout') || isBackendError(error, 'cancelled')) throw error;
    return undefined;
  }
  const map: AddressesByMac = new Map();
  for (const row of rows) {
    // The guest's loopback has no MAC worth matching (00:00:00:00:00:00) and no address worth showing.
    if (!row.hwaddr || /^(00:){5}00$/.test(row.hwaddr)) continue;
    for (const a of row.addrs) if (!isLoopbackOrLinkLocal(a.addr)) add(map, row.hwaddr, a.addr, { name: row.name });
    if (!map.has(row.hwaddr.toLowerCase())) map.set(row.hwaddr.toLowerCase(), { ipv4: [], ipv6: [], name: row.name });
  }
  return map;
}

function isLoopbackOrLinkLocal(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || /^fe80:/i.test(address);
}

/** The VM with its NICs' addresses from `byMac` (matched by MAC), IPv4 first; unchanged when none matched. */
export function withGuestAddresses(vm: Vm, byMac: AddressesByMac): Vm {
  const guestInterfaces: GuestInterface[] = [];
  let fqdn: string | undefined;
  for (const nic of vm.nics ?? []) {
    if (!nic.mac) continue;
    const found = byMac.get(nic.mac.toLowerCase());
    if (!found || (found.ipv4.length === 0 && found.ipv6.length === 0)) continue;
    guestInterfaces.push({ name: found.name ?? nic.name, mac: nic.mac, ipv4: found.ipv4, ipv6: found.ipv6 });
    fqdn ??= found.hostname;
  }
  if (guestInterfaces.length === 0) return vm;
  return {
    ...vm,
    guestInterfaces,
    ips: [...guestInterfaces.flatMap((g) => g.ipv4), ...guestInterfaces.flatMap((g) => g.ipv6)],
    ...(fqdn && !vm.fqdn ? { fqdn } : {}),
  };
}
