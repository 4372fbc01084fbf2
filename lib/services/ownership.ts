import 'server-only';
import type { Prisma, VmOwnership, VolumeOwnership } from '@prisma/client';
import { ActionRefusal } from './refusal';
import { hasRole, type SessionUser } from '@/lib/auth/roles';
import type { Backend } from '@/lib/backends';
import { isBackendError } from '@/lib/backends/errors';
import { db } from '@/lib/db/client';
import { parseQualifiedId, type QualifiedId, type Vm } from '@/lib/domain';
import { getBackend } from './connections';
import { QUOTA_RESOURCES, quotaProblem, ZERO, type Amounts, type Limits, type QuotaProblem, type QuotaScope } from '@/lib/portal/quota';

/**
 * THE rule for who may see and touch a VM in the self-service portal, and the quota arithmetic
 * over what users own. Every portal page, server action and route handler, and the console
 * check (lib/console/access.ts), asks here: admins may act on any VM; a user only on a VM they
 * own or that is shared with a group they belong to. Anything else is answered exactly like a VM
 * that does not exist, so an id tells a user nothing about other users' VMs.
 */

type Caller = Pick<SessionUser, 'id' | 'role'>;

/** Refused in the same words whether the VM belongs to someone else or does not exist at all. */
export class VmNotYoursError extends ActionRefusal {
  constructor() {
    super('portal.errors.vmNotFound');
  }
}

async function groupIdsOf(userId: string): Promise<string[]> {
  return (await db.userGroupMember.findMany({ where: { userId }, select: { groupId: true } })).map((m) => m.groupId);
}

function visibleTo(userId: string, groupIds: string[]): Prisma.VmOwnershipWhereInput {
  return { OR: [{ ownerId: userId }, ...(groupIds.length ? [{ groupId: { in: groupIds } }] : [])] };
}

// ---------------------------------------------------------------- Filter: true connections

/**
 * Enabled oVirt connections set to act with the engine's own user permissions: `Filter: true`
 * and an identity the engine does not treat as an admin (an admin identity sees everything even
 * with the header, so it would open every VM to every user). The engine then decides what that
 * identity, and so every portal user on the connection, may see and touch.
 */
export async function engineFilteredBackends(): Promise<Backend[]> {
  const rows = await db.backendConnection.findMany({ where: { useFilter: true, enabled: true, kind: 'ovirt' }, select: { id: true } });
  const backends = await Promise.all(
    rows.map(async (r) => {
      try {
        const backend = await getBackend(r.id);
        return (await backend.about({ signal: AbortSignal.timeout(10_000) })).isAdmin === false ? backend : null;
      } catch {
        // Unreachable: it opens nothing until it answers.
        return null;
      }
    }),
  );
  return backends.filter((b): b is Backend => b !== null);
}

/** True when the VM is on a Filter connection and the engine shows it to that connection's identity. */
async function engineLetsSee(vmId: QualifiedId): Promise<boolean> {
  const connectionId = parseQualifiedId(vmId)?.connectionId;
  const backend = (await engineFilteredBackends()).find((b) => b.id === connectionId);
  if (!backend?.getVm) return false;
  try {
    await backend.getVm(vmId, { signal: AbortSignal.timeout(10_000) });
    return true;
  } catch (error) {
    if (isBackendError(error) && error.code === 'not_found') return false;
    throw error;
  }
}

/**
 * The ownership record when `user` may act on the VM (admins: also VMs nobody owns, then null).
 * A VM nobody owns is open to users when a Filter connection's engine shows it to its identity;
 * a VM somebody owns follows ownership on every connection.
 */
export async function vmAccess(user: Caller, vmId: QualifiedId): Promise<{ allowed: boolean; ownership: VmOwnership | null }> {
  const ownership = await db.vmOwnership.findUnique({ where: { vmId } });
  if (hasRole(user, 'admin')) return { allowed: true, ownership };
  if (!ownership) return { allowed: await engineLetsSee(vmId), ownership: null };
  if (ownership.ownerId === user.id) return { allowed: true, ownership };
  const shared = !!ownership.groupId && (await groupIdsOf(user.id)).includes(ownership.groupId);
  return { allowed: shared, ownership: shared ? ownership : null };
}

/** For server actions and route handlers: the record, or VmNotYoursError. */
export async function requireVmAccess(user: Caller, vmId: QualifiedId): Promise<VmOwnership | null> {
  const { allowed, ownership } = await vmAccess(user, vmId);
  if (!allowed) throw new VmNotYoursError();
  return ownership;
}

/** True when somebody owns the VM: the console rule then follows ownership, not the connection's mode. */
export async function isOwned(vmId: QualifiedId): Promise<boolean> {
  return (await db.vmOwnership.count({ where: { vmId } })) > 0;
}

export const MY_VMS_PAGE_SIZE = 12;

/** One page of the VMs a user owns or shares through a group, newest first. */
export async function listMyVmRecords(user: Pick<SessionUser, 'id'>, page: number, pageSize = MY_VMS_PAGE_SIZE) {
  const where = visibleTo(user.id, await groupIdsOf(user.id));
  const [total, items] = await Promise.all([
    db.vmOwnership.count({ where }),
    db.vmOwnership.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { vmId: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { owner: { select: { username: true } }, group: { select: { name: true } } },
    }),
  ]);
  return { items, total, page, pageSize };
}

// ---------------------------------------------------------------- quotas

const NO_LIMITS: Limits = { vms: null, vcpus: null, memoryMiB: null, storageGiB: null };

function limitsOf(row: { maxVms: number | null; maxVcpus: number | null; maxMemoryMiB: number | null; maxStorageGiB: number | null } | null): Limits {
  if (!row) return NO_LIMITS;
  return { vms: row.maxVms, vcpus: row.maxVcpus, memoryMiB: row.maxMemoryMiB, storageGiB: row.maxStorageGiB };
}

/** What an owner or a group holds: VMs with their disks, plus portal volumes in the storage figure. */
async function usage(where: { ownerId: string } | { groupId: string }): Promise<Amounts> {
  const [sum, volumes] = await Promise.all([
    db.vmOwnership.aggregate({ where, _count: { _all: true }, _sum: { vcpus: true, memoryMiB: true, storageGiB: true } }),
    db.volumeOwnership.aggregate({ where, _sum: { sizeGiB: true } }),
  ]);
  return { vms: sum._count._all, vcpus: sum._sum.vcpus ?? 0, memoryMiB: sum._sum.memoryMiB ?? 0, storageGiB: (sum._sum.storageGiB ?? 0) + (volumes._sum.sizeGiB ?? 0) };
}

/** The user's own quota, or the default one; what they own counts against it (not group VMs of others). */
export async function userQuotaScope(userId: string): Promise<QuotaScope> {
  const own = await db.quota.findUnique({ where: { scope_subjectId: { scope: 'user', subjectId: userId } } });
  const fallback = own ?? (await db.quota.findUnique({ where: { scope_subjectId: { scope: 'default', subjectId: '' } } }));
  return { kind: 'user', name: '', limits: limitsOf(fallback), used: await usage({ ownerId: userId }) };
}

/** A group's quota (none: no limit) against every VM shared with the group. */
export async function groupQuotaScope(groupId: string): Promise<QuotaScope> {
  const group = await db.userGroup.findUniqueOrThrow({ where: { id: groupId } });
  const row = await db.quota.findUnique({ where: { scope_subjectId: { scope: 'group', subjectId: groupId } } });
  return { kind: 'group', name: group.name, limits: limitsOf(row), used: await usage({ groupId }) };
}

/** The scopes a launch or resize by `userId` (into `groupId`) is checked against. */
export async function quotaScopesFor(userId: string, groupId: string | null | undefined): Promise<QuotaScope[]> {
  return [await userQuotaScope(userId), ...(groupId ? [await groupQuotaScope(groupId)] : [])];
}

/** The groups a user may share a new VM with: the ones they belong to. */
export async function groupsOf(userId: string) {
  return db.userGroup.findMany({ where: { members: { some: { userId } } }, orderBy: { name: 'asc' } });
}

export async function checkQuota(userId: string, groupId: string | null | undefined, delta: Amounts): Promise<QuotaProblem | null> {
  return quotaProblem(await quotaScopesFor(userId, groupId), delta);
}

// Quota checks and the change they allow run one at a time per owner and group in this process,
// so two launches sent at once cannot both fit into the last free slot. (Instances behind a load
// balancer each serialise their own; the backend call is too slow to hold a database lock over.)
const queues = new Map<string, Promise<unknown>>();
export async function serialized<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
  const key = [...keys].sort().join('|');
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}

// ---------------------------------------------------------------- records

export interface OwnershipRecord {
  vmId: QualifiedId;
  vmName: string;
  ownerId: string;
  groupId?: string | null;
  allocation: Amounts;
  catalogItemId?: string | null;
  flavorId?: string | null;
}

export async function recordOwnership(r: OwnershipRecord): Promise<VmOwnership> {
  const connectionId = parseQualifiedId(r.vmId)!.connectionId;
  const data = {
    connectionId,
    vmName: r.vmName,
    ownerId: r.ownerId,
    groupId: r.groupId ?? null,
    vcpus: r.allocation.vcpus,
    memoryMiB: r.allocation.memoryMiB,
    storageGiB: r.allocation.storageGiB,
    catalogItemId: r.catalogItemId ?? null,
    flavorId: r.flavorId ?? null,
  };
  return db.vmOwnership.upsert({ where: { vmId: r.vmId }, create: { vmId: r.vmId, ...data }, update: data });
}

export async function updateAllocation(vmId: QualifiedId, allocation: Pick<Amounts, 'vcpus' | 'memoryMiB'>, flavorId: string): Promise<void> {
  await db.vmOwnership.update({ where: { vmId }, data: { vcpus: allocation.vcpus, memoryMiB: allocation.memoryMiB, flavorId } });
}

export async function releaseOwnership(vmId: QualifiedId): Promise<void> {
  await db.vmOwnership.deleteMany({ where: { vmId } });
}

/** What a VM the admin assigns takes from quotas: its vCPUs, memory and disks as the backend reports them. */
export function allocationOf(vm: Vm): Amounts {
  const vcpus = vm.cpu ? vm.cpu.sockets * vm.cpu.cores * (vm.cpu.threads || 1) : 1;
  const memoryMiB = Math.ceil((vm.memoryBytes ?? 0) / 1024 ** 2);
  const storageGiB = Math.ceil((vm.disks ?? []).reduce((sum, d) => sum + (d.provisionedBytes ?? 0), 0) / 1024 ** 3);
  return { ...ZERO, vms: 1, vcpus, memoryMiB, storageGiB };
}

/** Every record, for the admin page: who owns which VM. */
export async function listAllOwnership() {
  return db.vmOwnership.findMany({
    orderBy: [{ createdAt: 'desc' }],
    take: 500,
    include: { owner: { select: { username: true } }, group: { select: { name: true } } },
  });
}

// ---------------------------------------------------------------- volumes

/** Refused in the same words whether the volume belongs to someone else or does not exist at all. */
export class VolumeNotYoursError extends ActionRefusal {
  constructor() {
    super('portal.volumes.errors.notFound');
  }
}

/**
 * The same rule for volumes as for VMs: admins may act on any volume; a user only on one they
 * own or that is shared with a group they belong to.
 */
export async function volumeAccess(user: Caller, volumeId: QualifiedId): Promise<{ allowed: boolean; ownership: VolumeOwnership | null }> {
  const ownership = await db.volumeOwnership.findUnique({ where: { volumeId } });
  if (hasRole(user, 'admin')) return { allowed: true, ownership };
  if (!ownership) return { allowed: false, ownership: null };
  if (ownership.ownerId === user.id) return { allowed: true, ownership };
  const shared = !!ownership.groupId && (await groupIdsOf(user.id)).includes(ownership.groupId);
  return { allowed: shared, ownership: shared ? ownership : null };
}

/** For server actions: the record of a volume the user may act on, or VolumeNotYoursError. */
export async function requireOwnedVolume(user: Caller, volumeId: QualifiedId): Promise<VolumeOwnership> {
  const { allowed, ownership } = await volumeAccess(user, volumeId);
  // Portal actions work on portal volumes only: an admin reaching one nobody owns is told so by the admin pages.
  if (!allowed || !ownership) throw new VolumeNotYoursError();
  return ownership;
}

/** The volumes a user owns or shares through a group, newest first. */
export async function listMyVolumeRecords(user: Pick<SessionUser, 'id'>) {
  const groupIds = await groupIdsOf(user.id);
  return db.volumeOwnership.findMany({
    where: { OR: [{ ownerId: user.id }, ...(groupIds.length ? [{ groupId: { in: groupIds } }] : [])] },
    orderBy: [{ createdAt: 'desc' }, { volumeId: 'asc' }],
    take: 200,
    include: { owner: { select: { username: true } }, group: { select: { name: true } } },
  });
}

export async function recordVolumeOwnership(r: { volumeId: QualifiedId; volumeName: string; ownerId: string; groupId?: string | null; sizeGiB: number }): Promise<VolumeOwnership> {
  const data = { connectionId: parseQualifiedId(r.volumeId)!.connectionId, volumeName: r.volumeName, ownerId: r.ownerId, groupId: r.groupId ?? null, sizeGiB: r.sizeGiB };
  return db.volumeOwnership.upsert({ where: { volumeId: r.volumeId }, create: { volumeId: r.volumeId, ...data }, update: data });
}

export async function updateVolumeSize(volumeId: QualifiedId, sizeGiB: number): Promise<void> {
  await db.volumeOwnership.update({ where: { volumeId }, data: { sizeGiB } });
}

export async function releaseVolumeOwnership(volumeId: QualifiedId): Promise<void> {
  await db.volumeOwnership.deleteMany({ where: { volumeId } });
}

/** Every volume record, for the admin page. */
export async function listAllVolumeOwnership() {
  return db.volumeOwnership.findMany({
    orderBy: [{ createdAt: 'desc' }],
    take: 500,
    include: { owner: { select: { username: true } }, group: { select: { name: true } } },
  });
}

export { QUOTA_RESOURCES };
