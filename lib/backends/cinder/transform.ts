import { qualifyId, type Volume, type VolumeState, type VolumeStatus } from '@/lib/domain';
import type { QuotaUsage, VolumeLimits, VolumeMessage, VolumePool, VolumeSnapshot, VolumeSnapshotStatus, VolumeType, VolumeImage } from '@/lib/domain/volumes';
import { arr, bool, date, num, obj, str, type Json } from './json';

const GIB = 1024 ** 3;

const VOLUME_STATUS: Record<string, VolumeStatus> = {
  available: 'available',
  'in-use': 'in_use',
  creating: 'creating',
  deleting: 'deleting',
  error: 'error',
  error_deleting: 'error',
  error_extending: 'error',
  error_restoring: 'error',
  error_managing: 'error',
  error_backing_up: 'error',
};

/** Cinder's status words onto our states (both spellings of backing up: the API and the docs differ). */
const VOLUME_STATE: Record<string, VolumeState> = {
  available: 'available',
  'in-use': 'in_use',
  reserved: 'reserved',
  maintenance: 'maintenance',
  'awaiting-transfer': 'awaiting_transfer',
  creating: 'creating',
  attaching: 'attaching',
  detaching: 'detaching',
  deleting: 'deleting',
  extending: 'extending',
  downloading: 'downloading',
  uploading: 'uploading',
  retyping: 'retyping',
  'backing-up': 'backing_up',
  'restoring-backup': 'restoring_backup',
  reverting: 'reverting',
  error: 'error',
  error_deleting: 'delete_failed',
  error_extending: 'extend_failed',
  error_restoring: 'restore_failed',
  'error_backing-up': 'backup_failed',
  error_backing_up: 'backup_failed',
};

export function volumeState(native: string): VolumeState {
  // An error word Cinder adds later (error_managing…) is still an error; anything else unknown shows its own word.
  return VOLUME_STATE[native] ?? (native.startsWith('error') ? 'error' : 'unknown');
}

export function volumeStatus(native: string): VolumeStatus {
  if (VOLUME_STATUS[native]) return VOLUME_STATUS[native];
  if (native.startsWith('error')) return 'error';
  if (native === '' || native === 'unknown') return 'unknown';
  // attaching, detaching, extending, retyping, reserved, maintenance, up/downloading, backing-up, reverting…
  return 'busy';
}

/** Our common words back to Cinder's filter words (the status filter takes native words). */
export function nativeStatusFilter(status: string): string {
  return status === 'in_use' ? 'in-use' : status;
}

export function toVolume(connectionId: string, v: Json): Volume {
  const nativeId = str(v.id) ?? '';
  const nativeStatus = str(v.status) ?? 'unknown';
  const volume: Volume = {
    id: qualifyId(connectionId, nativeId),
    nativeId,
    connectionId,
    // Unnamed volumes are common (created by Nova); show the id instead of nothing.
    name: str(v.name) || nativeId,
    status: volumeStatus(nativeStatus),
    state: volumeState(nativeStatus),
    nativeStatus,
    sizeBytes: (num(v.size) ?? 0) * GIB,
    bootable: bool(v.bootable) ?? false,
    attachments: arr(v.attachments).map((a) => ({
      attachmentId: str(a.attachment_id) ?? str(a.id),
      serverId: str(a.server_id),
      hostName: str(a.host_name),
      device: str(a.device),
    })),
  };
  const description = str(v.description);
  if (description) volume.description = description;
  const multiattach = bool(v.multiattach);
  if (multiattach !== undefined) volume.multiattach = multiattach;
  const encrypted = bool(v.encrypted);
  if (encrypted !== undefined) volume.encrypted = encrypted;
  const type = str(v.volume_type);
  if (type) volume.volumeType = type;
  const zone = str(v.availability_zone);
  if (zone) volume.availabilityZone = zone;
  const created = date(v.created_at);
  if (created) volume.createdAt = created;
  const host = str(v['os-vol-host-attr:host']);
  if (host) volume.backendHost = host;
  return volume;
}

function snapshotStatus(native: string): VolumeSnapshotStatus {
  if (native === 'available' || native === 'creating' || native === 'deleting') return native;
  if (native.startsWith('error')) return 'error';
  if (native === '' || native === 'unknown') return 'unknown';
  return 'busy';
}

export function toSnapshot(connectionId: string, s: Json): VolumeSnapshot {
  const nativeId = str(s.id) ?? '';
  const nativeStatus = str(s.status) ?? 'unknown';
  const volumeId = str(s.volume_id) ?? '';
  const snapshot: VolumeSnapshot = {
    id: qualifyId(connectionId, nativeId),
    nativeId,
    connectionId,
    name: str(s.name) || nativeId,
    status: snapshotStatus(nativeStatus),
    nativeStatus,
    volume: { id: qualifyId(connectionId, volumeId || '?') },
    sizeBytes: (num(s.size) ?? 0) * GIB,
  };
  const description = str(s.description);
  if (description) snapshot.description = description;
  const created = date(s.created_at);
  if (created) snapshot.createdAt = created;
  return snapshot;
}

export function toVolumeType(t: Json): VolumeType {
  const type: VolumeType = { id: str(t.id) ?? '', name: str(t.name) ?? str(t.id) ?? '' };
  const description = str(t.description);
  if (description) type.description = description;
  const isPublic = bool(t['os-volume-type-access:is_public'] ?? t.is_public);
  if (isPublic !== undefined) type.isPublic = isPublic;
  return type;
}

/** Drivers report capacity in GiB as numbers, or the words "unknown"/"infinite". */
function gib(value: unknown): number | undefined {
  const n = num(value);
  return n === undefined ? undefined : Math.round(n * GIB);
}

export function toPool(p: Json): VolumePool {
  const caps = obj(p.capabilities) ?? {};
  const pool: VolumePool = { name: str(p.name) ?? '' };
  const backendName = str(caps.volume_backend_name);
  if (backendName) pool.backendName = backendName;
  const protocol = str(caps.storage_protocol);
  if (protocol) pool.storageProtocol = protocol;
  const vendor = str(caps.vendor_name);
  if (vendor) pool.vendorName = vendor;
  const total = gib(caps.total_capacity_gb);
  if (total !== undefined) pool.totalBytes = total;
  const free = gib(caps.free_capacity_gb);
  if (free !== undefined) pool.freeBytes = free;
  const allocated = gib(caps.allocated_capacity_gb);
  if (allocated !== undefined) pool.allocatedBytes = allocated;
  const thin = bool(caps.thin_provisioning_support);
  if (thin !== undefined) pool.thinProvisioning = thin;
  return pool;
}

/** GET /messages: `user_message` is the whole sentence ("<action>: <detail>"). */
export function toMessage(m: Json): VolumeMessage {
  const message: VolumeMessage = { id: str(m.id) ?? '', text: str(m.user_message) ?? '', level: str(m.message_level) ?? 'ERROR' };
  const created = date(m.created_at);
  if (created) message.createdAt = created;
  return message;
}

function usage(used: unknown, limit: unknown): QuotaUsage {
  const max = num(limit);
  return { used: num(used) ?? 0, ...(max !== undefined && max >= 0 ? { limit: max } : {}) };
}

/** GET /limits: `limits.absolute` holds maxTotal* and total*Used; -1 is unlimited. */
export function toLimits(body: Json | undefined): VolumeLimits {
  const a = obj(obj(body?.limits)?.absolute) ?? {};
  return {
    volumes: usage(a.totalVolumesUsed, a.maxTotalVolumes),
    gigabytes: usage(a.totalGigabytesUsed, a.maxTotalVolumeGigabytes),
    snapshots: usage(a.totalSnapshotsUsed, a.maxTotalSnapshots),
    ...(a.maxTotalBackups !== undefined ? { backups: usage(a.totalBackupsUsed, a.maxTotalBackups) } : {}),
  };
}

/** A Glance v2 image. */
export function toImage(i: Json): VolumeImage {
  return {
    id: str(i.id) ?? '',
    name: str(i.name) ?? str(i.id) ?? '',
    status: str(i.status) ?? 'unknown',
    sizeBytes: num(i.size),
    diskFormat: str(i.disk_format),
    containerFormat: str(i.container_format),
    visibility: str(i.visibility),
    owner: str(i.owner),
  };
}
