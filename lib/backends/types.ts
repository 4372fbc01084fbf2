import type {
  Cluster,
  ConsoleEndpoint,
  ConsoleProtocol,
  DataCenter,
  Disk,
  Event,
  EventSeverity,
  Host,
  ListQuery,
  Network,
  Page,
  QualifiedId,
  Snapshot,
  StorageDomain,
  Task,
  Template,
  Vm,
  VmPowerAction,
  Volume,
} from '@/lib/domain';

export type BackendKind = 'ovirt' | 'libvirt' | 'cinder';

/** Every call can be cancelled: the page navigated away, the user pressed Cancel. */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * What a mutation hands back so the UI can follow the work. `correlationId` is
 * always set (sent as oVirt's Correlation-Id); `taskId` when the backend
 * already named the job that does the work.
 */
export interface TaskRef {
  taskId?: QualifiedId;
  correlationId: string;
}

/** What "Test connection" shows. */
export interface BackendAbout {
  kind: BackendKind;
  /** e.g. "oVirt Engine". */
  product: string;
  /** e.g. "4.5.6". */
  version: string;
  vendor?: string;
  /** Who we are signed in as. */
  identity: { username: string; userId?: string };
  /** False for self-service identities: the UI then shows the user portal only. */
  isAdmin: boolean;
}

export interface Capabilities {
  dataCenters: boolean;
  clusters: boolean;
  hosts: boolean;
  /** activate / deactivate (maintenance) / fence. */
  hostPower: boolean;
  storageDomains: boolean;
  vms: boolean;
  disks: boolean;
  templates: boolean;
  snapshots: boolean;
  networks: boolean;
  migration: boolean;
  events: boolean;
  tasks: boolean;
  volumes: boolean;
  consoles: boolean;
}
export type Capability = keyof Capabilities;

export type HostFenceType = 'restart' | 'start' | 'stop' | 'status';

export interface EventQuery {
  /** Only events with a greater index (poll with the last index seen). */
  sinceIndex?: number;
  max: number;
  /** Minimum severity. */
  severity?: EventSeverity;
}

export interface EventList {
  /** Newest first. */
  items: Event[];
  /** The greatest index returned (or `sinceIndex` when nothing is new): pass it back as `sinceIndex`. */
  lastIndex?: number;
}

/**
 * ONE contract for every backend (the unjs/unstorage driver idea): required
 * basics plus optional methods that exist exactly when the matching capability
 * is true (checked by the shared contract suite, test/contract). A libvirt host
 * has no data centers; Cinder has only volumes. All ids are qualified ids.
 */
export interface Backend {
  readonly id: string;
  readonly kind: BackendKind;
  readonly name: string;
  readonly capabilities: Readonly<Capabilities>;

  about(opts?: CallOptions): Promise<BackendAbout>;
  /** Frees sockets and signs out. The backend must not be used afterwards. */
  close(): Promise<void>;

  // dataCenters
  listDataCenters?(query: ListQuery, opts?: CallOptions): Promise<Page<DataCenter>>;
  getDataCenter?(id: QualifiedId, opts?: CallOptions): Promise<DataCenter>;
  // clusters
  listClusters?(query: ListQuery, opts?: CallOptions): Promise<Page<Cluster>>;
  getCluster?(id: QualifiedId, opts?: CallOptions): Promise<Cluster>;
  // hosts
  listHosts?(query: ListQuery, opts?: CallOptions): Promise<Page<Host>>;
  getHost?(id: QualifiedId, opts?: CallOptions): Promise<Host>;
  // hostPower
  hostActivate?(id: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  /** Moves the host to maintenance (its VMs migrate away). */
  hostDeactivate?(id: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
  hostFence?(id: QualifiedId, fenceType: HostFenceType, opts?: CallOptions): Promise<TaskRef>;
  // storageDomains
  listStorageDomains?(query: ListQuery, opts?: CallOptions): Promise<Page<StorageDomain>>;
  getStorageDomain?(id: QualifiedId, opts?: CallOptions): Promise<StorageDomain>;
  // vms
  /** Disks and NICs are embedded: one page costs a fixed number of requests. */
  listVms?(query: ListQuery, opts?: CallOptions): Promise<Page<Vm>>;
  getVm?(id: QualifiedId, opts?: CallOptions): Promise<Vm>;
  vmAction?(id: QualifiedId, action: VmPowerAction, opts?: CallOptions): Promise<TaskRef>;
  // migration
  migrateVm?(id: QualifiedId, target: { hostId?: QualifiedId }, opts?: CallOptions): Promise<TaskRef>;
  // disks
  listDisks?(query: ListQuery, opts?: CallOptions): Promise<Page<Disk>>;
  getDisk?(id: QualifiedId, opts?: CallOptions): Promise<Disk>;
  // templates
  listTemplates?(query: ListQuery, opts?: CallOptions): Promise<Page<Template>>;
  getTemplate?(id: QualifiedId, opts?: CallOptions): Promise<Template>;
  // snapshots (few per VM: not paged)
  listSnapshots?(vmId: QualifiedId, opts?: CallOptions): Promise<Snapshot[]>;
  // networks
  listNetworks?(query: ListQuery, opts?: CallOptions): Promise<Page<Network>>;
  getNetwork?(id: QualifiedId, opts?: CallOptions): Promise<Network>;
  // volumes
  listVolumes?(query: ListQuery, opts?: CallOptions): Promise<Page<Volume>>;
  getVolume?(id: QualifiedId, opts?: CallOptions): Promise<Volume>;
  // events
  listEvents?(query: EventQuery, opts?: CallOptions): Promise<EventList>;
  // tasks
  listTasks?(query: ListQuery, opts?: CallOptions): Promise<Page<Task>>;
  getTask?(id: QualifiedId, opts?: CallOptions): Promise<Task>;
  /** Resolves a TaskRef (by task id, else by correlation id); undefined while no job is known yet. */
  findTask?(ref: TaskRef, opts?: CallOptions): Promise<Task | undefined>;
  // consoles
  /** Issues a fresh one-time password (ticket) each call. */
  getConsoleEndpoint?(
    vmId: QualifiedId,
    opts?: CallOptions & { protocol?: ConsoleProtocol },
  ): Promise<ConsoleEndpoint>;
}
