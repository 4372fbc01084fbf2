import 'server-only';
import { ActionRefusal } from './refusal';
import type { SessionUser } from '@/lib/auth/roles';
import { toClientError } from '@/lib/backends/errors';
import type { TaskRef } from '@/lib/backends/types';
import { db } from '@/lib/db/client';
import { parseQualifiedId, type QualifiedId, type Snapshot, type Vm } from '@/lib/domain';
import { quotaProblem, ZERO, type Amounts } from '@/lib/portal/quota';
import { launchCreateInput } from '@/lib/portal/launch-spec';
import { vmCreateSchema } from '@/lib/validations/vm';
import type { LaunchInput, PortalPowerAction } from '@/lib/validations/portal';
import { engineFilteredBackends, requireVmAccess } from './access';
import { groupsOf, listMyVmRecords, quotaScopesFor, recordOwnership, recordVolumeOwnership, releaseOwnership, serialized, snapshotLimitFor, updateAllocation } from './ownership';
import { bootVolumeName } from './boot-from-volume';
import { releaseVmVolumes } from './volume-attachments';
import { backendOf } from './gateway';
import { createSnapshot, createVm, editVm, getVmFresh, powerVm, removeVm, snapshotOp, vmSnapshots, vmState } from './vm-operations';
import { listSshKeys } from './ssh-keys';

/**
 * What a portal user does with their own VMs. Every function takes the signed-in user and asks
 * the access rule first (lib/services/access.ts), then the shared VM operations on the VM's
 * canonical id (the one the rule returns, never the spelling the caller sent); the
 * server actions (lib/actions/portal.ts) add the role check, zod and the audit entry.
 */

type Caller = Pick<SessionUser, 'id' | 'role'>;

// ---------------------------------------------------------------- reads

export interface MyVmRow {
  id: QualifiedId;
  name: string;
  owner: string;
  group: string | null;
  allocation: Amounts;
  /** Live from the backend; absent when it could not be read (then `problem` says why). */
  vm?: Vm;
  gone?: boolean;
  problem?: string;
}

/** One page of the user's VMs with their live state (each read through the shared backend cache). */
export async function listMyVms(user: Pick<SessionUser, 'id'>, page: number, signal?: AbortSignal) {
  const records = await listMyVmRecords(user, page);
  const items: MyVmRow[] = await Promise.all(
    records.items.map(async (r) => {
      const row: MyVmRow = {
        id: r.vmId,
        name: r.vmName,
        owner: r.owner.username,
        group: r.group?.name ?? null,
        allocation: { vms: 1, vcpus: r.vcpus, memoryMiB: r.memoryMiB, storageGiB: r.storageGiB },
      };
      try {
        const state = await vmState(r.vmId, signal);
        if (state.vm) row.vm = state.vm;
        else row.gone = true;
      } catch (err) {
        row.problem = toClientError(err).message;
      }
      return row;
    }),
  );
  return { items, total: records.total, page: records.page, pageSize: records.pageSize };
}

export async function myVm(user: Caller, asked: QualifiedId, signal?: AbortSignal) {
  const { vmId, ownership } = await requireVmAccess(user, asked);
  return { ownership, ...(await vmState(vmId, signal)) };
}

export async function myVmSnapshots(user: Caller, asked: QualifiedId, signal?: AbortSignal): Promise<Snapshot[]> {
  const { vmId } = await requireVmAccess(user, asked);
  return vmSnapshots(vmId, signal);
}

/** What the Launch and Resize forms show and check before submit: the user's scopes, catalog and flavors. */
export async function launchChoices(user: Pick<SessionUser, 'id'>) {
  const [catalog, flavors, groups, userScope, sshKeys] = await Promise.all([
    db.catalogItem.findMany({ where: { published: true }, orderBy: { name: 'asc' } }),
    db.flavor.findMany({ orderBy: [{ vcpus: 'asc' }, { memoryMiB: 'asc' }] }),
    groupsOf(user.id),
    quotaScopesFor(user.id, null),
    listSshKeys(user.id),
  ]);
  const groupScopes = await Promise.all(groups.map(async (g) => ({ id: g.id, scope: (await quotaScopesFor(user.id, g.id))[1] })));
  return { catalog, flavors, groups: groupScopes.map((g) => ({ id: g.id, name: g.scope.name, scope: g.scope })), userScope: userScope[0], sshKeys };
}

/** The user's own requests and their outcome, newest first: their task list. */
export async function myTasks(user: Pick<SessionUser, 'id'>, page: number, pageSize = 25) {
  const rows = await db.auditEntry.findMany({
    where: { actorId: user.id, action: { startsWith: 'portal.' } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { items: rows.slice(0, pageSize), hasMore: rows.length > pageSize, page };
}

// ---------------------------------------------------------------- launch

/**
 * Launches a catalog item in a flavor for the user. The quota check and the create run under one
 * queue, so two launches at once cannot both take the last free slot; nothing is created when a
 * limit would be passed, and the refusal names the limit.
 */
export async function launchVm(user: Pick<SessionUser, 'id'>, input: LaunchInput): Promise<{ vmId: QualifiedId; task: TaskRef; volumeId?: QualifiedId }> {
  const [item, flavor] = await Promise.all([
    db.catalogItem.findFirst({ where: { id: input.catalogItemId, published: true } }),
    db.flavor.findUnique({ where: { id: input.flavorId } }),
  ]);
  if (!item) throw new ActionRefusal('portal.errors.catalogGone');
  if (!flavor) throw new ActionRefusal('portal.errors.flavorGone');
  if (input.groupId && !(await groupsOf(user.id)).some((g) => g.id === input.groupId)) throw new ActionRefusal('portal.errors.groupInvalid');
  if (flavor.diskGiB < item.minDiskGiB) throw new ActionRefusal('portal.errors.flavorTooSmall', { item: item.name, min: item.minDiskGiB });
  // Only the caller's own keys: another user's key id is refused like one that does not exist.
  const sshKey = input.sshKeyId ? await db.sshKey.findFirst({ where: { id: input.sshKeyId, userId: user.id } }) : null;
  if (input.sshKeyId && !sshKey) throw new ActionRefusal('portal.errors.sshKeyGone');
  const allocation: Amounts = { vms: 1, vcpus: flavor.vcpus, memoryMiB: flavor.memoryMiB, storageGiB: flavor.diskGiB };
  // Launched on a volume, the flavor's disk is that volume: it counts once, as one of the user's
  // volumes (it outlives the VM when the VM is deleted), and the VM record holds no storage.
  const onVolume = item.sourceKind === 'volume';

  return serialized(['portal-quota'], async () => {
    const problem = quotaProblem(await quotaScopesFor(user.id, input.groupId), allocation);
    if (problem) throw new ActionRefusal(problem.key, problem.values);
    const spec = vmCreateSchema.parse(launchCreateInput(item, flavor, input.name, sshKey?.publicKey));
    // On a volume: the volume is made, attached as the boot disk and the VM defined, or all undone
    // (lib/services/boot-from-volume.ts) before this returns.
    const result = await createVm(spec);
    if ('problem' in result) throw new ActionRefusal(result.problem.key, result.problem.values);
    await recordOwnership({
      vmId: result.vmId,
      vmName: input.name,
      ownerId: user.id,
      groupId: input.groupId,
      allocation: onVolume ? { ...allocation, storageGiB: 0 } : allocation,
      catalogItemId: item.id,
      flavorId: flavor.id,
    });
    if (result.volumeId) {
      await recordVolumeOwnership({ volumeId: result.volumeId, volumeName: bootVolumeName(input.name), ownerId: user.id, groupId: input.groupId, sizeGiB: flavor.diskGiB });
    }
    return { vmId: result.vmId, task: result.task, volumeId: result.volumeId };
  });
}

// ---------------------------------------------------------------- operations on one VM

export async function powerMyVm(user: Caller, asked: QualifiedId, action: PortalPowerAction): Promise<TaskRef> {
  const { vmId } = await requireVmAccess(user, asked);
  return powerVm(vmId, action);
}

/** What the snapshot form shows before submit: how many the VM holds and how many it may (null: no limit). */
export async function mySnapshotAllowance(ownership: { ownerId: string; groupId: string | null } | null, snapshots: Snapshot[]) {
  const limit = ownership ? await snapshotLimitFor(ownership.ownerId, ownership.groupId) : null;
  return { count: snapshots.filter((s) => s.snapshotType !== 'active').length, limit: limit?.limit ?? null };
}

/**
 * A new snapshot, refused naming the limit when the VM already holds as many as the owner's (or
 * group's) quota allows. Counted and taken under one queue per VM, so two requests at once cannot
 * both take the last one. A VM nobody owns (a Filter connection's) is the engine's to limit.
 */
export async function snapshotMyVm(user: Caller, asked: QualifiedId, description: string): Promise<QualifiedId> {
  const { vmId, ownership } = await requireVmAccess(user, asked);
  return serialized([`snapshots:${vmId}`], async () => {
    const { count, limit } = await mySnapshotAllowance(ownership, ownership ? await vmSnapshots(vmId) : []);
    if (limit !== null && count >= limit) throw new ActionRefusal('portal.errors.snapshotLimit', { limit });
    return createSnapshot(vmId, description, false);
  });
}

/**
 * Back to a snapshot. libvirt reverts at once; oVirt previews it first (the VM must be down),
 * and the user then keeps it (commit) or goes back (undo), as in the engine's own portal.
 */
export async function snapshotOpOnMyVm(user: Caller, asked: QualifiedId, op: 'revert' | 'commit' | 'undo', snapshotId?: string): Promise<'reverted' | 'previewing' | 'committed' | 'undone'> {
  const { vmId } = await requireVmAccess(user, asked);
  if (op === 'commit' || op === 'undo') {
    await snapshotOp(vmId, op);
    return op === 'commit' ? 'committed' : 'undone';
  }
  if (!snapshotId || parseQualifiedId(snapshotId)?.connectionId !== parseQualifiedId(vmId)?.connectionId) throw new ActionRefusal('portal.errors.snapshotRequired');
  // Only this VM's snapshots: an id from another VM is refused like one that does not exist.
  if (!(await vmSnapshots(vmId)).some((s) => s.id === snapshotId)) throw new ActionRefusal('portal.errors.snapshotRequired');
  const backend = await backendOf(vmId);
  if (backend.revertToSnapshot) {
    await backend.revertToSnapshot(vmId, snapshotId);
    return 'reverted';
  }
  await snapshotOp(vmId, 'preview', snapshotId);
  return 'previewing';
}

/** A new flavor for the VM: vCPUs and memory change, checked against the owner's (and group's) quota for the growth only. */
export async function resizeMyVm(user: Caller, asked: QualifiedId, flavorId: string): Promise<{ pendingNextRun: boolean; flavor: string }> {
  const { vmId, ownership } = await requireVmAccess(user, asked);
  // Admins may open any VM, but only a VM someone owns has an allocation to resize within.
  if (!ownership) throw new ActionRefusal('portal.errors.notPortalVm');
  const flavor = await db.flavor.findUnique({ where: { id: flavorId } });
  if (!flavor) throw new ActionRefusal('portal.errors.flavorGone');
  return serialized(['portal-quota'], async () => {
    const current = await db.vmOwnership.findUniqueOrThrow({ where: { vmId } });
    const delta: Amounts = { ...ZERO, vcpus: flavor.vcpus - current.vcpus, memoryMiB: flavor.memoryMiB - current.memoryMiB };
    const problem = quotaProblem(await quotaScopesFor(current.ownerId, current.groupId), delta);
    if (problem) throw new ActionRefusal(problem.key, problem.values);
    const vm = await getVmFresh(vmId);
    const result = await editVm(vmId, { name: vm.name, description: vm.description ?? '', sockets: flavor.vcpus, cores: 1, threads: 1, memoryMiB: flavor.memoryMiB });
    await updateAllocation(vmId, { vcpus: flavor.vcpus, memoryMiB: flavor.memoryMiB }, flavor.id);
    return { ...result, flavor: flavor.name };
  });
}

/** Deletes the VM with its disks (its volumes are detached and kept) once the typed name matches; its quota is free at once. */
export async function deleteMyVm(user: Caller, asked: QualifiedId, confirmName: string): Promise<string> {
  // The canonical id: deleting through an alias frees the real record.
  const { vmId } = await requireVmAccess(user, asked);
  const vm = await getVmFresh(vmId);
  if (vm.name !== confirmName) throw new ActionRefusal('vmActions.errors.nameMismatch', { name: vm.name });
  // Volumes are detached first and kept (a VM launched on a volume leaves it in My volumes):
  // left attached, they would stay in use by a VM that no longer exists.
  await releaseVmVolumes(vmId, vm.nativeId, false);
  await removeVm(vmId, false);
  await releaseOwnership(vmId);
  return vm.name;
}

/** Per page, the VMs a Filter connection's engine shows its identity; more are not listed here. */
export const ENGINE_VMS_MAX = 100;

/**
 * The VMs on Filter connections (lib/services/access.ts engineFilteredBackends) that the engine
 * shows the connection's identity and that nobody owns here: every portal user sees these, as the
 * engine decides. A VM somebody owns is left out, since ownership decides for it.
 */
export async function engineVisibleVms(signal?: AbortSignal): Promise<Array<{ connectionId: string; connection: string; vms: Vm[]; problem?: string; more: boolean }>> {
  const backends = await engineFilteredBackends();
  return Promise.all(
    backends.map(async (b) => {
      try {
        const page = await b.listVms!({ page: 1, pageSize: ENGINE_VMS_MAX }, { signal });
        const owned = new Set((await db.vmOwnership.findMany({ where: { vmId: { in: page.items.map((v) => v.id) } }, select: { vmId: true } })).map((o) => o.vmId));
        return { connectionId: b.id, connection: b.name, vms: page.items.filter((v) => !owned.has(v.id)), more: page.items.length >= ENGINE_VMS_MAX };
      } catch (err) {
        return { connectionId: b.id, connection: b.name, vms: [], problem: toClientError(err).message, more: false };
      }
    }),
  );
}
