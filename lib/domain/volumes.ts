import type { Entity, NativeId, QualifiedId, Ref } from './ids';
import type { VolumeState } from './status';

/**
 * Block-storage volume management (Cinder): the inputs and read models beyond
 * the Volume itself. Provider-neutral words; the adapter maps its API onto them.
 */

/** Where a new volume's bytes come from. Only one source at a time. */
export type VolumeSource =
  | { kind: 'blank' }
  /** An image id: the storage backend clones it (no bytes pass through us), the volume is bootable. */
  | { kind: 'image'; imageId: string }
  | { kind: 'snapshot'; snapshotId: QualifiedId }
  | { kind: 'volume'; volumeId: QualifiedId };

export interface VolumeCreateInput {
  name: string;
  description?: string;
  /** Whole GiB. */
  sizeGiB: number;
  volumeType?: string;
  availabilityZone?: string;
  source: VolumeSource;
}

export const VOLUME_SNAPSHOT_STATUSES = ['available', 'creating', 'deleting', 'busy', 'error', 'unknown'] as const;
export type VolumeSnapshotStatus = (typeof VOLUME_SNAPSHOT_STATUSES)[number];

export interface VolumeSnapshot extends Entity {
  description?: string;
  status: VolumeSnapshotStatus;
  nativeStatus: string;
  volume: Ref;
  sizeBytes: number;
  createdAt?: Date;
}

export interface VolumeType {
  /** The native id (types are chosen by name or id when creating). */
  id: NativeId;
  name: string;
  description?: string;
  isPublic?: boolean;
}

/** One storage back end pool (admin only on Cinder). */
export interface VolumePool {
  name: string;
  backendName?: string;
  storageProtocol?: string;
  vendorName?: string;
  /** undefined when the driver reports "unknown" or "infinite". */
  totalBytes?: number;
  freeBytes?: number;
  allocatedBytes?: number;
  thinProvisioning?: boolean;
}

/** A used/allowed pair; `limit` undefined = unlimited (-1 on Cinder). */
export interface QuotaUsage {
  used: number;
  limit?: number;
}

export interface VolumeLimits {
  volumes: QuotaUsage;
  gigabytes: QuotaUsage;
  snapshots: QuotaUsage;
  backups?: QuotaUsage;
}

/** How a retype may move the data: `never` refuses a type on another back end; `on-demand` migrates. */
export const VOLUME_MIGRATION_POLICIES = ['never', 'on-demand'] as const;
export type VolumeMigrationPolicy = (typeof VOLUME_MIGRATION_POLICIES)[number];

/**
 * What the storage service recorded when an asynchronous request failed after it was
 * accepted (Cinder's user messages): why a volume ended in error, why a retype did nothing.
 */
export interface VolumeMessage {
  id: string;
  /** The service's own sentence, e.g. "schedule allocate volume: Could not find any available weighted backend." */
  text: string;
  level: string;
  createdAt?: Date;
}

/** Features that exist only from some API version on: shown or hidden (with the reason) by the UI. */
export interface VolumeFeatures {
  /** The API version in use (negotiated), e.g. "3.59". */
  apiVersion: string;
  /** The server's maximum, e.g. "3.70". */
  serverMaxVersion: string;
  revertToSnapshot: boolean;
  /** Exact totals in list answers. */
  countTotals: boolean;
  /** The pools of the storage back ends (admin only). */
  pools: boolean;
  /** The service's messages about failed requests (listVolumeMessages). */
  messages: boolean;
  /** Which version each missing feature needs, for the "why hidden" text. */
  requires: Partial<Record<'revertToSnapshot' | 'countTotals' | 'messages', string>>;
}

/** States in which a volume changes on its own: follow it until it settles. */
export const VOLUME_MOVING_STATES: ReadonlySet<VolumeState> = new Set<VolumeState>([
  'creating',
  'attaching',
  'detaching',
  'deleting',
  'extending',
  'downloading',
  'uploading',
  'retyping',
  'backing_up',
  'restoring_backup',
  'reverting',
  'reserved',
  'maintenance',
  'awaiting_transfer',
]);

export function isVolumeMoving(state: VolumeState): boolean {
  return VOLUME_MOVING_STATES.has(state);
}

/** The states of a volume whose last request failed, each with its own explanation. */
export const VOLUME_FAILED_STATES = ['error', 'delete_failed', 'extend_failed', 'restore_failed', 'backup_failed'] as const satisfies readonly VolumeState[];

export function isVolumeFailed(state: VolumeState): boolean {
  return (VOLUME_FAILED_STATES as readonly VolumeState[]).includes(state);
}

/** A snapshot being made, removed or used (a revert): follow it until it settles. */
export function isSnapshotMoving(status: VolumeSnapshotStatus): boolean {
  return status === 'creating' || status === 'deleting' || status === 'busy';
}

/**
 * What a compute host tells the block storage service about itself when it asks for a volume
 * (os-brick's "connector"): the storage service grants access to exactly this host.
 */
export interface VolumeConnector {
  /** The host's name as the storage service records it in the attachment. */
  host: string;
  ip: string;
  /** The host's iSCSI initiator name (IQN), used by iSCSI back ends to grant the LUN. */
  initiator: string;
}

/**
 * How a compute host reaches one volume, as the storage service described it for a connector.
 * Secrets (CHAP passwords) stay on the server: they go to the hypervisor, never to a browser.
 */
export type VolumeConnection =
  | {
      protocol: 'rbd';
      /** pool/image, e.g. "volumes/volume-<id>". */
      name: string;
      monitors: Array<{ host: string; port: number }>;
      /** The cephx user and, when the storage service names one, the hypervisor's secret holding its key. */
      auth?: { username: string; secretUuid?: string };
      discard: boolean;
    }
  | {
      protocol: 'iscsi';
      portal: { host: string; port: number };
      iqn: string;
      lun: number;
      chap?: { username: string; password: string };
      discard: boolean;
    }
  /** A transport the hypervisor adapters cannot plug (fibre channel, NFS, LVM on the host…), by its own name. */
  | { protocol: 'unsupported'; driverType: string };

/** A volume reserved for one VM, with how its host reaches it. */
export interface VolumeAttachmentGrant {
  attachmentId: string;
  connection: VolumeConnection;
}

/** An image of the image service (Glance) beside the volumes, to make bootable volumes from. */
export interface VolumeImage {
  /** The image service's id (what a volume's image source names). */
  id: string;
  name: string;
  /** queued, saving, active, killed, deleted, pending_delete, deactivated, uploading, importing */
  status: string;
  sizeBytes?: number;
  diskFormat?: string;
  containerFormat?: string;
  visibility?: string;
  owner?: string;
}
