/**
 * libvirt network XML: what a virtual network says about itself (mode, bridge, address, DHCP
 * range) and the XML for a new one. Pure functions: no RPC.
 */
import type { BandwidthRate, DhcpRange, NetworkBandwidth, VirtualNetworkInfo, VirtualNetworkInput, VirtualNetworkMode } from '@/lib/domain';
import { child, children, esc, toXml, type XmlElement } from './xml';

const int = (v: string | undefined) => (v === undefined || !/^\d+$/.test(v) ? undefined : Number(v));

/** Prefix from `prefix=` or a dotted `netmask=`. */
function prefixOf(ip: XmlElement): number | undefined {
  const p = int(ip.attrs.prefix);
  if (p !== undefined) return p;
  const mask = ip.attrs.netmask;
  if (!mask) return undefined;
  return mask.split('.').reduce((n, part) => n + (Number(part) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

export function virtualInfoOf(net: XmlElement): VirtualNetworkInfo {
  const forward = child(net, 'forward');
  const fmode = forward?.attrs.mode;
  // No <forward> is an isolated network; nat/route/open keep their words; bridge/passthrough… are bridges to host devices.
  const mode: VirtualNetworkMode = !forward ? 'isolated' : fmode === 'route' ? 'route' : fmode === 'open' ? 'open' : fmode === 'nat' || fmode === undefined ? 'nat' : 'bridge';
  const info: VirtualNetworkInfo = { mode };
  const bridge = child(net, 'bridge')?.attrs.name;
  if (bridge) info.bridge = bridge;
  if (forward?.attrs.dev) info.forwardDev = forward.attrs.dev;
  const ip = children(net, 'ip').find((i) => (i.attrs.family ?? 'ipv4') === 'ipv4' && i.attrs.address);
  if (ip) {
    const range = child(ip, 'dhcp', 'range');
    info.ipv4 = {
      address: ip.attrs.address!,
      prefix: prefixOf(ip) ?? 24,
      ...(range?.attrs.start && range.attrs.end ? { dhcp: { start: range.attrs.start, end: range.attrs.end } } : {}),
    };
  }
  const bandwidth = bandwidthOf(child(net, 'bandwidth'));
  if (bandwidth) info.bandwidth = bandwidth;
  return info;
}

function rateOf(el: XmlElement | undefined): BandwidthRate | undefined {
  const average = int(el?.attrs.average);
  if (average === undefined) return undefined;
  const rate: BandwidthRate = { average };
  const peak = int(el?.attrs.peak);
  const burst = int(el?.attrs.burst);
  if (peak !== undefined) rate.peak = peak;
  if (burst !== undefined) rate.burst = burst;
  return rate;
}

function bandwidthOf(el: XmlElement | undefined): NetworkBandwidth | undefined {
  const inbound = rateOf(child(el, 'inbound'));
  const outbound = rateOf(child(el, 'outbound'));
  if (!inbound && !outbound) return undefined;
  return { ...(inbound ? { inbound } : {}), ...(outbound ? { outbound } : {}) };
}

const rateXml = (name: string, r: BandwidthRate): string =>
  `<${name} average='${r.average}'${r.peak !== undefined ? ` peak='${r.peak}'` : ''}${r.burst !== undefined ? ` burst='${r.burst}'` : ''}/>`;

/** `<bandwidth>` with the directions that are set; '' when none is. */
export function bandwidthXml(b: NetworkBandwidth | undefined): string {
  if (!b?.inbound && !b?.outbound) return '';
  return `<bandwidth>${b.inbound ? rateXml('inbound', b.inbound) : ''}${b.outbound ? rateXml('outbound', b.outbound) : ''}</bandwidth>`;
}

/** A network definition (libvirt's own XML) with its <bandwidth> replaced, or taken away when null. */
export function withBandwidth(net: XmlElement, b: NetworkBandwidth | null): string {
  const kept = { ...net, children: net.children.filter((c) => c.name !== 'bandwidth') };
  const inner = bandwidthXml(b ?? undefined);
  const xml = toXml(kept);
  return inner ? xml.replace(/<\/network>$/, `${inner}</network>`) : xml;
}

export const dhcpRangeXml = (r: DhcpRange): string => `<range start='${esc(r.start)}' end='${esc(r.end)}'/>`;

export function virtualNetworkXml(input: VirtualNetworkInput): string {
  const parts = [`<network>`, `<name>${esc(input.name)}</name>`];
  if (input.mode === 'nat') parts.push(input.forwardDev ? `<forward mode='nat' dev='${esc(input.forwardDev)}'/>` : `<forward mode='nat'/>`);
  if (input.mode === 'route') parts.push(input.forwardDev ? `<forward mode='route' dev='${esc(input.forwardDev)}'/>` : `<forward mode='route'/>`);
  if (input.mode === 'open') parts.push(`<forward mode='open'/>`);
  if (input.mode === 'bridge') {
    parts.push(`<forward mode='bridge'/>`, `<bridge name='${esc(input.bridge ?? '')}'/>`);
  } else {
    parts.push(input.bridge ? `<bridge name='${esc(input.bridge)}' stp='on' delay='0'/>` : `<bridge stp='on' delay='0'/>`);
    if (input.ipv4) {
      parts.push(`<ip address='${esc(input.ipv4.address)}' prefix='${input.ipv4.prefix}'>`);
      if (input.ipv4.dhcp) parts.push(`<dhcp>${dhcpRangeXml(input.ipv4.dhcp)}</dhcp>`);
      parts.push(`</ip>`);
    }
    // libvirt refuses network-wide bandwidth on a bridge it does not own: bridge mode never gets one.
    parts.push(bandwidthXml(input.bandwidth));
  }
  parts.push(`</network>`);
  return parts.join('');
}
