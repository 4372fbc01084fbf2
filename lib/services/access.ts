import 'server-only';
import type { VmOwnership, VolumeOwnership } from '@prisma/client';
import { ActionRefusal } from './refusal';
import { hasRole, type SessionUser } from '@/lib/auth/roles';
import type { Backend } from '@/lib/backends';
import { isBackendError } from '@/lib/backends/errors';
import { db } from '@/lib/db/client';
import { parseQualifiedId, type QualifiedId } from '@/lib/domain';
import { getBackend } from './connections';
import { readVolume } from './volumes';

/**
 * THE rule for who may see and touch a VM or a volume, for every portal page, server action,
 * route handler and console (ticket, .vv file, console page): admins may act on any; a user
 * only on one they own or that is shared with a group they belong to, plus, for VMs nobody owns,
 * the VMs a Filter connection's engine shows its identity. Anything else is answered exactly
 * like an object that does not exist, so an id tells a user nothing about other users' objects.
 *
 * Ownership is keyed by the id the backend itself returns. A caller may spell the same VM
 * differently (an oVirt UUID in upper case, a libvirt domain name instead of its UUID): when no
 * record carries the id as given, the backend resolves it and the record of the id it returns
 * decides. Every answer carries that canonical id, and callers act and record on it, so an
 * alias can neither slip past another user's record nor leave the real one behind on delete.
 */

type Caller = Pick<SessionUser, 'id' | 'role'>;

const RESOLVE_TIMEOUT_MS = 10_000;

/** Refused in the same words whether the VM belongs to someone else or does not exist at all. */
export class VmNotYoursError extends ActionRefusal {
  constructor() {
    super('portal.errors.vmNotFound');
  }
}

/** Refused in the same words whether the volume belongs to someone else or does not exist at all. */
export class VolumeNotYoursError extends ActionRefusal {
  constructor() {
    super('portal.volumes.errors.notFound');
  }
}

export async function groupIdsOf(userId: string): Promise<string[]> {
  return (await db.userGroupMember.findMany({ where: { userId }, select: { groupId: true } })).map((m) => m.groupId);
}

/** The owner, or a member of the group the record is shared with. */
async function holds(user: Caller, record: { ownerId: string; groupId: string | null }): Promise<boolean> {
  if (record.ownerId === user.id) return true;
  return !!record.groupId && (await groupIdsOf(user.id)).includes(record.groupId);
}

// ---------------------------------------------------------------- Filter: true connections

/** True when the backend acts with `Filter: true` as an identity the engine does not treat as an admin. */
async function actsAsEngineUser(backend: Backend): Promise<boolean> {
  try {
    return (await backend.about({ signal: AbortSignal.timeout(RESOLVE_TIMEOUT_MS) })).isAdmin === false;
  } catch {
    // Unreachable: it opens nothing until it answers.
    return false;
  }
}

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
      const backend = await getBackend(r.id).catch(() => null);
      return backend && (await actsAsEngineUser(backend)) ? backend : null;
    }),
  );
  return backends.filter((b): b is Backend => b !== null);
}

async function isEngineFiltered(connectionId: string): Promise<boolean> {
  const row = await db.backendConnection.findFirst({ where: { id: connectionId, useFilter: true, enabled: true, kind: 'ovirt' }, select: { id: true } });
  if (!row) return false;
  const backend = await getBackend(row.id).catch(() => null);
  return !!backend && (await actsAsEngineUser(backend));
}

// ---------------------------------------------------------------- VMs

/** The id the backend gives the VM named by `vmId`, or null when it names none this caller could reach. */
async function resolveVmId(vmId: QualifiedId): Promise<QualifiedId | null> {
  const parsed = parseQualifiedId(vmId);
  if (!parsed) return null;
  try {
    const backend = await getBackend(parsed.connectionId);
    if (!backend.getVm) return null;
    return (await backend.getVm(vmId, { signal: AbortSignal.timeout(RESOLVE_TIMEOUT_MS) })).id;
  } catch (error) {
    // Unknown, hidden by the engine, not an id at all, or a connection that cannot answer: this
    // caller reaches nothing through it, and a user learns nothing more than "not found".
    if (isBackendError(error)) return null;
    throw error;
  }
}

export interface VmAccess {
  allowed: boolean;
  /** The VM's canonical id (the backend's own spelling) when it could be resolved, else the id as asked. */
  vmId: QualifiedId;
  ownership: VmOwnership | null;
}

/**
 * Whether `user` may act on the VM, with its ownership record (admins: also VMs nobody owns, then
 * null). A VM somebody owns follows ownership on every connection; a VM nobody owns is open to
 * users only when a Filter connection's engine shows it to that connection's identity.
 */
export async function vmAccess(user: Caller, vmId: QualifiedId): Promise<VmAccess> {
  const admin = hasRole(user, 'admin');
  const exact = await db.vmOwnership.findUnique({ where: { vmId } });
  if (exact) return { allowed: admin || (await holds(user, exact)), vmId: exact.vmId, ownership: exact };
  const canonical = await resolveVmId(vmId);
  if (!canonical) return { allowed: admin, vmId, ownership: null };
  const record = canonical === vmId ? null : await db.vmOwnership.findUnique({ where: { vmId: canonical } });
  if (record) return { allowed: admin || (await holds(user, record)), vmId: canonical, ownership: record };
  if (admin) return { allowed: true, vmId: canonical, ownership: null };
  // Resolved through the connection itself: on a Filter connection that read was the engine
  // showing the VM to the connection's identity.
  return { allowed: await isEngineFiltered(parseQualifiedId(canonical)!.connectionId), vmId: canonical, ownership: null };
}

/** For server actions, route handlers and consoles: the canonical id and record, or VmNotYoursError. */
export async function requireVmAccess(user: Caller, vmId: QualifiedId): Promise<{ vmId: QualifiedId; ownership: VmOwnership | null }> {
  const access = await vmAccess(user, vmId);
  if (!access.allowed) throw new VmNotYoursError();
  return { vmId: access.vmId, ownership: access.ownership };
}

// ---------------------------------------------------------------- volumes

export interface VolumeAccess {
  allowed: boolean;
  volumeId: QualifiedId;
  ownership: VolumeOwnership | null;
}

/**
 * The same rule for volumes as for VMs, without the Filter case (volumes have no engine-side
 * owner): admins may act on any volume; a user only on one they own or share through a group.
 */
export async function volumeAccess(user: Caller, volumeId: QualifiedId): Promise<VolumeAccess> {
  const admin = hasRole(user, 'admin');
  const exact = await db.volumeOwnership.findUnique({ where: { volumeId } });
  if (exact) return { allowed: admin || (await holds(user, exact)), volumeId: exact.volumeId, ownership: exact };
  const read = parseQualifiedId(volumeId) ? await readVolume(volumeId) : null;
  const canonical = read?.ok ? read.value.id : null;
  if (!canonical) return { allowed: admin, volumeId, ownership: null };
  const record = canonical === volumeId ? null : await db.volumeOwnership.findUnique({ where: { volumeId: canonical } });
  if (record) return { allowed: admin || (await holds(user, record)), volumeId: canonical, ownership: record };
  return { allowed: admin, volumeId: canonical, ownership: null };
}

/** For server actions: the canonical id and record of a portal volume the user may act on, or VolumeNotYoursError. */
export async function requireOwnedVolume(user: Caller, volumeId: QualifiedId): Promise<{ volumeId: QualifiedId; ownership: VolumeOwnership }> {
  const { allowed, volumeId: canonical, ownership } = await volumeAccess(user, volumeId);
  // Portal actions work on portal volumes only: an admin reaching one nobody owns is told so by the admin pages.
  if (!allowed || !ownership) throw new VolumeNotYoursError();
  return { volumeId: canonical, ownership };
}
