import { afterEach, describe, expect, it } from 'vitest';
import { clearFollowed, expireFollowed, FOLLOWED_GRACE_MS, HEARTBEAT_MS, isFollowed, liveKinds, markChanged, markFollowed, RECENT_CHANGE_MS } from './followed';

/** Which cached reads a live change feed keeps long, and when a feed counts as down. */
afterEach(() => clearFollowed());

describe('followed feeds', () => {
  it("a live feed covers its kinds' own resources only", () => {
    const now = 5_000_000;
    expect(markFollowed('c', ['vm', 'host'], now)).toBe(true);
    expect(isFollowed('c', 'vms', now)).toBe(true);
    expect(isFollowed('c', 'hosts', now)).toBe(true);
    // Not claimed: storage domains, jobs; nor what a VM change touches but the feed does not report (disks).
    expect(isFollowed('c', 'storagedomains', now)).toBe(false);
    expect(isFollowed('c', 'tasks', now)).toBe(false);
    expect(isFollowed('c', 'disks', now)).toBe(false);
    // The same heartbeat again changes nothing; other kinds do.
    expect(markFollowed('c', ['host', 'vm'], now + 1)).toBe(false);
    expect(markFollowed('c', ['vm'], now + 2)).toBe(true);
  });

  it('three missed heartbeats: down, and reported once by expireFollowed', () => {
    const now = 6_000_000;
    markFollowed('c', ['vm'], now);
    expect(FOLLOWED_GRACE_MS).toBe(3 * HEARTBEAT_MS);
    expect(expireFollowed(now + FOLLOWED_GRACE_MS - 1)).toEqual([]);
    expect(liveKinds('c', now + FOLLOWED_GRACE_MS - 1)).toEqual(['vm']);
    expect(expireFollowed(now + FOLLOWED_GRACE_MS)).toEqual(['c']);
    expect(expireFollowed(now + FOLLOWED_GRACE_MS + 1)).toEqual([]);
    expect(isFollowed('c', 'vms', now + FOLLOWED_GRACE_MS)).toBe(false);
    expect(liveKinds('c', now + FOLLOWED_GRACE_MS)).toBeUndefined();
  });

  it('a feed said stopped is down at once', () => {
    const now = 7_000_000;
    markFollowed('c', ['vm'], now);
    expect(markFollowed('c', false, now + 1)).toBe(true);
    expect(isFollowed('c', 'vms', now + 1)).toBe(false);
  });

  it('a resource a change named keeps its short lifetime for RECENT_CHANGE_MS', () => {
    const now = 8_000_000;
    const beat = (at: number) => markFollowed('c', ['vm', 'host'], at);
    beat(now);
    markChanged('c', ['vm'], now);
    // A VM change touches the VM list and the hosts' running counts.
    expect(isFollowed('c', 'vms', now + 1)).toBe(false);
    expect(isFollowed('c', 'hosts', now + 1)).toBe(false);
    beat(now + RECENT_CHANGE_MS);
    expect(isFollowed('c', 'vms', now + RECENT_CHANGE_MS + 1)).toBe(true);
    markChanged('c', 'everything', now + RECENT_CHANGE_MS + 2);
    expect(isFollowed('c', 'hosts', now + RECENT_CHANGE_MS + 3)).toBe(false);
    // Another connection's change is not this one's.
    markFollowed('d', ['vm'], now + RECENT_CHANGE_MS + 3);
    expect(isFollowed('d', 'vms', now + RECENT_CHANGE_MS + 4)).toBe(true);
  });
});
