import { afterEach, describe, expect, it } from 'vitest';
import { PUSH_SHOWS } from '@/lib/inventory/resources';
import { noteChanges, pollInterval, PUSHED_POLL_MS, RECENT_CHANGE_MS, resetPushState, setCoveredKinds, setPushConnected } from './push-state';

/**
 * When a browser poll may stretch (issue 21 push): only while the stream is connected, every kind
 * it shows is covered by a live feed, its last answer did not fail, and no change named it lately.
 */
afterEach(() => resetPushState());

const VM_LIST = { kinds: ['vm'] as const };

describe('pollInterval', () => {
  it('keeps its own pace without a stream, and without coverage of what it shows', () => {
    expect(pollInterval(5_000, VM_LIST)).toBe(5_000);
    setPushConnected(true);
    // Connected, but the stream has not said (yet) that any feed is live.
    expect(pollInterval(5_000, VM_LIST)).toBe(5_000);
    setCoveredKinds(['vm', 'event']);
    expect(pollInterval(5_000, VM_LIST)).toBe(PUSHED_POLL_MS);
    // A host list also counts VMs: hosts are not covered here.
    expect(pollInterval(5_000, { kinds: ['host', 'vm'] })).toBe(5_000);
    // A poll that says nothing of what it shows (snapshots, jobs, settings) never stretches.
    expect(pollInterval(5_000, undefined)).toBe(5_000);
    expect(pollInterval(5_000, { kinds: [] })).toBe(5_000);
  });

  it('a failed last answer keeps its own pace', () => {
    setPushConnected(true);
    setCoveredKinds(['vm']);
    expect(pollInterval(5_000, VM_LIST, true)).toBe(5_000);
    expect(pollInterval(5_000, VM_LIST, false)).toBe(PUSHED_POLL_MS);
  });

  it('a feed going down (coverage lost) or the stream dropping ends the stretch at once, and says so', () => {
    setPushConnected(true);
    expect(setCoveredKinds(['vm', 'host'])).toBe(false);
    expect(pollInterval(5_000, VM_LIST)).toBe(PUSHED_POLL_MS);
    // Losing a kind is reported (the stream then re-runs every poll); gaining one is not.
    expect(setCoveredKinds(['host'])).toBe(true);
    expect(pollInterval(5_000, VM_LIST)).toBe(5_000);
    expect(setCoveredKinds(['host', 'vm'])).toBe(false);
    expect(pollInterval(5_000, VM_LIST)).toBe(PUSHED_POLL_MS);
    setPushConnected(false);
    expect(pollInterval(5_000, VM_LIST)).toBe(5_000);
    // A new stream covers nothing until its first `feeds` event.
    setPushConnected(true);
    expect(pollInterval(5_000, VM_LIST)).toBe(5_000);
  });

  it('what a change names keeps its own pace for RECENT_CHANGE_MS, other objects stretch', () => {
    setPushConnected(true);
    setCoveredKinds(['vm']);
    const now = 1_000_000;
    noteChanges({ connectionId: 'c', changes: [{ kind: 'vm', ids: ['c:a'] }] }, now);
    expect(pollInterval(5_000, { kinds: ['vm'], id: 'c:a' }, false, now + 1_000)).toBe(5_000);
    expect(pollInterval(5_000, { kinds: ['vm'], id: 'c:b' }, false, now + 1_000)).toBe(PUSHED_POLL_MS);
    // A list shows every VM, the one that changed too.
    expect(pollInterval(5_000, VM_LIST, false, now + 1_000)).toBe(5_000);
    expect(pollInterval(5_000, { kinds: ['vm'], id: 'c:a' }, false, now + RECENT_CHANGE_MS - 1)).toBe(5_000);
    expect(pollInterval(5_000, { kinds: ['vm'], id: 'c:a' }, false, now + RECENT_CHANGE_MS + 1)).toBe(PUSHED_POLL_MS);
    expect(pollInterval(5_000, VM_LIST, false, now + RECENT_CHANGE_MS + 1)).toBe(PUSHED_POLL_MS);
    // "Some VM" and "everything" name every object.
    noteChanges({ changes: [{ kind: 'vm', ids: [] }] }, now);
    expect(pollInterval(5_000, { kinds: ['vm'], id: 'c:b' }, false, now + 1_000)).toBe(5_000);
    noteChanges({ connectionId: 'c', everything: true, changes: [] }, now + 2 * RECENT_CHANGE_MS);
    expect(pollInterval(5_000, { kinds: ['vm'], id: 'c:z' }, false, now + 2 * RECENT_CHANGE_MS + 1)).toBe(5_000);
  });
});

describe('the lists that may stretch', () => {
  it('only lists of what a feed can claim; never the overview, jobs, storage, templates, volumes or networks', () => {
    expect(Object.keys(PUSH_SHOWS).sort()).toEqual(['clusters', 'dataCenters', 'events', 'hosts', 'vms']);
    for (const shows of Object.values(PUSH_SHOWS)) expect(shows!.kinds).not.toContain('task');
  });
});
