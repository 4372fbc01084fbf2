/**
 * The engine's network filters (NetworkFiltersService): libvirt nwfilters it knows, each with a
 * UUID id. Profiles name their filter by that id only — the API model documents
 * `<network_filter id="…"/>`, and `<network_filter/>` (no id) as "no filter"; a name alone is not
 * looked up. The ids here are stable per name so a restarted demo engine keeps them.
 */
import { createHash } from 'node:crypto';
import { badRequest } from './errors';

/** Default filter of new profiles (EnableMACAntiSpoofingFilterRules). */
export const DEFAULT_FILTER = 'vdsm-no-mac-spoofing';

const NAMES = [
  'allow-arp', 'allow-dhcp', 'allow-dhcp-server', 'allow-incoming-ipv4', 'allow-ipv4', 'clean-traffic', 'clean-traffic-gateway',
  'no-arp-ip-spoofing', 'no-arp-mac-spoofing', 'no-arp-spoofing', 'no-ip-multicast', 'no-ip-spoofing', 'no-mac-broadcast', 'no-mac-spoofing',
  'no-other-l2-traffic', 'no-other-rarp-traffic', 'qemu-announce-self', 'qemu-announce-self-rarp', DEFAULT_FILTER,
];

export const filterId = (name: string): string => {
  const h = createHash('sha256').update(`nwfilter/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

const BY_ID = new Map(NAMES.map((name) => [filterId(name), name]));

export const networkFilterNames = (): readonly string[] => NAMES;
export const networkFilterById = (id: string): string | undefined => BY_ID.get(id);

/** `network_filter` in a profile body → the filter's name, null for none; an unknown id is refused. */
export function parseNetworkFilter(raw: unknown): string | null {
  const id = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).id : undefined;
  if (id === undefined || id === null || id === '') return null;
  const name = BY_ID.get(String(id));
  if (!name) throw badRequest(`[Cannot add VM network interface profile. Network filter with id ${String(id)} does not exist.]`);
  return name;
}
