import type { Entity, Ref } from './ids';
import type { NetworkUsage, VirtualNetworkInfo } from './networks';
import type { DataCenterStatus, HostStatus, NetworkStatus } from './status';

export interface DataCenter extends Entity {
  description?: string;
  status: DataCenterStatus;
  nativeStatus: string;
  /** Local storage data center: one host, storage on that host's disks. */
  local: boolean;
  /** Compatibility version, e.g. "4.7". */
  version?: string;
}

export interface Cluster extends Entity {
  description?: string;
  /**
   * Clusters that span connections (libvirt: one connection per host, named
   * together by `cluster=` in their URIs): every cluster with the same group
   * name is ONE cluster in the pages. Absent: the cluster is its connection's own (oVirt).
   */
  group?: string;
  dataCenter?: Ref;
  cpuArchitecture?: string;
  cpuType?: string;
  version?: string;
  /** oVirt: the cluster runs VMs. Absent: the backend has no such switch. */
  virtService?: boolean;
  /** oVirt: the cluster's hosts serve Gluster volumes. */
  glusterService?: boolean;
}

export interface HostCpu {
  model?: string;
  speedMhz?: number;
  sockets?: number;
  cores?: number;
  threads?: number;
}

/**
 * What the host itself measures (oVirt host statistics), as opposed to what
 * the scheduler has promised to VMs. Absent when the backend reports nothing.
 */
export interface HostUsage {
  /** Busy share of all the host's logical CPUs, 0-100 (user + system time). */
  cpuPercent?: number;
  memoryUsedBytes?: number;
  memoryFreeBytes?: number;
}

/**
 * A host deployed with the hosted-engine HA services (oVirt): it may run the engine's own VM.
 * The HA agent scores each host (the highest-scored host runs the engine VM; 0 = it will not).
 */
export interface HostedEngineState {
  /** The HA agent answers (it runs on this host). */
  active?: boolean;
  score?: number;
  /** One flag for the whole HA cluster: the agents neither start, stop nor move the engine VM. */
  globalMaintenance?: boolean;
  /** This host only: its agent gives it score 0, so the engine VM will not run here. */
  localMaintenance?: boolean;
}

export interface Host extends Entity {
  description?: string;
  status: HostStatus;
  nativeStatus: string;
  address?: string;
  cluster?: Ref;
  cpu?: HostCpu;
  memoryBytes?: number;
  /** Memory the scheduler may still hand out to VMs. */
  maxSchedulingMemoryBytes?: number;
  vmsActive?: number;
  vmsMigrating?: number;
  vmsTotal?: number;
  /** oVirt Storage Pool Manager of its data center. */
  spm?: boolean;
  usage?: HostUsage;
  /** Set only for hosts deployed with the hosted-engine services. */
  hostedEngine?: HostedEngineState;
}

export interface Network extends Entity {
  description?: string;
  status: NetworkStatus;
  nativeStatus?: string;
  dataCenter?: Ref;
  vlanId?: number;
  mtu?: number;
  /** Carries VM traffic (as opposed to management/storage only). */
  vmNetwork?: boolean;
  /** What the network is for across the data center (oVirt `usages`); per-cluster roles are in ClusterNetwork. */
  usages?: NetworkUsage[];
  /** Hosts must carry it, else they go non-operational (the data center's default for new cluster attachments). */
  required?: boolean;
  stp?: boolean;
  /** VMs on it cannot reach each other (oVirt 4.4.3+, set at creation only). */
  portIsolation?: boolean;
  /** DNS servers pushed to hosts that carry it. */
  dnsServers?: string[];
  /** Host network QoS on the hosts that carry it (oVirt). */
  qos?: Ref;
  /** libvirt virtual networks: how traffic leaves the host, the bridge and the DHCP range. */
  virtual?: VirtualNetworkInfo;
}
