import 'server-only';
import type { VmMigrationIntent } from '@prisma/client';
import { audit } from '@/lib/audit/audit';
import type { SessionUser } from '@/lib/auth/roles';
import { isBackendError } from '@/lib/backends/errors';
import type { Backend } from '@/lib/backends/types';
import { db } from '@/lib/db/client';
import { qualifyId, type QualifiedId } from '@/lib/domain';
import { backendById } from './gateway';

/**
 * A libvirt VM moving to another connection keeps its records (the tenant's ownership row, console
 * tickets) under its old qualified id until the move is over. The intent is written BEFORE the
 * move starts, so that a dashboard restarted while libvirt still moves the guest (the follower
 * that waited for libvirt's answer died with the old process) can settle it later: on start, and
 * when VMs are next listed or read, it asks the two backends where the domain (by its UUID) is.
 */

/**
 * A domain on neither the target nor, after this long, anywhere but the source, was not moved
 * (the migration failed, was cancelled, or never started): the intent is dropped. A migration
 * under way shows the domain on the target at once (libvirt defines the incoming guest there
 * first), so this only covers the moments between the intent and libvirt's first step.
 */
export const STALE_INTENT_MS = 2 * 60_000;

/** How often listing VMs may look for unsettled intents (one small query when there are none). */
const RECONCILE_EVERY_MS = 10_000;

type Actor = Pick<SessionUser, 'id' | 'username'>;

/** Written before the migration call: what to move, from where to where, on whose behalf. */
export async function recordMigrationIntent(input: {
  vmId: QualifiedId;
  nativeId: string;
  sourceConnectionId: string;
  targetConnectionId: string;
  vmName: string;
  actor?: Actor;
}): Promise<VmMigrationIntent> {
  const data = {
    nativeId: input.nativeId,
    sourceConnectionId: input.sourceConnectionId,
    targetConnectionId: input.targetConnectionId,
    vmName: input.vmName,
    actorId: input.actor?.id ?? null,
    actorUsername: input.actor?.username ?? null,
    createdAt: new Date(),
  };
  // One intent per VM: a new migration of the same VM (the last one failed) replaces it.
  return db.vmMigrationIntent.upsert({ where: { vmId: input.vmId }, create: { vmId: input.vmId, ...data }, update: data });
}

/**
 * The move is over: in ONE transaction the intent is claimed (deleted) and the VM's records move to
 * its id on the target connection. Whoever claims it moves and audits; a second settler (the
 * follower and a reconcile, or two dashboard instances) finds nothing to claim and does nothing,
 * so the move is audited once. PostgreSQL makes the second DELETE wait for the first transaction
 * and then match no row.
 */
export async function settleMoved(intent: VmMigrationIntent): Promise<boolean> {
  const oldId = intent.vmId as QualifiedId;
  const newId = qualifyId(intent.targetConnectionId, intent.nativeId);
  const moved = await db.$transaction(async (tx) => {
    const claimed = await tx.vmMigrationIntent.deleteMany({ where: { id: intent.id } });
    if (claimed.count === 0) return undefined;
    const owned = await tx.vmOwnership.updateMany({ where: { vmId: oldId }, data: { vmId: newId, connectionId: intent.targetConnectionId, vmName: intent.vmName } });
    // Unredeemed console tickets name the old host's console port, which may now be another guest's.
    const tickets = await tx.consoleTicket.deleteMany({ where: { vmId: oldId, usedAt: null } });
    return { owned: owned.count, tickets: tickets.count };
  });
  if (!moved) return false;
  await audit({
    actor: intent.actorUsername ? { id: intent.actorId, username: intent.actorUsername } : null,
    action: 'vm.migrated',
    target: { type: 'vm', id: newId, name: intent.vmName },
    result: 'success',
    detail: { from: oldId, to: newId, ownershipMoved: moved.owned, consoleTicketsDropped: moved.tickets },
  });
  return true;
}

/** The move did not happen (failed, cancelled): the intent goes, the records stay where they are. */
export async function dropIntent(intent: VmMigrationIntent): Promise<void> {
  await db.vmMigrationIntent.deleteMany({ where: { id: intent.id } });
}

type Where = 'found' | 'gone' | 'unknown';

async function whereIs(backend: Backend | undefined, id: QualifiedId): Promise<Where> {
  if (!backend?.getVm) return 'unknown';
  try {
    await backend.getVm(id);
    return 'found';
  } catch (error) {
    return isBackendError(error, 'not_found') ? 'gone' : 'unknown';
  }
}

export type Settlement = 'moved' | 'dropped' | 'pending';

/**
 * Where the domain is now decides: on the target and no longer on the source → moved; on both →
 * still moving (the target holds the incoming guest); on neither → gone, nothing to move; on the
 * source only → not moved, once the intent is older than STALE_INTENT_MS. A backend that does not
 * answer settles nothing: the next reconcile asks again.
 */
export async function reconcileIntent(intent: VmMigrationIntent, now = Date.now()): Promise<Settlement> {
  const [source, target] = await Promise.all([
    backendById(intent.sourceConnectionId).catch(() => undefined),
    backendById(intent.targetConnectionId).catch(() => undefined),
  ]);
  const [onSource, onTarget] = await Promise.all([
    whereIs(source, intent.vmId as QualifiedId),
    whereIs(target, qualifyId(intent.targetConnectionId, intent.nativeId)),
  ]);
  if (onTarget === 'found' && onSource === 'gone') return (await settleMoved(intent)) ? 'moved' : 'pending';
  if (onTarget === 'gone' && onSource === 'gone') {
    await dropIntent(intent);
    return 'dropped';
  }
  if (onTarget === 'gone' && onSource === 'found' && now - intent.createdAt.getTime() > STALE_INTENT_MS) {
    await dropIntent(intent);
    return 'dropped';
  }
  return 'pending';
}

/** Every unsettled intent (a process restarted mid-migration), each settled where it can be. */
export async function reconcileMigrations(): Promise<Map<string, Settlement>> {
  const out = new Map<string, Settlement>();
  for (const intent of await db.vmMigrationIntent.findMany({ orderBy: { createdAt: 'asc' } })) {
    try {
      out.set(intent.vmId, await reconcileIntent(intent));
    } catch (error) {
      console.error(`[virtdash] the migration of VM ${intent.vmId} could not be reconciled (tried again later):`, error);
      out.set(intent.vmId, 'pending');
    }
  }
  return out;
}

const globalForReconcile = globalThis as unknown as { __virtdashReconcile?: { at: number; running?: Promise<unknown> } };

/**
 * When VMs are listed or read: at most every RECONCILE_EVERY_MS per process, in the background
 * (the page does not wait for it), never two at once in this process.
 */
export function reconcileMigrationsSoon(now = Date.now()): void {
  const state = (globalForReconcile.__virtdashReconcile ??= { at: 0 });
  if (state.running || now - state.at < RECONCILE_EVERY_MS) return;
  state.at = now;
  state.running = reconcileMigrations()
    .catch((error: unknown) => console.error('[virtdash] reconciling migrations failed:', error))
    .finally(() => {
      state.running = undefined;
    });
}
