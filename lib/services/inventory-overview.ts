import 'server-only';
import { hasCapability } from '@/lib/backends';
import type { Backend } from '@/lib/backends';
import type { Event, StorageDomain, Task } from '@/lib/domain';
import { computeCapacity } from '@/lib/inventory/capacity';
import type { ConnectionFailure, ConnectionInfo, ConnectionOverview, OverviewSummary, Tally } from '@/lib/inventory/types';
import type { ListKind } from '@/lib/validations/inventory';
import { CACHE_TTL_MS } from './backend-cache';
import { cacheKey } from './gateway';
import { lastAnswer, remember } from './health';
import { CACHE_PREFIX, WHOLE, deadline, failureOf, read, resolveTargets, OVERVIEW_EVENTS, OVERVIEW_TASKS, OVERVIEW_TTL_MS, READ_TIMEOUT_MS, type ReadOptions, type Target } from './inventory-read';
import { scanVms } from './inventory-lists';
import { newestFirst } from './inventory-events';
import { PATIENCE_MS, StillWaiting, within } from './patience';

// The overview: per-connection health and capacity, newest events, running tasks.

function tally<T, S extends string>(items: T[], statusOf: (item: T) => S | undefined, truncated: boolean): Tally<S> {
  const byStatus: Partial<Record<S, number>> = {};
  for (const item of items) {
    const s = statusOf(item);
    if (s !== undefined) byStatus[s] = (byStatus[s] ?? 0) + 1;
  }
  return { total: items.length, byStatus, truncated };
}

/**
 * Per-connection health and capacity, newest events and running tasks for
 * the overview. Request budget per connection, independent of the estate's
 * size (one page of MAX_PAGE_SIZE per collection, no per-row reads):
 * data centers 1, clusters 1, hosts 1, storage domains 1 + one per data center
 * (the adapter's status merge), VMs ≤ OVERVIEW_VM_PAGES, events 1, tasks 1.
 * Counts beyond those pages are reported as lower bounds (`truncated`).
 */
export async function overviewSummary(options: ReadOptions = {}): Promise<OverviewSummary> {
  const { connections, parts } = await overviewParts(options);
  return combineOverview(connections, await Promise.all(parts.map((p) => p.outcome)));
}

/**
 * The overview per connection, each part a promise of its own: a page streams every connection's
 * card as it answers, so one that hangs holds back only its own card.
 */
export interface OverviewPart {
  connection: ConnectionInfo;
  outcome: Promise<OverviewOutcome>;
}

export async function overviewParts(options: ReadOptions = {}): Promise<{ connections: ConnectionInfo[]; parts: OverviewPart[] }> {
  const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
  const { connections, targets } = await resolveTargets();
  return { connections, parts: targets.map((t) => ({ connection: t.info, outcome: overviewPatiently(t, options, timeoutMs) })) };
}

/**
 * One connection's part as a streamed page shows it: its outcome, or, when it has not come within
 * `ms` (a connection that never answered has no last figures to show), a "still waiting" failure.
 * The read goes on in the background: it opens the circuit if it times out, and the page's next
 * poll gets its answer. Never rejects.
 */
export async function overviewWithin(part: OverviewPart, ms = PATIENCE_MS): Promise<OverviewOutcome> {
  const { connection } = part;
  try {
    return await within(part.outcome, connection.name, ms);
  } catch (error) {
    const failure = failureOf(connection, error, 'overview');
    return { failure: error instanceof StillWaiting ? { ...failure, pending: true } : failure };
  }
}

/** The cards, failures, newest events and running tasks of every connection's part, as one summary. */
export function combineOverview(connections: ConnectionInfo[], results: OverviewOutcome[]): OverviewSummary {
  const unreachable = results.flatMap((r) => (r.failure ? [r.failure] : []));
  const down = new Set(unreachable.map((f) => f.connectionId));
  const events = newestFirst(results.flatMap((r) => r.events ?? [])).slice(0, OVERVIEW_EVENTS);
  const runningTasks = results
    .flatMap((r) => r.tasks ?? [])
    .sort((a, b) => new Date(b.startedAt ?? 0).getTime() - new Date(a.startedAt ?? 0).getTime())
    .slice(0, OVERVIEW_TASKS);
  return {
    connections,
    reachable: results.flatMap((r) => (r.overview ? [r.overview] : [])),
    unreachable,
    events,
    // A connection that is down altogether is reported once, under unreachable.
    eventFailures: results.flatMap((r) => (r.eventFailure && !down.has(r.eventFailure.connectionId) ? [r.eventFailure] : [])),
    runningTasks,
    taskFailures: results.flatMap((r) => (r.taskFailure && !down.has(r.taskFailure.connectionId) ? [r.taskFailure] : [])),
    fetchedAt: Date.now(),
  };
}

/** Where a connection's last whole overview is kept (health.ts drops it when the connection changes). */
const LAST_OVERVIEW = 'overview:summary';

/**
 * A connection's overview, or, when it has given one before and does not answer within
 * PATIENCE_MS (or fails), that last one with its age: its card stays, under an "As of …" banner,
 * while the read goes on in the background (and opens the circuit if it times out).
 */
async function overviewPatiently(target: Target, options: ReadOptions, timeoutMs: number): Promise<OverviewOutcome> {
  const last = lastAnswer<OverviewOutcome>(target.info.id, LAST_OVERVIEW);
  const fresh = overviewOf(target, options, timeoutMs).then((outcome) => {
    if (outcome.overview) remember(target.info.id, LAST_OVERVIEW, outcome);
    return outcome;
  });
  if (!last) return fresh;
  let failure: ConnectionFailure | undefined;
  try {
    const outcome = await within(fresh, target.info.name);
    if (!outcome.failure) return outcome;
    failure = outcome.failure;
  } catch (error) {
    failure = failureOf(target.info, error, 'overview');
  }
  return { ...last.value, failure: { ...failure, asOf: last.at } };
}

export interface OverviewOutcome {
  overview?: ConnectionOverview;
  failure?: ConnectionFailure;
  events?: Event[];
  eventFailure?: ConnectionFailure;
  tasks?: Task[];
  taskFailure?: ConnectionFailure;
}

async function overviewOf(target: Target, options: ReadOptions, timeoutMs: number): Promise<OverviewOutcome> {
  if (!target.backend) return { failure: { connectionId: target.info.id, connectionName: target.info.name, error: target.error! } };
  const b = target.backend;
  const t = target as Target & { backend: Backend };
  // One deadline for the whole connection: its reads run in parallel.
  const limit = deadline(options);
  const whole = <R>(kind: ListKind, fn: (signal: AbortSignal) => Promise<R>) =>
    read(target, cacheKey(CACHE_PREFIX[kind], 'list', 'overview'), OVERVIEW_TTL_MS, fn, limit, timeoutMs);

  const core = Promise.all([
    hasCapability(b, 'dataCenters') ? whole('dataCenters', (signal) => b.listDataCenters(WHOLE, { signal })) : undefined,
    hasCapability(b, 'clusters') ? whole('clusters', (signal) => b.listClusters(WHOLE, { signal })) : undefined,
    hasCapability(b, 'hosts') ? whole('hosts', (signal) => b.listHosts(WHOLE, { signal })) : undefined,
    hasCapability(b, 'storageDomains') ? whole('storageDomains', (signal) => b.listStorageDomains(WHOLE, { signal })) : undefined,
    hasCapability(b, 'vms') ? scanVms(t, limit, timeoutMs) : undefined,
  ]);
  const events = hasCapability(b, 'events')
    ? read(
        target,
        cacheKey('events', 'list', 'overview'),
        CACHE_TTL_MS.list,
        (signal) => b.listEvents({ max: OVERVIEW_EVENTS }, { signal }),
        limit,
        timeoutMs,
      )
    : undefined;
  const tasks = hasCapability(b, 'tasks')
    ? read(
        target,
        cacheKey('tasks', 'list', 'overview-running'),
        CACHE_TTL_MS.list,
        (signal) => b.listTasks({ page: 1, pageSize: OVERVIEW_TASKS, filters: { status: 'running' } }, { signal }),
        limit,
        timeoutMs,
      )
    : undefined;

  const [coreResult, eventsResult, tasksResult] = await Promise.allSettled([core, events, tasks]);
  const out: OverviewOutcome = {};
  if (eventsResult.status === 'fulfilled') out.events = eventsResult.value?.items;
  else out.eventFailure = failureOf(target.info, eventsResult.reason, 'events');
  if (tasksResult.status === 'fulfilled') out.tasks = tasksResult.value?.items;
  else out.taskFailure = failureOf(target.info, tasksResult.reason, 'tasks');
  if (coreResult.status === 'rejected') {
    out.failure = failureOf(target.info, coreResult.reason, 'overview');
    return out;
  }
  const [dcs, clusters, hosts, domains, vms] = coreResult.value;
  const overview: ConnectionOverview = { connection: target.info };
  if (dcs) overview.dataCenters = tally(dcs.items, (d) => d.status, dcs.hasMore);
  if (clusters) overview.clusters = tally(clusters.items, () => undefined, clusters.hasMore);
  if (hosts) overview.hosts = tally(hosts.items, (h) => h.status, hosts.hasMore);
  if (vms) overview.vms = tally(vms.items, (v) => v.status, vms.truncated);
  if (hosts && vms) {
    // Measured load comes with the host list (oVirt: follow=statistics), so it costs no request.
    const { cpu, memory } = computeCapacity(hosts.items, vms.items);
    overview.cpu = cpu;
    overview.memory = memory;
  }
  if (domains) {
    const data = domains.items.filter((d) => d.kind === 'data');
    const sum = (f: (d: StorageDomain) => number | undefined) => data.reduce((acc, d) => acc + (f(d) ?? 0), 0);
    overview.storage = {
      domains: data.length,
      usedBytes: sum((d) => d.usedBytes),
      availableBytes: sum((d) => d.availableBytes),
      committedBytes: sum((d) => d.committedBytes),
      totalBytes: sum((d) => d.totalBytes ?? (d.usedBytes ?? 0) + (d.availableBytes ?? 0)),
      truncated: domains.hasMore,
    };
    overview.storageKinds = {};
    for (const d of domains.items) overview.storageKinds[d.kind] = (overview.storageKinds[d.kind] ?? 0) + 1;
  }
  out.overview = overview;
  return out;
}
