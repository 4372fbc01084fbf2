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

/**
 * Details that mean trouble, by event type (libvirt-domain.h): STOPPED because the guest CRASHED (2)
 * or FAILED (5); SUSPENDED by a disk I/O error (2), a WATCHDOG (3), a failed API call (6) or a
 * failed post-copy migration (8). A pause for a migration (1) is routine.
 */
const TROUBLE: Record<number, Record<number, string>> = {
  3: { 2: 'after a disk I/O error', 3: 'by its watchdog', 6: 'after a failed libvirt call', 8: 'after a failed post-copy migration' },
  5: { 2: 'after the guest crashed', 5: 'after a failure' },
};

export class EventLog {
  private items: Event[] = [];
  private next = 1;

  constructor(private readonly connectionId: string) {}

  add(dom: DomainHandle, type: number, detail: number, at = new Date()): Event {
    const [words, base] = EVENTS[type] ?? [`event ${type}`, 'info'];
    const why = TROUBLE[type]?.[detail];
    const severity: EventSeverity = why ? 'warning' : base;
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
      description: `VM ${dom.name} ${words}${why ? ` ${why}` : ''}.`,
      vm: { id: qualifyId(this.connectionId, uuid), name: dom.name },
    };
    this.items.push(event);
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
    return event;
  }

  /** An event of the adapter's own (a migration's outcome), in words. */
  note(dom: DomainHandle, severity: EventSeverity, description: string, at = new Date()): Event {
    const index = this.next++;
    const event: Event = {
      id: qualifyId(this.connectionId, `event-${index}`),
      nativeId: `event-${index}`,
      connectionId: this.connectionId,
      name: description,
      index,
      severity,
      nativeSeverity: severity,
      time: at,
      description,
      vm: { id: qualifyId(this.connectionId, uuidToString(dom.uuid)), name: dom.name },
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
