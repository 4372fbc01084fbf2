/**
 * Network operations as optional Backend methods (declared by module augmentation so the shared
 * Backend interface stays one list). Three capabilities promise them (capabilities.ts):
 * networkManagement (oVirt logical networks, cluster roles, vNIC profiles), hostNetworking
 * (oVirt host NICs and setup networks) and virtualNetworks (libvirt).
 */
import type {
  ClusterNetwork, DhcpRange, NetworkBandwidth, NetworkQos, NetworkQosInput, HostNetworkSetup, HostNic, Network, NetworkAttachment, NetworkLease, NetworkUsage, QualifiedId,
  VirtualNetworkInput, VnicProfile,
} from '@/lib/domain';
import type { CallOptions } from './types';

export interface NetworkInput {
  dataCenterId: QualifiedId;
  name: string;
  description?: string;
  /** Absent: untagged. */
  vlanId?: number;
  /** Absent or 0: the default (1500). */
  mtu?: number;
  vmNetwork: boolean;
  portIsolation?: boolean;
  dnsServers?: string[];
  /** A host network QoS of the data center. */
  qosId?: QualifiedId;
}

/** `vlanId: null` removes the tag; port isolation cannot change after creation (the engine's rule). */
export interface NetworkUpdate {
  name?: string;
  description?: string;
  vlanId?: number | null;
  mtu?: number;
  vmNetwork?: boolean;
  dnsServers?: string[];
  /** null takes the host network QoS away. */
  qosId?: QualifiedId | null;
}

export interface ClusterNetworkRoles {
  required: boolean;
  usages: NetworkUsage[];
}

export interface VnicProfileInput {
  networkId: QualifiedId;
  name: string;
  description?: string;
  /** null = no filter; undefined = the engine's default. */
  networkFilter?: string | null;
  portMirroring?: boolean;
  passThrough?: boolean;
  /** A network QoS of the data center; null takes it away. */
  qosId?: QualifiedId | null;
}

export type VnicProfileUpdate = Partial<Omit<VnicProfileInput, 'networkId'>>;

declare module './types' {
  interface Backend {
    // networkManagement
    createNetwork?(input: NetworkInput, opts?: CallOptions): Promise<Network>;
    updateNetwork?(id: QualifiedId, patch: NetworkUpdate, opts?: CallOptions): Promise<Network>;
    /** oVirt: refused for the management network and networks VMs use; libvirt: refused while a running domain uses it. */
    removeNetwork?(id: QualifiedId, opts?: CallOptions): Promise<void>;
    listClusterNetworks?(clusterId: QualifiedId, opts?: CallOptions): Promise<ClusterNetwork[]>;
    attachClusterNetwork?(clusterId: QualifiedId, networkId: QualifiedId, roles: ClusterNetworkRoles, opts?: CallOptions): Promise<ClusterNetwork>;
    updateClusterNetwork?(clusterId: QualifiedId, networkId: QualifiedId, roles: ClusterNetworkRoles, opts?: CallOptions): Promise<ClusterNetwork>;
    detachClusterNetwork?(clusterId: QualifiedId, networkId: QualifiedId, opts?: CallOptions): Promise<void>;
    createVnicProfile?(input: VnicProfileInput, opts?: CallOptions): Promise<VnicProfile>;
    updateVnicProfile?(id: QualifiedId, patch: VnicProfileUpdate, opts?: CallOptions): Promise<VnicProfile>;
    removeVnicProfile?(id: QualifiedId, opts?: CallOptions): Promise<void>;
    /** A data center's network and host network QoS entries. */
    listNetworkQos?(dataCenterId: QualifiedId, opts?: CallOptions): Promise<NetworkQos[]>;
    createNetworkQos?(dataCenterId: QualifiedId, input: NetworkQosInput, opts?: CallOptions): Promise<NetworkQos>;
    /** Profiles and networks using it lose it (the engine's rule). */
    removeNetworkQos?(dataCenterId: QualifiedId, id: QualifiedId, opts?: CallOptions): Promise<void>;
    // hostNetworking
    listHostNics?(hostId: QualifiedId, opts?: CallOptions): Promise<HostNic[]>;
    listHostNetworkAttachments?(hostId: QualifiedId, opts?: CallOptions): Promise<NetworkAttachment[]>;
    /** One request: everything applies or nothing does. */
    setupHostNetworks?(hostId: QualifiedId, setup: HostNetworkSetup, opts?: CallOptions): Promise<void>;
    // virtualNetworks
    createVirtualNetwork?(input: VirtualNetworkInput, opts?: CallOptions): Promise<Network>;
    startNetwork?(id: QualifiedId, opts?: CallOptions): Promise<void>;
    stopNetwork?(id: QualifiedId, opts?: CallOptions): Promise<void>;
    setNetworkAutostart?(id: QualifiedId, autostart: boolean, opts?: CallOptions): Promise<void>;
    setNetworkDhcpRange?(id: QualifiedId, range: DhcpRange | null, opts?: CallOptions): Promise<void>;
    /** Redefines the network's bandwidth (applies from its next start); null removes it. */
    setNetworkBandwidth?(id: QualifiedId, bandwidth: NetworkBandwidth | null, opts?: CallOptions): Promise<void>;
    listNetworkLeases?(id: QualifiedId, opts?: CallOptions): Promise<NetworkLease[]>;
  }
}
