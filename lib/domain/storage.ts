import type { Entity, Ref } from './ids';
import type { DiskStatus, StorageDomainStatus, VolumeState, VolumeStatus } from './status';

export const STORAGE_DOMAIN_KINDS = ['data', 'iso', 'export', 'image', 'volume', 'managed_block', 'other'] as const;
export type StorageDomainKind = (typeof STORAGE_DOMAIN_KINDS)[number];

export const STORAGE_TYPES = [
  'nfs',
  'glusterfs',
  'iscsi',
  'fcp',
  'posixfs',
  'localfs',
  'cinder',
  'managed_block',
  'dir',
  'fs',
  'netfs',
  'logical',
  'rbd',
  'other',
] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

/** An oVirt storage domain, a libvirt storage pool, a Cinder pool: where disks live. */
export interface StorageDomain extends Entity {
  description?: string;
  kind: StorageDomainKind;
  storageType: StorageType;
  /** The backend's own type words, e.g. "managed_block_storage". */
  nativeKind?: string;
  nativeStorageType?: string;
  status: StorageDomainStatus;
  nativeStatus?: string;
  availableBytes?: number;
  usedBytes?: number;
  /** Space promised to thin disks (can exceed the total). */
  committedBytes?: number;
  totalBytes?: number;
  /** NFS server, iSCSI portal, … */
  address?: string;
  path?: string;
  master?: boolean;
  dataCenter?: Ref;
  externalStatus?: string;
}

export interface Disk extends Entity {
  description?: string;
  status: DiskStatus;
  nativeStatus?: string;
  /** The size the guest sees. */
  provisionedBytes?: number;
  /** Space taken on storage (thin disks use less). */
  actualBytes?: number;
  /** cow (qcow2) or raw, as the backend says. */
  format?: string;
  sparse?: boolean;
  contentType?: string;
  storageDomain?: Ref;
  /** The following come from the VM attachment, when read through a VM. */
  bootable?: boolean;
  interface?: string;
  active?: boolean;
  readOnly?: boolean;
}

export interface VolumeAttachment {
  attachmentId?: string;
  /** The instance or host the volume is attached to, as the backend names it. */
  serverId?: string;
  hostName?: string;
  device?: string;
}

/** A Cinder block storage volume. */
export interface Volume extends Entity {
  description?: string;
  status: VolumeStatus;
  /** What it is doing or which step failed (finer than `status`). */
  state: VolumeState;
  nativeStatus: string;
  sizeBytes: number;
  bootable: boolean;
  multiattach?: boolean;
  encrypted?: boolean;
  volumeType?: string;
  availabilityZone?: string;
  attachments: VolumeAttachment[];
  createdAt?: Date;
  /** The Cinder backend host serving it (admin only). */
  backendHost?: string;
}
