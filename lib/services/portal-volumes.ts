import 'server-only';
import { ActionRefusal } from './refusal';
import type { SessionUser } from '@/lib/auth/roles';
import { isBackendError } from '@/lib/backends/errors';
import type { QualifiedId, Volume } from '@/lib/domain';
import type { VolumeSnapshot } from '@/lib/domain/volumes';
import { quotaProblem, ZERO } from '@/lib/portal/quota';
import type { PortalVolumeCreateInput } from '@/lib/validations/portal';
import { requireOwnedVolume, requireVmAccess } from './access';
import { attachSides, attachVolume, detachVolume, splitForVm, type VmVolumes } from './volume-attachments';
import { groupsOf, listMyVolumeRecords, quotaScopesFor, recordVolumeOwnership, releaseVolumeOwnership, serialized, snapshotLimitFor, updateVolumeSize } from './ownership';
import * as volumes from './volumes';

/**
 * What a portal user does with their own volumes. Every function asks the ownership service
 * first (requireOwnedVolume in ./access.ts, which also gives the volume's canonical id), so another user's volume id is refused exactly like an unknown one;
 * sizes count against the owner's (and group's) storage quota, checked and changed under the same
 * queue as launches so two requests cannot both take the last free GiB.
 */

type Caller = Pick<SessionUser, 'id' | 'role'>;

const GIB = 1024 ** 3;

export interface MyVolumeRow {
  id: QualifiedId;
  name: string;
  owner: string;
  group: string | null;
  sizeGiB: number;
  /** Live from the backend; absent when it could not be read (then `problem` says why) or is gone. */
  volume?: Volume;
  gone?: boolean;
  problem?: string;
}

/** Cinder's 413 (its own quota) in the portal's words, with Cinder's sentence beside it. */
async function explainQuota<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isBackendError(error) && error.status === 413) throw new ActionRefusal('volumes.errors.quota', { detail: error.detail ?? '' });
    throw error;
  }
}

export async function listMyVolumes(user: Pick<SessionUser, 'id'>, signal?: AbortSignal): Promise<MyVolumeRow[]> {
  const records = await listMyVolumeRecords(user);
  return Promise.all(
    records.map(async (r) => {
      const row: MyVolumeRow = { id: r.volumeId, name: r.volumeName, owner: r.owner.username, group: r.group?.name ?? null, sizeGiB: r.sizeGiB };
      const read = await volumes.readVolume(r.volumeId, signal);
      if (read.ok) row.volume = read.value;
      else if (read.error.code === 'not_found') row.gone = true;
      else row.problem = read.error.message;
      return row;
    }),
  );
}

export async function myVolume(user: Caller, asked: QualifiedId, signal?: AbortSignal) {
  const { volumeId, ownership } = await requireOwnedVolume(user, asked);
  const [volume, snapshots] = await Promise.all([volumes.readVolume(volumeId, signal), volumes.readSnapshots(volumeId, signal)]);
  return { ownership, volume, snapshots: snapshots.ok ? snapshots.value : ([] as VolumeSnapshot[]) };
}

/** A blank volume of `sizeGiB` for the user, refused with the limit named when it would pass a storage quota. */
export async function createMyVolume(user: Pick<SessionUser, 'id'>, input: PortalVolumeCreateInput): Promise<QualifiedId> {
  if (!(await volumes.listVolumeConnections()).some((c) => c.id === input.connectionId)) throw new ActionRefusal('portal.volumes.errors.connectionRequired');
  if (input.groupId && !(await groupsOf(user.id)).some((g) => g.id === input.groupId)) throw new ActionRefusal('portal.errors.groupInvalid');
  return serialized(['portal-quota'], async () => {
    const problem = quotaProblem(await quotaScopesFor(user.id, input.groupId), { ...ZERO, storageGiB: input.sizeGiB });
    if (problem) throw new ActionRefusal(problem.key, problem.values);
    const created = await explainQuota(volumes.createVolume(input.connectionId, { name: input.name, sizeGiB: input.sizeGiB, source: { kind: 'blank' } }));
    await recordVolumeOwnership({ volumeId: created.id, volumeName: input.name, ownerId: user.id, groupId: input.groupId, sizeGiB: input.sizeGiB });
    return created.id;
  });
}

/** Grows the volume; only the growth is checked against the owner's (and group's) storage quota. */
export async function extendMyVolume(user: Caller, asked: QualifiedId, newSizeGiB: number): Promise<void> {
  const { volumeId } = await requireOwnedVolume(user, asked);
  return serialized(['portal-quota'], async () => {
    const { ownership: current } = await requireOwnedVolume(user, volumeId);
    const read = await volumes.readVolume(volumeId);
    if (!read.ok) throw new ActionRefusal('portal.volumes.errors.unreadable', { detail: read.error.message });
    // The backend's size, not our record: a volume assigned by an admin may be larger than recorded.
    const size = Math.ceil(read.value.sizeBytes / GIB);
    if (newSizeGiB <= size) throw new ActionRefusal('volumes.validation.sizeNotLarger');
    const problem = quotaProblem(await quotaScopesFor(current.ownerId, current.groupId), { ...ZERO, storageGiB: newSizeGiB - current.sizeGiB });
    if (problem) throw new ActionRefusal(problem.key, problem.values);
    await explainQuota(volumes.extendVolume(volumeId, newSizeGiB));
    await updateVolumeSize(volumeId, newSizeGiB);
  });
}

/** A new snapshot, refused naming the limit when the volume holds as many as the owner's (or group's) quota allows. */
export async function snapshotMyVolume(user: Caller, asked: QualifiedId, name: string): Promise<void> {
  const { volumeId, ownership } = await requireOwnedVolume(user, asked);
  await serialized([`snapshots:${volumeId}`], async () => {
    const limit = await snapshotLimitFor(ownership.ownerId, ownership.groupId);
    if (limit) {
      const snapshots = await volumes.readSnapshots(volumeId);
      if (!snapshots.ok) throw new ActionRefusal('portal.volumes.errors.unreadable', { detail: snapshots.error.message });
      if (snapshots.value.length >= limit.limit) throw new ActionRefusal('portal.errors.snapshotLimit', { limit: limit.limit });
    }
    await explainQuota(volumes.createVolumeSnapshot(volumeId, { name }));
  });
}

/** Deletes the volume once the typed name matches the backend's; its storage is free at once. */
export async function deleteMyVolume(user: Caller, asked: QualifiedId, confirmName: string): Promise<string> {
  // The canonical id: deleting through an alias frees the real record.
  const { volumeId } = await requireOwnedVolume(user, asked);
  const read = await volumes.readVolume(volumeId);
  if (!read.ok) throw new ActionRefusal('portal.volumes.errors.unreadable', { detail: read.error.message });
  if (read.value.name !== confirmName) throw new ActionRefusal('vmActions.errors.nameMismatch', { name: read.value.name });
  await volumes.deleteVolume(volumeId);
  await releaseVolumeOwnership(volumeId);
  return read.value.name;
}

/** Deletes one of the volume's own snapshots (Cinder keeps a volume with snapshots from being deleted). */
export async function deleteMyVolumeSnapshot(user: Caller, asked: QualifiedId, snapshotId: QualifiedId): Promise<string> {
  const { volumeId } = await requireOwnedVolume(user, asked);
  const snapshots = await volumes.readSnapshots(volumeId);
  if (!snapshots.ok) throw new ActionRefusal('portal.volumes.errors.unreadable', { detail: snapshots.error.message });
  // Only this volume's snapshots: an id of another one is refused like one that does not exist.
  const snapshot = snapshots.value.find((s) => s.id === snapshotId);
  if (!snapshot) throw new ActionRefusal('portal.volumes.errors.snapshotNotFound');
  await volumes.deleteVolumeSnapshot(snapshotId);
  return snapshot.name;
}

// ───────────────────────────── the user's volumes on the user's VMs ─────────────────────────────
// Both ends are checked with the one access rule: a volume the user does not own (alone or
// through a group) and a VM they may not act on are refused like unknown ones. Attaching takes no
// quota: the volume's size counted against the owner's storage quota when it was made.

/** The user's own volumes on this VM, and those free to attach to it. `vmId` is the canonical id vmAccess gave. */
export async function myVolumesForVm(user: Pick<SessionUser, 'id'>, vmId: QualifiedId, vmNativeId: string, signal?: AbortSignal): Promise<VmVolumes> {
  const { compute, volumeSides } = await attachSides(vmId);
  if (volumeSides.length === 0) return { unsupported: 'noService', attached: [], available: [], problems: [] };
  if (!compute) return { unsupported: 'vmKind', attached: [], available: [], problems: [] };
  const names = new Map(volumeSides.map((b) => [b.id, b.name]));
  const rows = await listMyVolumes(user, signal);
  const candidates = rows.flatMap((r) => (r.volume && names.has(r.volume.connectionId) ? [{ ...r.volume, connectionName: names.get(r.volume.connectionId)! }] : []));
  const problems = rows.flatMap((r) => (r.problem ? [{ name: r.name, message: r.problem }] : []));
  return { ...splitForVm(vmNativeId, candidates), problems };
}

export async function attachMyVolume(user: Caller, askedVolume: QualifiedId, askedVm: QualifiedId): Promise<{ device: string; name: string }> {
  const { volumeId, ownership } = await requireOwnedVolume(user, askedVolume);
  const { vmId } = await requireVmAccess(user, askedVm);
  const { device } = await attachVolume(volumeId, vmId);
  return { device, name: ownership.volumeName };
}

export async function detachMyVolume(user: Caller, askedVolume: QualifiedId, askedVm: QualifiedId): Promise<string> {
  const { volumeId, ownership } = await requireOwnedVolume(user, askedVolume);
  const { vmId } = await requireVmAccess(user, askedVm);
  await detachVolume(volumeId, vmId);
  return ownership.volumeName;
}
