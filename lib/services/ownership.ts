import 'server-only';
import type { Prisma, VmOwnership, VolumeOwnership } from '@prisma/client';
import type { SessionUser } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';
import { parseQualifiedId, type QualifiedId, type Vm } from '@/lib/domain';
import { groupIdsOf } from './access';
import { QUOTA_RESOURCES, quotaProblem, ZERO, type Amounts, type Limits, type QuotaProblem, type QuotaScope } from '@/lib/portal/quota';
import { withNamedLock } from '@/lib/db/named-lock';

/**
 * What users own in the self-service portal (VM and volume records, keyed by the backend's own
 * id) and the quota arithmetic over it. Who may act on what is decided in ./access.ts.
 */

function visibleTo(userId: string, groupIds: string[]): Prisma.VmOwnershipWhereInput {
  return { OR: [{ ownerId: userId }, ...(groupIds.length ? [{ groupId: { in: groupIds } }] : [])] };
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

/**
 * How many snapshots one portal VM or volume may hold: the owner's quota (or the default one) and
 * its group's, whichever is smaller; null when neither sets one. Snapshots are counted per object
 * rather than by size, because a VM snapshot's size is not known when it is taken (copy-on-write).
 */
export async function snapshotLimitFor(ownerId: string, groupId: string | null): Promise<{ limit: number; group: string | null } | null> {
  const own = await db.quota.findUnique({ where: { scope_subjectId: { scope: 'user', subjectId: ownerId } } });
  const user = own ?? (await db.quota.findUnique({ where: { scope_subjectId: { scope: 'default', subjectId: '' } } }));
  const group = groupId ? await db.quota.findUnique({ where: { scope_subjectId: { scope: 'group', subjectId: groupId } } }) : null;
  const candidates: Array<{ limit: number; group: string | null }> = [];
  if (user?.maxSnapshots != null) candidates.push({ limit: user.maxSnapshots, group: null });
  if (group?.maxSnapshots != null) candidates.push({ limit: group.maxSnapshots, group: (await db.userGroup.findUnique({ where: { id: groupId! } }))?.name ?? null });
  return candidates.sort((x, y) => x.limit - y.limit)[0] ?? null;
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

// Quota checks and the change they allow run one at a time, so two launches sent at once cannot
// both fit into the last free slot: in this process through a queue per key, and across the
// instances behind a load balancer through a lock in the database (lib/db/named-lock.ts), which
// each queued call takes in turn (so one process holds at most one connection per key waiting).
const queues = new Map<string, Promise<unknown>>();
export async function serialized<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
  const key = [...keys].sort().join('|');
  const before = queues.get(key) ?? Promise.resolve();
  const locked = () => withNamedLock(keys, fn);
  const run = before.then(locked, locked);
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
