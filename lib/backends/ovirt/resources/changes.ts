import 'server-only';
import type { Event } from '@/lib/domain';
import { abortableSleep } from '../../http/send';
import type { Change, ChangeBatch, ChangeKind } from '../../change-types';
import { FEED_READ_DEADLINE_MS, mergeChanges } from '../../change-types';
import type { OvirtContext } from './context';
import { listEvents } from './events';

/**
 * The engine's change feed is its audit log: every state change worth telling a person about is
 * an event with stubs of the objects it concerns (vm, host, cluster, data_center,
 * storage_domain). The engine has no long poll and no push to REST clients, so the feed asks
 * `/events?from=<last index>` every OVIRT_FOLLOW_MS: one request per interval, whatever happens and
 * however many browsers watch. The engine logs no event for some intermediate steps
 * (wait_for_launch → powering_up): the one it logs when the VM is up is what the feed reports.
 */
// 2.5 s: 0.4 requests a second per connection, leaving room under issue 21's 0.5 for the reads that
// real changes cause; a change waits 1.25 s for the next read on average. VIRTDASH_OVIRT_FOLLOW_MS
// (milliseconds, at least 500) trades one for the other.
export const OVIRT_FOLLOW_MS = Math.max(500, Number(process.env.VIRTDASH_OVIRT_FOLLOW_MS) || 2_500);
/**
 * What the feed CLAIMS to report: pages showing only these may poll slowly while it is live. Its
 * events also name storage domains and usually come with job progress, and those are passed on
 * (they drop stale reads sooner), but not claimed: a job's progress, a snapshot preview undone or a
 * storage domain's free space change with no event, so their pages keep polling at their own pace.
 */
export const OVIRT_CHANGE_KINDS = ['vm', 'host', 'cluster', 'dataCenter', 'event'] as const satisfies readonly ChangeKind[];
/** One read returns at most this many events; a full page means more came than we saw. */
const PAGE = 200;

/** What one event says changed. Every event is a new event, and the engine's jobs usually moved with it. */
export function changesOf(events: readonly Event[]): Change[] {
  const changes: Change[] = [];
  for (const e of events) {
    if (e.vm) changes.push({ kind: 'vm', ids: [e.vm.id] });
    if (e.host) changes.push({ kind: 'host', ids: [e.host.id] });
    if (e.cluster) changes.push({ kind: 'cluster', ids: [e.cluster.id] });
    if (e.dataCenter) changes.push({ kind: 'dataCenter', ids: [e.dataCenter.id] });
    if (e.storageDomain) changes.push({ kind: 'storageDomain', ids: [e.storageDomain.id] });
  }
  if (events.length) changes.push({ kind: 'event', ids: [] }, { kind: 'task', ids: [] });
  return mergeChanges(changes);
}

/** One read's signal: the feed's own, or FEED_READ_DEADLINE_MS passing (an engine that stopped answering). */
function withDeadline(signal: AbortSignal): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(FEED_READ_DEADLINE_MS)]);
}

/**
 * Follows the engine's events until `signal` aborts; a failed read, or one not answered within
 * FEED_READ_DEADLINE_MS, rejects (the caller announces the feed down and starts it again; a new
 * start says "everything", since events may have been missed meanwhile).
 */
export async function followChanges(
  ctx: OvirtContext,
  onChanges: (batch: ChangeBatch) => void,
  { signal, everyMs = OVIRT_FOLLOW_MS }: { signal: AbortSignal; everyMs?: number | undefined },
): Promise<void> {
  try {
    // Where to start: the newest event now (without `from`, the engine answers newest first).
    const newest = await listEvents(ctx, { max: 1 }, { signal: withDeadline(signal) });
    let last = newest.lastIndex ?? 0;
    onChanges({ changes: [], everything: true });
    while (!signal.aborted) {
      await abortableSleep(everyMs, signal);
      const page = await listEvents(ctx, { sinceIndex: last, max: PAGE }, { signal: withDeadline(signal) });
      if (page.items.length === 0) continue;
      last = page.lastIndex ?? last;
      onChanges(page.items.length >= PAGE ? { changes: [], everything: true } : { changes: changesOf(page.items) });
    }
  } catch (error) {
    // Stopped on purpose: not a failure of the feed.
    if (signal.aborted) return;
    throw error;
  }
}
