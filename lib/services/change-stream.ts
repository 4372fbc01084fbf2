import 'server-only';
import { hasRole, type SessionUser } from '@/lib/auth/roles';
import type { Change } from '@/lib/backends/change-types';
import { db } from '@/lib/db/client';
import { groupIdsOf } from './access';
import { changeFollower, pushEnabled, type ConnectionChanges } from './change-follower';

export { pushEnabled };

type Caller = Pick<SessionUser, 'id' | 'role'>;

/** What one browser is told: the connection and what changed there, or "everything there". */
export type StreamedChanges = ConnectionChanges;

/**
 * What of a change `user` may learn. Admins see every object, so they get it whole. A portal user
 * sees only VMs and volumes they own or share through a group (the same records the portal's
 * pages go by, on canonical ids): other objects are left out, and a change naming none of theirs
 * is not sent at all, so the stream tells them nothing about other users' objects.
 */
export async function changesFor(user: Caller, changes: ConnectionChanges): Promise<StreamedChanges | null> {
  if (hasRole(user, 'admin')) return changes;
  const groups = await groupIdsOf(user.id);
  const mine = { OR: [{ ownerId: user.id }, ...(groups.length ? [{ groupId: { in: groups } }] : [])] };
  if (changes.everything) {
    // Only to users with something on that connection: they re-read their own objects.
    const [vms, volumes] = await Promise.all([
      db.vmOwnership.count({ where: { ...mine, connectionId: changes.connectionId } }),
      db.volumeOwnership.count({ where: { ...mine, connectionId: changes.connectionId } }),
    ]);
    return vms + volumes > 0 ? { connectionId: changes.connectionId, changes: [], everything: true } : null;
  }
  const kept: Change[] = [];
  for (const change of changes.changes) {
    // "Some VM changed" (no ids) could be any user's: a user's page learns of it only by id.
    if (change.ids.length === 0) continue;
    if (change.kind === 'vm') {
      const rows = await db.vmOwnership.findMany({ where: { ...mine, vmId: { in: change.ids } }, select: { vmId: true } });
      if (rows.length) kept.push({ kind: 'vm', ids: rows.map((r) => r.vmId) });
    } else if (change.kind === 'volume') {
      const rows = await db.volumeOwnership.findMany({ where: { ...mine, volumeId: { in: change.ids } }, select: { volumeId: true } });
      if (rows.length) kept.push({ kind: 'volume', ids: rows.map((r) => r.volumeId) });
    }
  }
  return kept.length ? { connectionId: changes.connectionId, changes: kept } : null;
}

/** How often the stream sends a comment line, so proxies and the browser keep an idle stream open. */
export const STREAM_KEEPALIVE_MS = 25_000;

/**
 * One browser's stream as Server-Sent Events, filtered for `user`:
 * - `event: feeds`, `{"kinds":[…]}`: the change kinds live feeds cover (ChangeFollower.coverage),
 *   first right after `ready`, then whenever that changes. The browser stretches a poll only while
 *   every kind it shows is in this list, so a feed that goes down turns the slow polls back to
 *   their own pace at once (and the reads they then make are not served from a cache the feed kept).
 * - `event: changes`: what changed (StreamedChanges).
 * Ends when the browser goes (`signal`).
 */
export async function changeStream(user: Caller, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const follower = await changeFollower();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      // In order: a change filtered later must not overtake one filtered earlier.
      let queue = Promise.resolve();
      const unsubscribe = follower.subscribe((changes) => {
        queue = queue.then(async () => {
          const allowed = await changesFor(user, changes).catch(() => null);
          if (allowed) write(`event: changes\ndata: ${JSON.stringify(allowed)}\n\n`);
        });
      });
      const feeds = (kinds: readonly string[]) => {
        // Behind the changes queued before it: a change must not arrive after the news that its feed is down.
        queue = queue.then(() => write(`event: feeds\ndata: ${JSON.stringify({ kinds })}\n\n`));
      };
      const unsubscribeCoverage = follower.subscribeCoverage(feeds);
      const keepalive = setInterval(() => write(': keepalive\n\n'), STREAM_KEEPALIVE_MS);
      cleanup = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        unsubscribeCoverage();
        clearInterval(keepalive);
        signal.removeEventListener('abort', cleanup);
        try {
          controller.close();
        } catch {
          // Already closed by the reader.
        }
      };
      signal.addEventListener('abort', cleanup, { once: true });
      // Retry after 3 s if the stream drops; the first event says the stream is up.
      write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
      feeds(follower.coverage());
    },
    cancel() {
      cleanup();
    },
  });
}
