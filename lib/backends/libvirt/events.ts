import 'server-only';
import { qualifyId, type Event, type EventSeverity } from '@/lib/domain';
import type { EventList, EventQuery } from '../types';
import { severityAtLeast } from '@/lib/domain';
import type { DomainHandle } from './protocol';
import { uuidToString } from './protocol';

/**
 * libvirt keeps no event history: the adapter subscribes to domain lifecycle
 * events on its connection and keeps the newest ones in memory, numbered, so the
 * events feed polls libvirt hosts like engines (`sinceIndex`). History starts when
 * the dashboard connects.
 */
const KEEP = 1000;

/** virDomainEventType → words, severity; details that mean trouble raise it. */
const EVENTS: Record<number, [string, EventSeverity]> = {
  0: ['defined', 'info'],
  1: ['undefined', 'info'],
  2: ['started', 'info'],
  3: ['suspended', 'info'],
  4: ['resumed', 'info'],
  5: ['stopped', 'info'],
  6: ['shut down', 'info'],
  7: ['suspended by the guest', 'info'],
  8: ['crashed', 'error'],
};

export class EventLog {
  private items: Event[] = [];
  private next = 1;

  constructor(private readonly connectionId: string) {}

  add(dom: DomainHandle, type: number, detail: number, at = new Date()): Event {
    const [words, base] = EVENTS[type] ?? [`event ${type}`, 'info'];
    // STOPPED with detail FAILED (5) or CRASHED (2), SUSPENDED by an I/O error (1): operators want to see those.
    const severity: EventSeverity = (type === 5 && (detail === 2 || detail === 5)) || (type === 3 && detail === 1) ? 'warning' : base;
    const uuid = uuidToString(dom.uuid);
    const index = this.next++;
    const event: Event = {
      id: qualifyId(this.connectionId, `event-${index}`),
      nativeId: `event-${index}`,
      connectionId: this.connectionId,
      name: `${dom.name} ${words}`,
      index,
      code: type * 100 + detail,
      severity,
      nativeSeverity: `${words} (detail ${detail})`,
      time: at,
      description: `VM ${dom.name} ${words}.`,
      vm: { id: qualifyId(this.connectionId, uuid), name: dom.name },
    };
    this.items.push(event);
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
    return event;
  }

  list(query: EventQuery): EventList {
    const since = query.sinceIndex ?? 0;
    const items = this.items
      .filter((e) => e.index > since && (!query.severity || severityAtLeast(e.severity, query.severity)))
      .reverse()
      .slice(0, Math.max(0, query.max));
    return { items, lastIndex: items[0]?.index ?? query.sinceIndex };
  }
}
