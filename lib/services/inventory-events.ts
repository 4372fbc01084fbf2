import 'server-only';
import { hasCapability, requireCapability } from '@/lib/backends';
import type { Event, EventSeverity } from '@/lib/domain';
import type { AcrossResult, ConnectionFailure } from '@/lib/inventory/types';
import { CACHE_TTL_MS } from './backend-cache';
import { argumentOf, cacheKey } from './gateway';
import { deadline, failureOf, read, resolveTargets, READ_TIMEOUT_MS, type AcrossOptions } from './inventory-read';

// The newest events across connections, narrowed after one shared read.

export interface EventsQuery {
  max: number;
  severity?: EventSeverity;
  /** Text matched against the objects an event is about: their names, ids, and the description naming them. */
  object?: string;
  /** Only the events at or after this instant (epoch ms). */
  sinceMs?: number;
  /** Only the events about this object (qualified id): a VM's or host's events tab. */
  objectId?: string;
}

const EVENT_REFS = ['vm', 'host', 'cluster', 'dataCenter', 'storageDomain', 'user'] as const;

/**
 * The engine's event list takes severity and max but no object or time filter
 * the Backend interface can express for every kind, so those narrow the newest
 * `max` events here, after the shared cached read: every filter combination
 * costs the backend the same one request.
 */
export function matchesEvent(event: Event, query: Pick<EventsQuery, 'object' | 'sinceMs' | 'objectId'>): boolean {
  if (query.sinceMs !== undefined && new Date(event.time).getTime() < query.sinceMs) return false;
  const refs = EVENT_REFS.flatMap((k) => (event[k] ? [event[k]] : []));
  if (query.objectId && !refs.some((r) => r.id === query.objectId)) return false;
  if (query.object) {
    const needle = query.object.toLowerCase();
    // oVirt's event references are id stubs without names; its descriptions name the objects.
    const named = refs.some((r) => (r.name ?? '').toLowerCase().includes(needle) || r.id.toLowerCase() === needle);
    if (!named && !event.description.toLowerCase().includes(needle)) return false;
  }
  return true;
}

/** The newest `max` events across connections, newest first. */
export async function listEventsAcross(query: EventsQuery, options: AcrossOptions = {}): Promise<AcrossResult<Event>> {
  const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
  const { connections, targets, unknown } = await resolveTargets(options.connectionId);
  const asked = targets.filter((t) => !t.backend || hasCapability(t.backend, 'events'));
  const key = cacheKey('events', 'list', argumentOf({ max: query.max, severity: query.severity }));
  const outcomes = await Promise.all(
    asked.map(async (target): Promise<{ items?: Event[]; full?: boolean; failure?: ConnectionFailure }> => {
      if (!target.backend) return { failure: { connectionId: target.info.id, connectionName: target.info.name, error: target.error! } };
      const backend = requireCapability(target.backend, 'events');
      try {
        const list = await read(
          target,
          key,
          CACHE_TTL_MS.list,
          (signal) => backend.listEvents({ max: query.max, severity: query.severity }, { signal }),
          deadline(options),
          timeoutMs,
        );
        return { items: list.items.filter((e) => matchesEvent(e, query)), full: list.items.length >= query.max };
      } catch (error) {
        return { failure: failureOf(target.info, error, 'events') };
      }
    }),
  );
  const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
  if (unknown) failures.push(unknown);
  const items = newestFirst(outcomes.flatMap((o) => o.items ?? [])).slice(0, query.max);
  return {
    items,
    // Older events exist when a connection filled its quota.
    hasMore: outcomes.some((o) => o.full),
    page: 1,
    pageSize: query.max,
    failures,
    connections,
    askedConnectionIds: asked.map((t) => t.info.id),
    fetchedAt: Date.now(),
  };
}

export function newestFirst(events: Event[]): Event[] {
  return [...events].sort((a, b) => new Date(b.time).getTime() - new Date(a.time).getTime());
}
