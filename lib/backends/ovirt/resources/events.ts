import 'server-only';
import { EVENT_SEVERITIES, severityAtLeast, type EventSeverity } from '@/lib/domain';
import { BackendError } from '../../errors';
import type { CallOptions, EventList, EventQuery } from '../../types';
import { listOf } from '../coerce';
import { EventTransform } from '../transform';
import type { OvirtContext } from './context';

const ENGINE_SEVERITY: Record<EventSeverity, string> = {
  info: 'normal',
  warning: 'warning',
  error: 'error',
  alert: 'alert',
};
const MAX_EVENTS = 1000;

/** `severity=warning or severity=error or severity=alert`: a plain `or` list works on every engine version. */
export function severitySearch(min: EventSeverity | undefined): string | undefined {
  if (!min || min === 'info') return undefined;
  return EVENT_SEVERITIES.filter((s) => severityAtLeast(s, min))
    .map((s) => `severity=${ENGINE_SEVERITY[s]}`)
    .join(' or ');
}

/** Newest first. Poll with `sinceIndex` = the last `lastIndex` (the engine's `from`). */
export async function listEvents(ctx: OvirtContext, query: EventQuery, opts: CallOptions = {}): Promise<EventList> {
  if (!Number.isInteger(query.max) || query.max < 1 || query.max > MAX_EVENTS) {
    throw new BackendError('invalid_input', `max must be a whole number from 1 to ${MAX_EVENTS}.`);
  }
  const body = await ctx.transport.get(
    '/events',
    { from: query.sinceIndex, max: query.max, search: severitySearch(query.severity) },
    opts.signal,
  );
  const items = listOf(body, 'event')
    .map((e) => EventTransform.toInternal(e, ctx.connectionId))
    // `from` is exclusive on the engine; drop the boundary event should a version include it.
    .filter((e) => query.sinceIndex === undefined || e.index > query.sinceIndex)
    .sort((a, b) => b.index - a.index)
    .slice(0, query.max);
  const lastIndex = items[0]?.index ?? query.sinceIndex;
  return lastIndex === undefined ? { items } : { items, lastIndex };
}
