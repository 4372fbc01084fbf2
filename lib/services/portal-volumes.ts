import 'server-only';
import { ActionRefusal } from './refusal';
import type { SessionUser } from '@/lib/auth/roles';
import { isBackendError } from '@/lib/backends/errors';
import type { QualifiedId, Volume } from '@/lib/domain';
import type { VolumeSnapshot } from '@/lib/domain/volumes';
import { quotaProblem, ZERO } from '@/lib/portal/quota';
import type { PortalVolumeCreateInput } from '@/lib/validations/portal';
import {
  groupsOf,
  listMyVolumeRecords,
  quotaScopesFor,
  recordVolumeOwnership,
  releaseVolumeOwnership,
  requireOwnedVolume,
  serialized,
  updateVolumeSize,
} from './ownership';
import * as volumes from './volumes';

/**
 * What a portal user does with their own volumes. Every function asks the ownership service
 * first (requireOwnedVolume), so another user's volume id is refused exactly like an unknown one;
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

export async function myVolume(user: Caller, volumeId: QualifiedId, signal?: AbortSignal) {
  const ownership = await requireOwnedVolume(user, volumeId);
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
export async function extendMyVolume(user: Caller, volumeId: QualifiedId, newSizeGiB: number): Promise<void> {
  await requireOwnedVolume(user, volumeId);
  return serialized(['portal-quota'], async () => {
    const current = await requireOwnedVolume(user, volumeId);
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

export async function snapshotMyVolume(user: Caller, volumeId: QualifiedId, name: string): Promise<void> {
  await requireOwnedVolume(user, volumeId);
  await explainQuota(volumes.createVolumeSnapshot(volumeId, { name }));
}

/** Deletes the volume once the typed name matches the backend's; its storage is free at once. */
export async function deleteMyVolume(user: Caller, volumeId: QualifiedId, confirmName: string): Promise<string> {
  await requireOwnedVolume(user, volumeId);
  const read = await volumes.readVolume(volumeId);
  if (!read.ok) throw new ActionRefusal('portal.volumes.errors.unreadable', { detail: read.error.message });
  if (read.value.name !== confirmName) throw new ActionRefusal('vmActions.errors.nameMismatch', { name: read.value.name });
  await volumes.deleteVolume(volumeId);
  await releaseVolumeOwnership(volumeId);
  return read.value.name;
}

/** Deletes one of the volume's own snapshots (Cinder keeps a volume with snapshots from being deleted). */
export async function deleteMyVolumeSnapshot(user: Caller, volumeId: QualifiedId, snapshotId: QualifiedId): Promise<string> {
  await requireOwnedVolume(user, volumeId);
  const snapshots = await volumes.readSnapshots(volumeId);
  if (!snapshots.ok) throw new ActionRefusal('portal.volumes.errors.unreadable', { detail: snapshots.error.message });
  // Only this volume's snapshots: an id of another one is refused like one that does not exist.
  const snapshot = snapshots.value.find((s) => s.id === snapshotId);
  if (!snapshot) throw new ActionRefusal('portal.volumes.errors.snapshotNotFound');
  await volumes.deleteVolumeSnapshot(snapshotId);
  return snapshot.name;
}
