import { describe, expect, it } from 'vitest';
import { EventLog } from './events';
import { uuidFromString } from './protocol';

const web = { name: 'web01', uuid: uuidFromString('6695eb01-f6a4-8304-79aa-97f2502e1001')!, id: 3 };
const db = { name: 'db01', uuid: uuidFromString('6695eb01-f6a4-8304-79aa-97f2502e1002')!, id: -1 };

// virDomainEventType and its detail enums (libvirt-domain.h).
const STARTED = 2;
const SUSPENDED = 3;
const STOPPED = 5;
const CRASHED = 8;

describe('libvirt EventLog', () => {
  it('numbers events from 1 per connection and names the VM by its qualified UUID', () => {
    const log = new EventLog('kvm1');
    const a = log.add(web, STARTED, 0, new Date('2025-01-01T10:00:00Z'));
    const b = log.add(db, STOPPED, 0);
    expect([a.index, b.index]).toEqual([1, 2]);
    expect(a).toMatchObject({
      id: 'kvm1:event-1',
      connectionId: 'kvm1',
      severity: 'info',
      description: 'VM web01 started.',
      time: new Date('2025-01-01T10:00:00Z'),
      vm: { id: 'kvm1:6695eb01-f6a4-8304-79aa-97f2502e1001', name: 'web01' },
    });
    expect(new EventLog('kvm2').add(web, STARTED, 0).index).toBe(1);
  });

  it.each([
    ['a destroyed guest', STOPPED, 1, 'info', 'VM web01 stopped.'],
    ['a crashed guest', STOPPED, 2, 'warning', 'VM web01 stopped after the guest crashed.'],
    ['a failed guest', STOPPED, 5, 'warning', 'VM web01 stopped after a failure.'],
    ['a pause for migration', SUSPENDED, 1, 'info', 'VM web01 suspended.'],
    ['a pause on a disk I/O error', SUSPENDED, 2, 'warning', 'VM web01 suspended after a disk I/O error.'],
    ['a pause by the watchdog', SUSPENDED, 3, 'warning', 'VM web01 suspended by its watchdog.'],
    ['a crash (panic) event', CRASHED, 0, 'error', 'VM web01 crashed.'],
    ['an event type libvirt added later', 42, 0, 'info', 'VM web01 event 42.'],
  ] as const)('%s → %s', (_what, type, detail, severity, description) => {
    const e = new EventLog('kvm1').add(web, type, detail);
    expect(e).toMatchObject({ severity, description, code: type * 100 + detail });
  });

  it('lists newest first, from sinceIndex on, with a minimum severity and a maximum', () => {
    const log = new EventLog('kvm1');
    log.add(web, STARTED, 0); // 1
    log.add(web, STOPPED, 2); // 2, warning
    log.add(db, STARTED, 0); // 3
    log.add(db, CRASHED, 0); // 4, error
    log.add(web, STARTED, 0); // 5

    const all = log.list({ max: 100 });
    expect(all.items.map((e) => e.index)).toEqual([5, 4, 3, 2, 1]);
    expect(all.lastIndex).toBe(5);

    expect(log.list({ max: 100, sinceIndex: 3 }).items.map((e) => e.index)).toEqual([5, 4]);
    expect(log.list({ max: 2 }).items.map((e) => e.index)).toEqual([5, 4]);
    expect(log.list({ max: 100, severity: 'warning' }).items.map((e) => e.index)).toEqual([4, 2]);
    expect(log.list({ max: 100, severity: 'error' }).items.map((e) => e.index)).toEqual([4]);

    // Nothing new: the poller keeps its index.
    expect(log.list({ max: 100, sinceIndex: 5 })).toEqual({ items: [], lastIndex: 5 });
    log.add(db, STOPPED, 0);
    expect(log.list({ max: 100, sinceIndex: 5 }).items.map((e) => e.description)).toEqual(['VM db01 stopped.']);
  });

  it('keeps the newest 1000 events; numbering goes on', () => {
    const log = new EventLog('kvm1');
    for (let i = 0; i < 1005; i++) log.add(web, STARTED, 0);
    const kept = log.list({ max: 5000 }).items;
    expect(kept).toHaveLength(1000);
    expect(kept[0]!.index).toBe(1005);
    expect(kept.at(-1)!.index).toBe(6);
    expect(log.add(web, STARTED, 0).index).toBe(1006);
    expect(log.list({ max: 5000 }).items).toHaveLength(1000);
  });
});
