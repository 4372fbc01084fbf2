/**
 * What the inventory service hands to pages, the polling route handler and the
 * client tables. Types only (safe in the browser); the service that fills them
 * is lib/services/inventory.ts.
 */
import type { BackendKind, ClientError } from '@/lib/backends';
import type {
  DataCenterStatus,
  Event,
  HostStatus,
  StorageDomainKind,
  Task,
  VmStatus,
} from '@/lib/domain';

/** The part of a connection every inventory page shows next to its rows. */
export interface ConnectionInfo {
  id: string;
  name: string;
  kind: BackendKind;
  /** The demo engine: the UI marks its rows "simulated". */
  simulated: boolean;
}

/** One connection that could not answer, and why (its own words in `error.detail`). */
export interface ConnectionFailure {
  connectionId: string;
  connectionName: string;
  error: ClientError;
  /** Set when the rows shown for this connection are its last answer, from then (epoch ms). */
  asOf?: number;
  /** Set when the connection has not answered YET: the read goes on and the list polls again soon. */
  pending?: boolean;
}

/**
 * One page of a list read from every enabled connection that can provide it.
 * A connection that failed is in `failures`; the others' rows are still here.
 */
export interface AcrossResult<T> {
  items: T[];
  /** True when at least one connection has another page. */
  hasMore: boolean;
  page: number;
  pageSize: number;
  failures: ConnectionFailure[];
  /** Every enabled connection (for names, the "simulated" badge and the connection filter). */
  connections: ConnectionInfo[];
  /** Ids of the connections that were asked (enabled, narrowed, and with the capability). */
  askedConnectionIds: string[];
  /** Epoch ms when the answer was assembled. */
  fetchedAt: number;
}

/** A VM as the list shows it: no embedded disks, so a 500-row page stays small on the wire. */
export interface VmRow {
  id: string;
  nativeId: string;
  connectionId: string;
  name: string;
  /** The management engine's own VM (oVirt hosted engine). */
  hostedEngine?: boolean;
  description?: string;
  status: VmStatus;
  nativeStatus: string;
  hostName?: string;
  clusterName?: string;
  memoryBytes?: number;
  vcpus?: number;
  fqdn?: string;
  /** Guest addresses, when the backend reports them. */
  ips: string[];
}

export interface HostRow {
  id: string;
  nativeId: string;
  connectionId: string;
  name: string;
  status: HostStatus;
  nativeStatus: string;
  address?: string;
  clusterName?: string;
  cpuModel?: string;
  /** sockets × cores × threads. */
  logicalCpus?: number;
  memoryBytes?: number;
  /** Memory the scheduler has promised (host memory minus what it may still hand out). */
  memoryCommittedBytes?: number;
  /** vCPUs of the VMs running on this host; absent when not every VM could be counted. */
  vcpusAllocated?: number;
  vmsActive?: number;
  vmsMigrating?: number;
  vmsTotal?: number;
  spm?: boolean;
  /** Deployed with the hosted-engine HA services: the agent's view of this host. */
  hostedEngine?: { score?: number; active?: boolean; localMaintenance?: boolean; globalMaintenance?: boolean };
}

/** Counts capped by a bounded read: `truncated` says the real number is higher. */
export interface Tally<S extends string = string> {
  total: number;
  byStatus: Partial<Record<S, number>>;
  truncated: boolean;
}

/** CPU or memory of the hosts that are up (lib/inventory/capacity.ts). */
export interface ComputeCapacity {
  /** Logical CPUs, or bytes of memory. */
  total: number;
  /** Given to running VMs (vCPUs, memory): allocation, which may exceed total (overcommit). */
  committed: number;
  /** Measured by the hosts (busy CPUs, used memory); absent unless every up host reported it. */
  used?: number;
}

/** One reachable connection on the overview. */
export interface ConnectionOverview {
  connection: ConnectionInfo;
  dataCenters?: Tally<DataCenterStatus>;
  clusters?: Tally;
  hosts?: Tally<HostStatus>;
  vms?: Tally<VmStatus>;
  /** Logical CPUs of hosts that are up: busy (measured) and given to running VMs. */
  cpu?: ComputeCapacity;
  /** Memory of hosts that are up: used (measured) and given to running VMs. */
  memory?: ComputeCapacity;
  /** Data domains only (ISO and export domains hold no VM disks). */
  storage?: {
    domains: number;
    usedBytes: number;
    availableBytes: number;
    committedBytes: number;
    totalBytes: number;
    truncated: boolean;
  };
  /** Storage domains by kind (data, iso, export …). */
  storageKinds?: Partial<Record<StorageDomainKind, number>>;
}

export interface OverviewSummary {
  connections: ConnectionInfo[];
  reachable: ConnectionOverview[];
  /** Connections whose inventory could not be read, with the reason. */
  unreachable: ConnectionFailure[];
  /** Newest first, across connections. */
  events: Event[];
  eventFailures: ConnectionFailure[];
  runningTasks: Task[];
  taskFailures: ConnectionFailure[];
  fetchedAt: number;
}
