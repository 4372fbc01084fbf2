/**
 * The small common status sets every backend maps onto. Each entity also keeps
 * `nativeStatus`, the backend's own word, for display and troubleshooting.
 * Lists are `as const` arrays so filters, tests and UI legends can iterate them.
 */

export const VM_STATUSES = [
  'running',
  'stopped',
  'starting',
  'stopping',
  'paused',
  'suspending',
  'suspended',
  'migrating',
  'rebooting',
  'locked',
  'unknown',
  'error',
] as const;
export type VmStatus = (typeof VM_STATUSES)[number];

export const HOST_STATUSES = [
  'up',
  'down',
  'maintenance',
  'installing',
  'non_responsive',
  'non_operational',
  'transitioning',
  'error',
  'unknown',
] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export const DATA_CENTER_STATUSES = ['up', 'uninitialized', 'maintenance', 'problem', 'transitioning', 'unknown'] as const;
export type DataCenterStatus = (typeof DATA_CENTER_STATUSES)[number];

export const STORAGE_DOMAIN_STATUSES = [
  'active',
  'inactive',
  'maintenance',
  'unattached',
  'locked',
  'transitioning',
  'error',
  'unknown',
] as const;
export type StorageDomainStatus = (typeof STORAGE_DOMAIN_STATUSES)[number];

export const DISK_STATUSES = ['ok', 'locked', 'error', 'unknown'] as const;
export type DiskStatus = (typeof DISK_STATUSES)[number];

export const TEMPLATE_STATUSES = ['ok', 'locked', 'error', 'unknown'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export const SNAPSHOT_STATUSES = ['ok', 'locked', 'in_preview', 'unknown'] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];

export const VOLUME_STATUSES = ['available', 'in_use', 'creating', 'deleting', 'busy', 'error', 'unknown'] as const;
export type VolumeStatus = (typeof VOLUME_STATUSES)[number];
/**
 * What a volume is doing, or which step failed: finer than VolumeStatus, in our words. The adapter
 * maps its service's status word onto one (the word itself stays in `nativeStatus`, for display).
 */
export const VOLUME_STATES = [
  'available',
  'in_use',
  'reserved',
  'maintenance',
  'awaiting_transfer',
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
  'error',
  'delete_failed',
  'extend_failed',
  'restore_failed',
  'backup_failed',
  'unknown',
] as const;
export type VolumeState = (typeof VOLUME_STATES)[number];
/** The states a volume list can be narrowed to on the server (each is one status on the block-storage service). */
export const VOLUME_FILTER_STATUSES = ['available', 'in_use', 'creating', 'deleting', 'error'] as const satisfies readonly VolumeStatus[];

export const NETWORK_STATUSES = ['operational', 'non_operational', 'unknown'] as const;
export type NetworkStatus = (typeof NETWORK_STATUSES)[number];

export const TASK_STATUSES = ['running', 'finished', 'failed', 'aborted', 'unknown'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const EVENT_SEVERITIES = ['info', 'warning', 'error', 'alert'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

/** True when `severity` is at least as serious as `min`. */
export function severityAtLeast(severity: EventSeverity, min: EventSeverity): boolean {
  return EVENT_SEVERITIES.indexOf(severity) >= EVENT_SEVERITIES.indexOf(min);
}

/** Statuses in which the object is busy and will change on its own: poll faster. */
export const VM_TRANSIENT_STATUSES: readonly VmStatus[] = [
  'starting',
  'stopping',
  'suspending',
  'migrating',
  'rebooting',
  'locked',
];
export const TASK_DONE_STATUSES: readonly TaskStatus[] = ['finished', 'failed', 'aborted'];
