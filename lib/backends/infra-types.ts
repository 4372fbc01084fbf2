/**
 * Infrastructure write operations (the oVirt runbook: data centers, clusters, hosts, storage
 * domains, disk uploads, export domains) as optional Backend methods. They carry no capability
 * flag of their own: a service checks that the method exists and says "not supported" otherwise.
 * Declared by module augmentation so the shared Backend interface stays one list.
 */
import type { DataCenter, Cluster, Host, QualifiedId, StorageDomain, Ref } from '@/lib/domain';
import type { CallOptions, TaskRef } from './types';

export interface DataCenterInput {
  name: string;
  description?: string;
  /** Local storage: one host, storage on that host's own disks. */
  local: boolean;
  /** Compatibility version "4.7". */
  version?: string;
}

export interface DataCenterUpdate {
  name?: string;
  description?: string;
}

export interface ClusterInput {
  name: string;
  description?: string;
  dataCenterId: QualifiedId;
  cpuType: string;
  version?: string;
}

export interface ClusterUpdate {
  name?: string;
  description?: string;
  cpuType?: string;
  /** oVirt's service switches; at least one stays on, gluster cannot go off while volumes exist. */
  virtService?: boolean;
  glusterService?: boolean;
}

export interface ClusterLevel {
  /** "4.7" */
  version: string;
  cpuTypes: { name: string; architecture?: string }[];
}

/** Root password, or the engine's own SSH public key already in the host's authorized_keys. */
export type HostAuth = { method: 'password'; password: string } | { method: 'publickey' };

export interface HostAddInput {
  name: string;
  address: string;
  clusterId: QualifiedId;
  auth: HostAuth;
  sshPort?: number;
  description?: string;
  /** Also deploy the hosted-engine HA services, so the host may run the engine VM (oVirt). */
  deployHostedEngine?: boolean;
}

export type StorageDomainPurpose = 'data' | 'iso' | 'export';

export type StorageConnection =
  | { type: 'nfs'; address: string; path: string; nfsVersion?: 'auto' | 'v3' | 'v4' | 'v4_1' | 'v4_2'; mountOptions?: string }
  | { type: 'glusterfs'; address: string; path: string; mountOptions?: string }
  | { type: 'posixfs'; path: string; vfsType: string; mountOptions?: string }
  /** LUNs the host sees after an iSCSI login. */
  | { type: 'iscsi'; lunIds: string[] }
  | { type: 'fcp'; lunIds: string[] }
  /**
   * Managed block storage (oVirt 4.3+, cinderlib): a Cinder driver and its options. The sensitive
   * ones (passwords, keyrings) are write-only: the engine keeps them and never returns them.
   */
  | { type: 'managed_block_storage'; driverOptions: DriverOption[]; driverSensitiveOptions: DriverOption[] };

export interface DriverOption {
  name: string;
  value: string;
}

export interface StorageDomainInput {
  name: string;
  description?: string;
  purpose: StorageDomainPurpose;
  /** The host that connects to the storage and formats it. */
  hostId: QualifiedId;
  connection: StorageConnection;
  /** Use LUNs that hold another domain's data (destroys it). */
  overrideLuns?: boolean;
}

export interface IscsiTarget {
  address: string;
  port: number;
  target: string;
}

export interface HostLun {
  id: string;
  kind: 'iscsi' | 'fcp';
  sizeBytes?: number;
  vendor?: string;
  product?: string;
  serial?: string;
  target?: IscsiTarget;
  /** False when a storage domain already uses it. */
  free: boolean;
  /** The storage domain using it, when the backend says. */
  usedBy?: Ref;
}

export type UploadPhase = 'initializing' | 'transferring' | 'paused' | 'finalizing' | 'finished' | 'failed' | 'cancelled' | 'unknown';

export interface DiskUploadInput {
  storageDomainId: QualifiedId;
  name: string;
  sizeBytes: number;
  contentType: 'iso' | 'data';
}

export interface UploadState {
  transferId: QualifiedId;
  diskId?: QualifiedId;
  phase: UploadPhase;
  nativePhase?: string;
  /** Bytes the backend reports it received. */
  transferredBytes?: number;
}

export interface UploadChunk {
  offset: number;
  length: number;
  totalBytes: number;
  body: AsyncIterable<Uint8Array>;
}

export interface ExportedItem {
  id: QualifiedId;
  name: string;
  kind: 'vm' | 'template';
  description?: string;
  memoryBytes?: number;
  os?: string;
  createdAt?: Date;
}

export interface ImportInput {
  kind: 'vm' | 'template';
  itemId: QualifiedId;
  clusterId: QualifiedId;
  storageDomainId: QualifiedId;
  /** New ids (and the new name), for an item whose name or id is already in use. */
  clone: boolean;
  name?: string;
}

declare module './types' {
  interface Backend {
    createDataCenter?(input: DataCenterInput, opts?: CallOptions): Promise<DataCenter>;
    updateDataCenter?(id: QualifiedId, patch: DataCenterUpdate, opts?: CallOptions): Promise<DataCenter>;
    removeDataCenter?(id: QualifiedId, options: { force: boolean }, opts?: CallOptions): Promise<void>;
    listClusterLevels?(opts?: CallOptions): Promise<ClusterLevel[]>;
    createCluster?(input: ClusterInput, opts?: CallOptions): Promise<Cluster>;
    updateCluster?(id: QualifiedId, patch: ClusterUpdate, opts?: CallOptions): Promise<Cluster>;
    removeCluster?(id: QualifiedId, opts?: CallOptions): Promise<void>;
    /** Answers at once; the host then goes installing → initializing → up (or install_failed). */
    addHost?(input: HostAddInput, opts?: CallOptions): Promise<Host>;
    removeHost?(id: QualifiedId, opts?: CallOptions): Promise<void>;
    iscsiDiscover?(hostId: QualifiedId, portal: { address: string; port: number }, opts?: CallOptions): Promise<IscsiTarget[]>;
    iscsiLogin?(hostId: QualifiedId, target: IscsiTarget & { username?: string; password?: string }, opts?: CallOptions): Promise<void>;
    listHostLuns?(hostId: QualifiedId, opts?: CallOptions): Promise<HostLun[]>;
    createStorageDomain?(input: StorageDomainInput, opts?: CallOptions): Promise<StorageDomain>;
    /** Only unattached domains; `format` wipes the storage, else it is only forgotten. */
    removeStorageDomain?(id: QualifiedId, options: { hostId: QualifiedId; format: boolean }, opts?: CallOptions): Promise<void>;
    attachStorageDomain?(id: QualifiedId, dataCenterId: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
    activateStorageDomain?(id: QualifiedId, dataCenterId: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
    /** Maintenance. */
    deactivateStorageDomain?(id: QualifiedId, dataCenterId: QualifiedId, opts?: CallOptions): Promise<TaskRef>;
    detachStorageDomain?(id: QualifiedId, dataCenterId: QualifiedId, opts?: CallOptions): Promise<void>;
    /** A new disk plus an upload session for its bytes. */
    startDiskUpload?(input: DiskUploadInput, opts?: CallOptions): Promise<UploadState>;
    getDiskUpload?(transferId: QualifiedId, opts?: CallOptions): Promise<UploadState>;
    /** Streams one byte range to the backend (never buffered whole). */
    writeDiskUpload?(transferId: QualifiedId, chunk: UploadChunk, opts?: CallOptions): Promise<void>;
    finalizeDiskUpload?(transferId: QualifiedId, opts?: CallOptions): Promise<UploadState>;
    cancelDiskUpload?(transferId: QualifiedId, opts?: CallOptions): Promise<UploadState>;
    listExportedItems?(exportDomainId: QualifiedId, opts?: CallOptions): Promise<ExportedItem[]>;
    importFromExportDomain?(exportDomainId: QualifiedId, input: ImportInput, opts?: CallOptions): Promise<TaskRef>;
  }
}
