/**
 * Networking, provider-neutral: logical networks and their roles in clusters, vNIC profiles
 * (what a VM NIC plugs into), a host's NICs (bonds, VLAN children, addresses) and the network
 * attachments that put a logical network on one of them. libvirt virtual networks reuse
 * Network with `virtual` set; their DHCP leases are NetworkLease.
 */
import type { QualifiedId, Ref } from './ids';

/** Roles a network plays: oVirt's `usages`. A network without `vm` carries no VM NICs. */
export const NETWORK_USAGES = ['vm', 'display', 'migration', 'management', 'gluster', 'default_route'] as const;
export type NetworkUsage = (typeof NETWORK_USAGES)[number];

/** A logical network attached to one cluster, with its roles there. */
export interface ClusterNetwork {
  network: Ref;
  cluster: Ref;
  /** Hosts of the cluster without it become non-operational. */
  required: boolean;
  /** Roles in this cluster (display, migration, management, gluster, default_route; vm comes from the network). */
  usages: NetworkUsage[];
}

export interface VnicProfile {
  id: QualifiedId;
  name: string;
  description?: string;
  network?: Ref;
  dataCenter?: Ref;
  /** Traffic filter name; null = none at all; undefined = the engine's default (vdsm-no-mac-spoofing). */
  networkFilter?: string | null;
  portMirroring?: boolean;
  /** SR-IOV passthrough: the NIC gets a virtual function, no filter or mirroring. */
  passThrough?: boolean;
  qos?: Ref;
}

/**
 * A data center's network QoS entry (oVirt /datacenters/{id}/qoss). `network`: a vNIC profile's
 * limits per direction (average and peak in Mbps, burst in MB, all three or none);
 * `hostnetwork`: a logical network's outbound share on the hosts (link share is a weight,
 * upper limit and real time in Mbps).
 */
export const QOS_TYPES = ['network', 'hostnetwork'] as const;
export type QosType = (typeof QOS_TYPES)[number];
export interface QosRate {
  average: number;
  peak: number;
  burst: number;
}
export interface NetworkQos {
  id: QualifiedId;
  name: string;
  description?: string;
  type: QosType;
  dataCenter?: Ref;
  inbound?: QosRate;
  outbound?: QosRate;
  linkShare?: number;
  upperLimitMbps?: number;
  realTimeMbps?: number;
}
/** As asked for: a direction may be partly given (the engine refuses that, in its words). */
export type NetworkQosInput = Omit<NetworkQos, 'id' | 'dataCenter' | 'inbound' | 'outbound'> & { inbound?: Partial<QosRate>; outbound?: Partial<QosRate> };

export const BOOT_PROTOCOLS = ['none', 'dhcp', 'static', 'autoconf', 'poly_dhcp_autoconf'] as const;
export type BootProtocol = (typeof BOOT_PROTOCOLS)[number];

/** How an interface gets its address, as reported or as asked for. */
export interface IpConfig {
  bootProtocol: BootProtocol;
  address?: string;
  /** IPv4 dotted netmask or a prefix length ("24"). */
  netmask?: string;
  gateway?: string;
}

export interface HostNicBond {
  /** Bonding mode number as a string ("1", "4"…), absent when only custom options are given. */
  mode?: string;
  /** All bonding options, mode included ("miimon": "100"). */
  options: Record<string, string>;
  /** Names of the NICs enslaved to it. */
  slaves: string[];
  activeSlave?: string;
}

export interface HostNic {
  id: QualifiedId;
  name: string;
  mac?: string;
  speedMbps?: number;
  /** Link state. */
  linkUp?: boolean;
  mtu?: number;
  /** Set when this NIC is a bond. */
  bond?: HostNicBond;
  /** The bond this NIC belongs to. */
  bondedTo?: string;
  /** Set when this NIC is a VLAN device: its tag and the NIC it rides on. */
  vlan?: { id: number; baseName?: string };
  ipv4?: IpConfig;
  ipv6?: IpConfig;
  /** The logical network configured directly on it (an untagged one), as the host reports. */
  network?: Ref;
}

/** One logical network on one host NIC (or bond). */
export interface NetworkAttachment {
  id: QualifiedId;
  network: Ref;
  /** The NIC or bond it is on (by name: that is how setup refers to it). */
  nicName: string;
  nic?: Ref;
  ipv4?: IpConfig;
  ipv6?: IpConfig;
  /** False when the host carries something else than the network's definition (VLAN, MTU…). */
  inSync: boolean;
  /** What differs, e.g. "vlan: host 10, engine 20". */
  outOfSync?: string[];
}

/**
 * "Setup host networks": ONE edit, sent as one request, all of it applied or nothing.
 * Bonds and NICs are named; attachments are found by id (existing) or network (new).
 */
export interface HostNetworkSetup {
  /** Bonds created or changed (mode, options, slaves). */
  modifiedBonds: { name: string; mode?: string; options?: Record<string, string>; slaves: string[] }[];
  removedBonds: string[];
  modifiedAttachments: { id?: QualifiedId; networkId: QualifiedId; nicName: string; ipv4?: IpConfig; ipv6?: IpConfig }[];
  /** Attachment ids. */
  removedAttachments: QualifiedId[];
  /** Attachment ids to bring back to the network's definition. */
  synchronizedAttachments: QualifiedId[];
  /** Roll back if the host loses the engine. */
  checkConnectivity: boolean;
  connectivityTimeoutSeconds?: number;
  /** Persist at once, so a host reboot keeps it. */
  commitOnSuccess: boolean;
}

// ---------------------------------------------------------------- libvirt virtual networks

/** `open`: routed like `route` but libvirt adds no firewall rules (the host's own firewall decides). */
export const VIRTUAL_NETWORK_MODES = ['nat', 'route', 'open', 'isolated', 'bridge'] as const;
export type VirtualNetworkMode = (typeof VIRTUAL_NETWORK_MODES)[number];

export interface DhcpRange {
  start: string;
  end: string;
}

/**
 * libvirt's <bandwidth> on a virtual network (all guests' traffic through its bridge together), in
 * libvirt's own units: average and peak in KiB/s, burst in KiB. Only average is required.
 */
export interface BandwidthRate {
  average: number;
  peak?: number;
  burst?: number;
}
export interface NetworkBandwidth {
  /** Into the network (towards the guests). */
  inbound?: BandwidthRate;
  /** Out of the network (from the guests). */
  outbound?: BandwidthRate;
}

export interface VirtualNetworkInfo {
  mode: VirtualNetworkMode;
  /** The bridge libvirt made (nat/route/isolated) or the host bridge it uses (bridge). */
  bridge?: string;
  /** Host interface traffic leaves through (route, nat with dev=…). */
  forwardDev?: string;
  ipv4?: { address: string; prefix: number; dhcp?: DhcpRange };
  autostart?: boolean;
  persistent?: boolean;
  /** What the network runs with (a stopped one: its definition). */
  bandwidth?: NetworkBandwidth;
  /** Set when the definition was changed while it runs: what it gets at its next start (null: no limit). */
  bandwidthOnStart?: NetworkBandwidth | null;
}

export interface VirtualNetworkInput {
  name: string;
  mode: VirtualNetworkMode;
  /** nat/route/open/isolated: the host's address on the network and its prefix. */
  ipv4?: { address: string; prefix: number; dhcp?: DhcpRange };
  /** bridge: an existing host bridge; route: optional outgoing device. */
  bridge?: string;
  forwardDev?: string;
  autostart?: boolean;
  bandwidth?: NetworkBandwidth;
}

export interface NetworkLease {
  mac: string;
  ipAddress: string;
  prefix: number;
  hostname?: string;
  clientId?: string;
  expiresAt?: Date;
  /** The VM whose NIC has this MAC, when known. */
  vm?: Ref;
}
