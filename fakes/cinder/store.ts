/**
 * The fake cloud's state: one Keystone with users and projects, one Cinder with
 * volumes, snapshots, types, quotas and pools. Time-driven statuses are kept as
 * "becomes X at time T" and applied lazily on every request (no timers), so a
 * test with timeScale 0.01 sees creating → available after a few milliseconds.
 */
import { randomUUID } from 'node:crypto';

export interface FakeUser {
  id: string;
  name: string;
  password: string;
  domain: string;
  /** Project name → role names. */
  roles: Record<string, string[]>;
}

export interface FakeProject {
  id: string;
  name: string;
  domain: string;
  quota: { volumes: number; gigabytes: number; snapshots: number };
  /** Other limits an admin set (backups, per-type…), by os-quota-sets key. */
  quotaExtra?: Record<string, number>;
}

export interface FakeVolume {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  status: string;
  size: number;
  bootable: boolean;
  volumeType: string;
  availabilityZone: string;
  createdAt: Date;
  updatedAt: Date | null;
  attachments: Array<{ id: string; attachment_id: string; server_id: string; host_name: string | null; device: string }>;
  multiattach: boolean;
  encrypted: boolean;
  host: string;
  imageId?: string;
  /** A copy-on-write clone of this Glance image inside Ceph (raw image, RBD back end): Glance cannot delete the image while it exists. */
  clonedFrom?: string;
  /** The status to take, and when (epoch ms). */
  pending?: { at: number; apply: () => void };
  /**
   * Every status the volume has taken, in order (what the volume service's notifications
   * report): tests assert the sequence here, not what a poll happened to catch of a status
   * that lasts milliseconds at a small timeScale.
   */
  readonly statusLog: string[];
}

/** Cinder records `connector.get('mountpoint', 'na')` as the attachment's mountpoint. */
function mountpointOf(connector: Record<string, unknown> | null): string {
  return typeof connector?.mountpoint === 'string' ? connector.mountpoint : 'na';
}

export interface FakeAttachment {
  id: string;
  projectId: string;
  volumeId: string;
  instanceId: string | null;
  connector: Record<string, unknown> | null;
  status: 'reserved' | 'attaching' | 'attached';
  /** The connector's mountpoint, or "na" when it named none (what Cinder records and shows as the device). */
  mountpoint: string;
}

export interface FakeSnapshot {
  id: string;
  projectId: string;
  volumeId: string;
  name: string;
  description: string | null;
  status: string;
  size: number;
  createdAt: Date;
  pending?: { at: number; apply: () => void };
}

export interface FakeVolumeType {
  id: string;
  name: string;
  description: string;
  /** Volumes of this type end in `error` (a back end that cannot allocate). */
  failsCreation?: boolean;
  backend: string;
}

/** A storage back end and its one pool, as the scheduler reports it (`host@backend#pool`). */
export interface FakePool {
  backend: string;
  protocol: string;
  /** GiB, or what some drivers report instead of a number. */
  totalGb: number | 'unknown' | 'infinite';
}

/**
 * Cinder's user messages (API 3.3): what the scheduler or the volume service says
 * when an asynchronous request fails after the API answered 202.
 */
export interface FakeMessage {
  id: string;
  projectId: string;
  resourceId: string;
  /** e.g. "create volume", "retype volume" (the message's action part). */
  action: string;
  detail: string;
  createdAt: Date;
}

export interface FakeImage {
  id: string;
  name: string;
  minDisk: number;
}

export class ApiFault extends Error {
  constructor(
    readonly status: number,
    readonly faultName: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (m: string) => new ApiFault(400, 'badRequest', m);
export const notFound = (m: string) => new ApiFault(404, 'itemNotFound', m);
export const overLimit = (m: string) => new ApiFault(413, 'overLimit', m);

/** Delays of the simulated storage back end, in real ms at timeScale 1. */
export const DELAYS = { create: 3_000, image: 6_000, delete: 2_000, extend: 3_000, retype: 3_000, revert: 3_000, snapshot: 2_000 };

/** One row of Cinder's services table (os-services). */
export interface FakeService {
  binary: string;
  host: string;
  zone: string;
  disabled: boolean;
  disabledReason: string | null;
  /** The service process heartbeats (report_interval); false: it stopped (crashed, host gone). */
  reporting: boolean;
  /** The last heartbeat (real ms): `updated_at`. */
  lastReport: number;
}

/** Cinder's service_down_time default: a service whose last report is older is `down`. */
export const SERVICE_DOWN_MS = 60_000;

/** cinder.conf's quota_volumes, quota_gigabytes and quota_snapshots defaults. */
const QUOTA_DEFAULTS = { volumes: 10, gigabytes: 1000, snapshots: 10 };

export class CinderState {
  readonly users: FakeUser[] = [];
  readonly projects: FakeProject[] = [];
  readonly volumes = new Map<string, FakeVolume>();
  readonly snapshots = new Map<string, FakeSnapshot>();
  readonly types: FakeVolumeType[] = [];
  readonly images: FakeImage[] = [];
  readonly pools: FakePool[] = [];
  readonly messages: FakeMessage[] = [];
  readonly services: FakeService[] = [];
  private seq = 0;
  /** Finds a new volume's image (by id or name) as the caller sees it; the demo wires in its Glance. */
  imageLookup: (ref: string, projectId: string, admin: boolean) => (FakeImage & { status: string; diskFormat?: string }) | undefined = (ref) => {
    const image = this.images.find((i) => i.id === ref || i.name === ref);
    return image && { ...image, status: 'active' };
  };

  constructor(
    readonly timeScale: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a volume still is a Ceph clone of the image (the RBD store then refuses to delete it). */
  imageCloned(imageId: string): boolean {
    return [...this.volumes.values()].some((v) => v.clonedFrom === imageId);
  }

  clock(): number {
    return this.now();
  }

  /** A creation time that differs for each object, as a real cloud's would. */
  private stamp(): Date {
    return new Date(this.now() + this.seq++);
  }

  /** Every service that still runs has reported by now. */
  private heartbeat(now: number): void {
    for (const svc of this.services) if (svc.reporting) svc.lastReport = now;
  }

  /** Cinder's verdict, scaled like every other delay: down once the last report is older than service_down_time. */
  serviceUp(svc: FakeService): boolean {
    return this.now() - svc.lastReport <= SERVICE_DOWN_MS * this.timeScale;
  }

  service(host: string, binary: string): FakeService {
    const svc = this.services.find((x) => x.host === host && x.binary === binary);
    if (!svc) throw notFound(`Service ${binary} could not be found on host ${host}.`);
    return svc;
  }

  /** Applies every due status change (in time order). */
  tick(): void {
    const now = this.now();
    this.heartbeat(now);
    const due = [...this.volumes.values(), ...this.snapshots.values()]
      .filter((o) => o.pending && o.pending.at <= now)
      .sort((a, b) => a.pending!.at - b.pending!.at);
    for (const o of due) {
      const p = o.pending!;
      o.pending = undefined;
      p.apply();
    }
  }

  message(v: { id: string; projectId: string }, action: string, detail: string): void {
    this.messages.push({ id: randomUUID(), projectId: v.projectId, resourceId: v.id, action, detail, createdAt: this.stamp() });
  }

  /** The volume service's `host@backend#pool` for a back end. */
  hostOf(backend: string): string {
    return `cinder-volume-1@${backend}#${backend}`;
  }

  later(o: { pending?: FakeVolume['pending'] }, delayMs: number, apply: () => void): void {
    o.pending = { at: this.now() + delayMs * this.timeScale, apply };
  }

  project(id: string): FakeProject | undefined {
    return this.projects.find((p) => p.id === id);
  }

  usage(projectId: string): { volumes: number; gigabytes: number; snapshots: number } {
    const vols = [...this.volumes.values()].filter((v) => v.projectId === projectId);
    const snaps = [...this.snapshots.values()].filter((s) => s.projectId === projectId);
    return {
      volumes: vols.length,
      // Cinder counts snapshot gigabytes against the same quota.
      gigabytes: vols.reduce((n, v) => n + v.size, 0) + snaps.reduce((n, s) => n + s.size, 0),
      snapshots: snaps.length,
    };
  }

  /**
   * What Cinder's os-quota-sets shows for a project (DbQuotaDriver.get_project_quotas): every
   * registered resource, the global ones and volumes_/gigabytes_/snapshots_<type> per volume type,
   * with its limit and, when asked, in_use and reserved (nothing stays reserved here: a create
   * commits at once). A project Keystone does not know gets the defaults, as from Cinder, which
   * does not ask Keystone. Backups and groups are not modelled: none exist, their limits are the
   * configuration defaults. Per-type and per-volume limits default to -1 (unlimited). `defaults`:
   * what os-quota-sets/{project}/defaults shows (the configuration's limits, no group quotas).
   */
  quotaSet(projectId: string, usage: boolean, defaults = false): Record<string, number | { limit: number; in_use: number; reserved: number }> {
    const quota = (!defaults && this.project(projectId)?.quota) || QUOTA_DEFAULTS;
    const vols = [...this.volumes.values()].filter((v) => v.projectId === projectId);
    const snaps = [...this.snapshots.values()].filter((s) => s.projectId === projectId);
    const typeOf = (s: FakeSnapshot) => this.volumes.get(s.volumeId)?.volumeType;
    const used = this.usage(projectId);
    const rows: Array<[string, number, number]> = [
      ['volumes', quota.volumes, used.volumes],
      ['per_volume_gigabytes', -1, 0],
      ['snapshots', quota.snapshots, used.snapshots],
      ['gigabytes', quota.gigabytes, used.gigabytes],
      ['backups', 10, 0],
      ['backup_gigabytes', 1000, 0],
    ];
    for (const t of this.types) {
      const tv = vols.filter((v) => v.volumeType === t.name);
      const ts = snaps.filter((x) => typeOf(x) === t.name);
      rows.push(
        [`volumes_${t.name}`, -1, tv.length],
        [`gigabytes_${t.name}`, -1, tv.reduce((n, v) => n + v.size, 0) + ts.reduce((n, x) => n + x.size, 0)],
        [`snapshots_${t.name}`, -1, ts.length],
      );
    }
    // GROUP_QUOTAS, merged in by show (not by defaults).
    if (!defaults) rows.push(['groups', 10, 0]);
    const extra = (!defaults && this.project(projectId)?.quotaExtra) || {};
    return Object.fromEntries(rows.map(([name, limit, inUse]) => [name, usage ? { limit: extra[name] ?? limit, in_use: inUse, reserved: 0 } : (extra[name] ?? limit)]));
  }

  /**
   * PUT os-quota-sets/{project} (an admin): every key must be a quota this Cinder knows, every
   * limit -1 or at least what is in use; all checked before any is stored, as Cinder does.
   */
  updateQuota(projectId: string, values: Record<string, unknown>): void {
    const project = this.project(projectId);
    if (!project) throw new ApiFault(404, 'itemNotFound', `Project ${projectId} could not be found.`);
    const current = this.quotaSet(projectId, true) as Record<string, { limit: number; in_use: number; reserved: number }>;
    // Cinder's NON_QUOTA_KEYS: the cinder client sends the project as tenant_id in the body.
    values = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'tenant_id' && k !== 'id'));
    const bad = Object.keys(values).filter((k) => !(k in current));
    if (bad.length) throw badRequest(`Invalid input for field/attribute quota_set. Bad key(s) in quota set: ${bad.join(', ')}`);
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -1) {
        throw badRequest(`Invalid input for field/attribute ${key}. Value: ${String(value)}. ${String(value)} is not of type 'integer'`);
      }
      const used = current[key]!.in_use + current[key]!.reserved;
      if (key !== 'per_volume_gigabytes' && value !== -1 && value < used) {
        throw badRequest(`Quota ${key} limit must be equal or greater than existing resources. Current usage is ${used} and the requested limit is ${value}.`);
      }
    }
    for (const [key, value] of Object.entries(values) as Array<[string, number]>) {
      if (key === 'volumes' || key === 'gigabytes' || key === 'snapshots') project.quota = { ...project.quota, [key]: value };
      else project.quotaExtra = { ...project.quotaExtra, [key]: value };
    }
  }

  /** DELETE os-quota-sets/{project}: the project's own limits go; the defaults apply again. */
  resetQuota(projectId: string): void {
    const project = this.project(projectId);
    if (!project) return;
    project.quota = { ...QUOTA_DEFAULTS };
    project.quotaExtra = undefined;
  }

  private checkGigabytes(projectId: string, extra: number): void {
    const quota = this.project(projectId)!.quota;
    const used = this.usage(projectId).gigabytes;
    if (quota.gigabytes >= 0 && used + extra > quota.gigabytes) {
      // Cinder's own words (VolumeSizeExceedsAvailableQuota).
      throw overLimit(
        `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${extra}G, quota is ${quota.gigabytes}G and ${used}G has been consumed.`,
      );
    }
  }

  volume(projectId: string, id: string): FakeVolume {
    const v = this.volumes.get(id);
    if (!v || v.projectId !== projectId) throw notFound(`Volume ${id} could not be found.`);
    return v;
  }

  snapshot(projectId: string, id: string): FakeSnapshot {
    const s = this.snapshots.get(id);
    if (!s || s.projectId !== projectId) throw notFound(`Snapshot ${id} could not be found.`);
    return s;
  }

  type(nameOrId: string): FakeVolumeType {
    const t = this.types.find((x) => x.name === nameOrId || x.id === nameOrId);
    if (!t) throw notFound(`Volume type with name ${nameOrId} could not be found.`);
    return t;
  }

  addVolume(init: Partial<Omit<FakeVolume, 'statusLog'>> & { projectId: string; name: string; size: number }): FakeVolume {
    const type = init.volumeType ?? this.types[0]!.name;
    const v: Omit<FakeVolume, 'statusLog'> = {
      id: randomUUID(),
      description: null,
      status: 'available',
      bootable: false,
      availabilityZone: 'nova',
      createdAt: this.stamp(),
      updatedAt: null,
      attachments: [],
      multiattach: false,
      encrypted: false,
      host: this.hostOf(this.type(type).backend),
      ...init,
      volumeType: type,
    };
    const tracked = trackStatus(v);
    this.volumes.set(tracked.id, tracked);
    return tracked;
  }

  createVolume(
    projectId: string,
    input: { size: number; name: string; description?: string; volumeType?: string; availabilityZone?: string; imageRef?: string; snapshotId?: string; sourceVolId?: string },
    admin = true,
  ): FakeVolume {
    const type = this.type(input.volumeType ?? this.types[0]!.name);
    let size = input.size;
    let bootable = false;
    let delay = DELAYS.create;
    let clonedFrom: string | undefined;
    if (input.snapshotId) {
      const snap = this.snapshot(projectId, input.snapshotId);
      if (snap.status !== 'available') throw badRequest(`Invalid snapshot: Originating snapshot status must be one of 'available' values`);
      if (size < snap.size) throw badRequest(`Invalid input received: Volume size '${size}'GB cannot be smaller than the snapshot size ${snap.size}GB. They must be >= original snapshot size.`);
      bootable = this.volumes.get(snap.volumeId)?.bootable ?? false;
    }
    if (input.sourceVolId) {
      const src = this.volume(projectId, input.sourceVolId);
      if (!['available', 'in-use'].includes(src.status)) throw badRequest(`Invalid volume: Source volume status must be available or in-use, but current status is: ${src.status}.`);
      if (size < src.size) throw badRequest(`Invalid input received: Volume size '${size}'GB cannot be smaller than original volume size ${src.size}GB. They must be >= original volume size.`);
      bootable = src.bootable;
    }
    if (input.imageRef) {
      const image = this.imageLookup(input.imageRef, projectId, admin);
      if (!image) throw badRequest('Invalid image identifier or unable to access requested image.');
      if (image.status !== 'active') throw badRequest(`Invalid input received: Image ${image.id} is not active.`);
      // Cinder's RBD driver clones a raw image of the same Ceph instead of copying it in.
      if (image.diskFormat === 'raw' && type.backend.startsWith('ceph')) clonedFrom = image.id;
      if (size < image.minDisk) throw badRequest(`Invalid input received: Volume size ${size}GB cannot be smaller than the image minDisk size ${image.minDisk}GB.`);
      bootable = true;
      delay = DELAYS.image;
    }
    const quota = this.project(projectId)!.quota;
    const used = this.usage(projectId);
    if (quota.volumes >= 0 && used.volumes + 1 > quota.volumes) {
      throw overLimit(`VolumeLimitExceeded: Maximum number of volumes allowed (${quota.volumes}) exceeded for quota 'volumes'.`);
    }
    this.checkGigabytes(projectId, size);
    size = Math.floor(size);
    const v = this.addVolume({
      projectId,
      name: input.name,
      description: input.description ?? null,
      size,
      status: 'creating',
      volumeType: type.name,
      availabilityZone: input.availabilityZone ?? 'nova',
      imageId: input.imageRef,
      clonedFrom,
    });
    if (input.imageRef) {
      // The back end copies the image: "downloading" before it is usable, as the real service shows.
      this.later(v, delay / 2, () => {
        v.status = 'downloading';
        this.later(v, delay / 2, () => this.finishCreate(v, type, bootable));
      });
    } else {
      this.later(v, delay, () => this.finishCreate(v, type, bootable));
    }
    return v;
  }

  private finishCreate(v: FakeVolume, type: FakeVolumeType, bootable: boolean): void {
    if (type.failsCreation) {
      v.status = 'error';
      this.message(v, 'schedule allocate volume', 'Could not find any available weighted backend.');
      return;
    }
    v.status = 'available';
    v.bootable = bootable;
  }

  /** Attachments API (3.27+): each attachment of a volume, by id. */
  readonly attachmentRecords = new Map<string, FakeAttachment>();

  /**
   * POST /attachments. Like Cinder: an available volume (or in-use multiattach) is reserved;
   * with a connector the attachment is updated at once and answers the connection info (here
   * always rbd, as the RBD driver answers), volume status "attaching".
   */
  createAttachment(projectId: string, volumeId: string, instanceId: string | null, connector: Record<string, unknown> | null): FakeAttachment {
    const v = this.volume(projectId, volumeId);
    if (!(v.status === 'available' || (v.multiattach && v.status === 'in-use'))) {
      throw badRequest(`Invalid volume: Volume ${v.id} status must be available or downloading to reserve, but the current status is ${v.status}.`);
    }
    const a: FakeAttachment = { id: randomUUID(), projectId, volumeId: v.id, instanceId, connector, status: connector ? 'attaching' : 'reserved', mountpoint: mountpointOf(connector) };
    this.attachmentRecords.set(a.id, a);
    v.status = connector ? 'attaching' : 'reserved';
    return a;
  }

  /**
   * PUT /attachments/{id}: the connector again, as Nova sends it once it knows the device (its
   * `mountpoint`); Cinder connects the host again and answers the connection info.
   */
  updateAttachment(projectId: string, id: string, connector: Record<string, unknown>): FakeAttachment {
    const a = this.attachmentOf(projectId, id);
    const v = this.volume(projectId, a.volumeId);
    if (v.status.startsWith('error')) {
      throw badRequest(`Invalid volume: Volume attachments can not be updated if the volume is in an error state. The Volume ${v.id} currently has a status of: ${v.status} `);
    }
    a.connector = connector;
    a.mountpoint = mountpointOf(connector);
    if (a.status === 'reserved') {
      a.status = 'attaching';
      v.status = 'attaching';
    }
    const shown = v.attachments.find((x) => x.attachment_id === a.id);
    if (shown) shown.device = a.mountpoint;
    return a;
  }

  /** os-complete (3.44+): the volume is in use by the attachment's instance. */
  completeAttachment(projectId: string, id: string): void {
    const a = this.attachmentOf(projectId, id);
    const v = this.volume(projectId, a.volumeId);
    a.status = 'attached';
    v.attachments.push({ id: v.id, attachment_id: a.id, server_id: a.instanceId ?? '', host_name: typeof a.connector?.host === 'string' ? a.connector.host : null, device: a.mountpoint });
    v.status = 'in-use';
  }

  /**
   * DELETE /attachments/{id}. Since OSSA-2023-003 an attachment with an instance and connection
   * info is deleted only for a service token (Nova would be asked otherwise; the fake has none).
   */
  deleteAttachment(projectId: string, id: string, asService: boolean): void {
    const a = this.attachmentOf(projectId, id);
    if (a.instanceId && a.connector && !asService) {
      throw new ApiFault(409, 'conflict', 'Conflict: the attachment of an instance can only be deleted by a service (OSSA-2023-003).');
    }
    const v = this.volume(projectId, a.volumeId);
    this.attachmentRecords.delete(id);
    v.attachments = v.attachments.filter((x) => x.attachment_id !== id);
    v.status = v.attachments.length > 0 ? 'in-use' : 'available';
  }

  attachmentOf(projectId: string, id: string): FakeAttachment {
    const a = this.attachmentRecords.get(id);
    if (!a || a.projectId !== projectId) throw new ApiFault(404, 'itemNotFound', `Attachment ${id} could not be found.`);
    return a;
  }

  deleteVolume(projectId: string, id: string): void {
    const v = this.volume(projectId, id);
    if (!['available', 'error', 'error_restoring', 'error_extending', 'error_managing'].includes(v.status)) {
      throw badRequest(`Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer, but current status is: ${v.status}.`);
    }
    if ([...this.snapshots.values()].some((s) => s.volumeId === id)) {
      throw badRequest('Invalid volume: Volume still has 1 dependent snapshots.');
    }
    v.status = 'deleting';
    this.later(v, DELAYS.delete, () => this.volumes.delete(v.id));
  }

  extendVolume(projectId: string, id: string, newSize: number): void {
    const v = this.volume(projectId, id);
    if (v.status !== 'available') {
      throw badRequest(`Invalid volume: Volume status must be 'available' to extend, but current status is: ${v.status}.`);
    }
    if (!Number.isInteger(newSize) || newSize <= v.size) {
      throw badRequest(`Invalid input received: New size for extend must be greater than current size. (current: ${v.size}, extended: ${newSize}).`);
    }
    this.checkGigabytes(projectId, newSize - v.size);
    v.status = 'extending';
    this.later(v, DELAYS.extend, () => {
      v.size = newSize;
      v.status = 'available';
    });
  }

  setBootable(projectId: string, id: string, bootable: boolean): void {
    this.volume(projectId, id).bootable = bootable;
  }

  /**
   * As Cinder: a type on the same back end is changed in place by the driver; another back end
   * needs the data migrated, which `never` forbids — the scheduler then fails the retype
   * asynchronously (the API already answered 202) and the volume keeps its type and status.
   */
  retype(projectId: string, id: string, newType: string, migrationPolicy: 'never' | 'on-demand' = 'never'): void {
    const v = this.volume(projectId, id);
    const type = this.type(newType);
    if (!['available', 'in-use'].includes(v.status)) {
      throw badRequest(`Invalid volume: Volume status must be available or in-use, but current status is: ${v.status}.`);
    }
    if (type.name === v.volumeType) throw badRequest('Invalid input received: New volume type must be different from the current one.');
    const before = v.status;
    const migrate = this.hostOf(type.backend) !== v.host;
    v.status = 'retyping';
    if (migrate && migrationPolicy === 'never') {
      this.later(v, DELAYS.retype / 3, () => {
        v.status = before;
        this.message(v, 'retype volume', 'Retype requires migration but is not allowed.');
      });
      return;
    }
    // A migration copies the data: it takes longer than an in-place change.
    this.later(v, migrate ? DELAYS.retype * 2 : DELAYS.retype, () => {
      v.volumeType = type.name;
      v.host = this.hostOf(type.backend);
      v.status = before;
    });
  }

  createSnapshot(projectId: string, input: { volumeId: string; name: string; description?: string; force: boolean }): FakeSnapshot {
    const v = this.volume(projectId, input.volumeId);
    if (v.status !== 'available' && !(v.status === 'in-use' && input.force)) {
      throw badRequest(`Invalid volume: Volume ${v.id} status must be available, but current status is: ${v.status}.`);
    }
    const quota = this.project(projectId)!.quota;
    if (quota.snapshots >= 0 && this.usage(projectId).snapshots + 1 > quota.snapshots) {
      throw overLimit(`SnapshotLimitExceeded: Maximum number of snapshots allowed (${quota.snapshots}) exceeded.`);
    }
    this.checkGigabytes(projectId, v.size);
    const s: FakeSnapshot = {
      id: randomUUID(),
      projectId,
      volumeId: v.id,
      name: input.name,
      description: input.description ?? null,
      status: 'creating',
      size: v.size,
      createdAt: this.stamp(),
    };
    this.snapshots.set(s.id, s);
    this.later(s, DELAYS.snapshot, () => {
      s.status = 'available';
    });
    return s;
  }

  deleteSnapshot(projectId: string, id: string): void {
    const s = this.snapshot(projectId, id);
    if (!['available', 'error'].includes(s.status)) {
      throw badRequest(`Invalid snapshot: Snapshot status must be available or error, but current status is: ${s.status}.`);
    }
    s.status = 'deleting';
    this.later(s, DELAYS.delete, () => this.snapshots.delete(s.id));
  }

  revert(projectId: string, volumeId: string, snapshotId: string): void {
    const v = this.volume(projectId, volumeId);
    const s = this.snapshot(projectId, snapshotId);
    if (s.volumeId !== v.id) throw badRequest(`Invalid snapshot: Snapshot ${s.id} does not belong to volume ${v.id}.`);
    const latest = [...this.snapshots.values()]
      .filter((x) => x.volumeId === v.id)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (latest?.id !== s.id) {
      throw badRequest(`Invalid snapshot: Snapshot ${s.id} is not the latest one of volume ${v.id}.`);
    }
    if (v.status !== 'available' || s.status !== 'available') {
      throw badRequest(`Invalid volume: Cannot revert volume ${v.id} to snapshot ${s.id}, the volume status is ${v.status} and the snapshot status is ${s.status}.`);
    }
    v.status = 'reverting';
    s.status = 'restoring';
    this.later(v, DELAYS.revert, () => {
      v.status = 'available';
      s.status = 'available';
    });
  }
}

/**
 * The demo cloud: one project as an operator meets it — volumes in several states on
 * LVM and Ceph back ends, snapshots, a bootable volume still copying its image in,
 * a failed allocation with the scheduler's message, and quotas with room to work.
 */
export function seedCloud(state: CinderState, users: Array<{ name: string; password: string; admin: boolean }>): void {
  const demo: FakeProject = { id: randomUUID().replace(/-/g, ''), name: 'demo', domain: 'default', quota: { volumes: 40, gigabytes: 600, snapshots: 30 } };
  state.projects.push(demo);
  for (const u of users) {
    state.users.push({
      id: randomUUID().replace(/-/g, ''),
      name: u.name,
      password: u.password,
      domain: 'default',
      // The admin also holds `service`, as a deployment must give the user a non-Nova consumer
      // attaches with (OSSA-2023-003): only a service may delete such an attachment.
      roles: { demo: u.admin ? ['admin', 'member', 'reader', 'service'] : ['member', 'reader'] },
    });
  }
  state.types.push(
    { id: randomUUID(), name: 'standard', description: 'LVM thin provisioning on the local array (default)', backend: 'lvm' },
    { id: randomUUID(), name: 'lvm-thick', description: 'LVM, fully allocated', backend: 'lvm' },
    { id: randomUUID(), name: 'fast-ssd', description: 'Ceph RBD, SSD pool', backend: 'ceph-ssd' },
    { id: randomUUID(), name: 'ceph', description: 'Ceph RBD, HDD pool', backend: 'ceph-hdd' },
    { id: randomUUID(), name: 'legacy-nfs', description: 'Retired NFS back end (allocations fail)', backend: 'nfs', failsCreation: true },
  );
  state.pools.push(
    { backend: 'lvm', protocol: 'iSCSI', totalGb: 500 },
    { backend: 'ceph-ssd', protocol: 'ceph', totalGb: 2000 },
    { backend: 'ceph-hdd', protocol: 'ceph', totalGb: 8000 },
    // The NFS driver of a share it cannot mount reports no capacity.
    { backend: 'nfs', protocol: 'nfs', totalGb: 'unknown' },
  );
  // One controller runs the scheduler, the backup service and a volume service per back end. The
  // retired NFS back end's volume service stopped reporting three hours ago: Cinder lists it down.
  const node = 'cinder-volume-1';
  const svc = (binary: string, host: string, reporting = true): FakeService => ({
    binary, host, zone: 'nova', disabled: false, disabledReason: null, reporting, lastReport: reporting ? state.clock() : state.clock() - 3 * 3_600_000,
  });
  state.services.push(
    svc('cinder-scheduler', node),
    svc('cinder-backup', node),
    ...['lvm', 'ceph-ssd', 'ceph-hdd'].map((b) => svc('cinder-volume', `${node}@${b}`)),
    svc('cinder-volume', `${node}@nfs`, false),
  );
  state.images.push(
    { id: 'a4f6c1d2-0b57-4d52-9b3b-5d8a7c2e1f01', name: 'cirros-0.6.2', minDisk: 1 },
    { id: 'c3e1b9a0-7d24-4f8e-8a61-2b9d4e6f7a02', name: 'debian-12-genericcloud', minDisk: 2 },
  );
  const specs: Array<[string, number, string, boolean]> = [
    ['db-data', 40, 'fast-ssd', false],
    ['web-root', 10, 'standard', true],
    ['logs', 20, 'standard', false],
    ['scratch-1', 5, 'standard', false],
    ['scratch-2', 5, 'standard', false],
    ['backup-staging', 20, 'ceph', false],
    ['ci-cache', 8, 'fast-ssd', false],
    ['mail-store', 15, 'ceph', false],
    ['analytics', 12, 'fast-ssd', false],
    ['wiki-data', 6, 'lvm-thick', false],
    ['monitoring', 10, 'ceph', false],
    ['build-runner-boot', 8, 'standard', true],
  ];
  const seeded = new Map<string, FakeVolume>();
  for (const [name, size, type, bootable] of specs) seeded.set(name, state.addVolume({ projectId: demo.id, name, size, volumeType: type, bootable }));
  const inUse = state.addVolume({ projectId: demo.id, name: 'app-server-boot', size: 10, volumeType: 'standard', bootable: true, status: 'in-use' });
  inUse.attachments.push({ id: inUse.id, attachment_id: randomUUID(), server_id: randomUUID(), host_name: 'compute-1', device: '/dev/vdb' });
  const failed = state.addVolume({ projectId: demo.id, name: 'failed-restore', size: 4, volumeType: 'legacy-nfs', status: 'error' });
  state.message(failed, 'schedule allocate volume', 'Could not find any available weighted backend.');
  state.addVolume({ projectId: demo.id, name: 'archive-2019', size: 30, volumeType: 'ceph', status: 'error_extending' });
  // Still copying its image in when the demo starts; available a few seconds later.
  state.createVolume(demo.id, { name: 'debian-12-boot', size: 4, volumeType: 'standard', imageRef: 'c3e1b9a0-7d24-4f8e-8a61-2b9d4e6f7a02' });

  const snapshot = (volume: FakeVolume, name: string, description: string | null, ageHours: number, status = 'available') => {
    const s: FakeSnapshot = {
      id: randomUUID(),
      projectId: demo.id,
      volumeId: volume.id,
      name,
      description,
      status,
      size: volume.size,
      createdAt: new Date(state.clock() - ageHours * 3_600_000),
    };
    state.snapshots.set(s.id, s);
  };
  snapshot(seeded.get('db-data')!, 'db-data-nightly', 'Nightly', 1);
  snapshot(seeded.get('web-root')!, 'web-root-before-upgrade', 'Before the PHP upgrade', 72);
  snapshot(seeded.get('web-root')!, 'web-root-weekly', 'Weekly', 20);
  snapshot(seeded.get('mail-store')!, 'mail-store-broken', null, 200, 'error');
}

/** Turns `status` into an accessor that appends each change to `statusLog`. */
function trackStatus(v: Omit<FakeVolume, 'statusLog'>): FakeVolume {
  let status = v.status;
  const statusLog = [status];
  const tracked = Object.assign(v, { statusLog }) as FakeVolume;
  Object.defineProperty(tracked, 'status', {
    enumerable: true,
    get: () => status,
    set: (next: string) => {
      if (next !== status) statusLog.push(next);
      status = next;
    },
  });
  return tracked;
}
