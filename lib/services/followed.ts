import 'server-only';
import type { ChangeKind } from '@/lib/backends/change-types';

/**
 * Which connections' change feeds are live right now (heard from their follower, in this
 * instance or another, within FOLLOWED_GRACE_MS), and which cached reads they cover. While a feed
 * is live, a change drops the reads it touches, so the list reads it covers may stay cached much
 * longer (FOLLOWED_LIST_TTL_MS): what idle browsers ask again is answered from memory instead of
 * the backend. Two exceptions keep today's lifetimes:
 * - a resource a change named within RECENT_CHANGE_MS: what follows a change often comes with no
 *   event of its own (a started VM's guest addresses, oVirt's powering_up → up), so those reads
 *   stay short for a while after it;
 * - a feed not heard for FOLLOWED_GRACE_MS (3 missed heartbeats) is down (expireFollowed).
 * No runtime dependencies, so the gateway can ask without importing the follower.
 */
export const FOLLOWED_LIST_TTL_MS = 120_000;
/** The follower says "live" every HEARTBEAT_MS; missing three in a row means the feed is down. */
export const HEARTBEAT_MS = 5_000;
export const FOLLOWED_GRACE_MS = 3 * HEARTBEAT_MS;
/** How long after a change the reads it names keep today's short lifetimes (and its objects' polls today's pace). */
export const RECENT_CHANGE_MS = 120_000;

/** The shared cache's resource words (gateway.ts CACHE_RESOURCES) that a change of each kind makes stale. */
export const RESOURCES_OF_KIND: Record<ChangeKind, readonly string[]> = {
  // A VM's start or stop also moves its host's running count and its disks' state.
  vm: ['vms', 'disks', 'hosts'],
  host: ['hosts', 'clusters'],
  cluster: ['clusters'],
  dataCenter: ['datacenters'],
  storageDomain: ['storagedomains', 'disks'],
  template: ['templates'],
  network: ['networks'],
  volume: ['volumes'],
  task: ['tasks'],
  event: ['events'],
};

/** What a change of these kinds makes stale. */
export function resourcesOf(kinds: readonly ChangeKind[]): Set<string> {
  return new Set(kinds.flatMap((k) => RESOURCES_OF_KIND[k]));
}

/** The reads a feed of these kinds keeps up to date: each kind's own resource only (a VM feed says nothing of a disk resized). */
function coveredBy(kinds: readonly ChangeKind[]): Set<string> {
  return new Set(kinds.map((k) => RESOURCES_OF_KIND[k][0]));
}

interface Live {
  until: number;
  kinds: readonly ChangeKind[];
  resources: Set<string>;
}

const globalForFollowed = globalThis as unknown as {
  __virtdashFollowed?: Map<string, Live>;
  __virtdashRecentChanges?: Map<string, number>;
};
const live: Map<string, Live> = (globalForFollowed.__virtdashFollowed ??= new Map());
/** `<connection>\0<resource>` (or `<connection>\0*`: everything) → until when the resource counts as just changed. */
const recent: Map<string, number> = (globalForFollowed.__virtdashRecentChanges ??= new Map());

/**
 * `kinds`: what the connection's feed reports (a heartbeat); `false`: the feed stopped or failed.
 * Returns true when this changes what is covered (the feed came up, went down, or reports other kinds).
 */
export function markFollowed(connectionId: string, kinds: readonly ChangeKind[] | false, now = Date.now()): boolean {
  const before = live.get(connectionId);
  const wasLive = !!before && before.until > now;
  if (!kinds) {
    live.delete(connectionId);
    return wasLive;
  }
  live.set(connectionId, { until: now + FOLLOWED_GRACE_MS, kinds: [...kinds], resources: coveredBy(kinds) });
  return !wasLive || before.kinds.length !== kinds.length || before.kinds.some((k) => !kinds.includes(k));
}

/** The feeds not heard for FOLLOWED_GRACE_MS: forgotten here, and returned so the caller announces them down. */
export function expireFollowed(now = Date.now()): string[] {
  const gone: string[] = [];
  for (const [id, entry] of live) {
    if (entry.until <= now) {
      live.delete(id);
      gone.push(id);
    }
  }
  for (const [key, until] of recent) if (until <= now) recent.delete(key);
  return gone;
}

/** A change of these kinds (or of everything) on the connection just happened: its reads keep short lifetimes for RECENT_CHANGE_MS. */
export function markChanged(connectionId: string, kinds: readonly ChangeKind[] | 'everything', now = Date.now()): void {
  const until = now + RECENT_CHANGE_MS;
  if (kinds === 'everything') recent.set(`${connectionId}\0*`, until);
  else for (const resource of resourcesOf(kinds)) recent.set(`${connectionId}\0${resource}`, until);
}

function changedLately(connectionId: string, resource: string, now: number): boolean {
  return (recent.get(`${connectionId}\0*`) ?? 0) > now || (recent.get(`${connectionId}\0${resource}`) ?? 0) > now;
}

/** The kinds the connection's live feed reports; undefined when its feed is not live. */
export function liveKinds(connectionId: string, now = Date.now()): readonly ChangeKind[] | undefined {
  const entry = live.get(connectionId);
  return entry && entry.until > now ? entry.kinds : undefined;
}

/**
 * True when the connection's feed is live, reports changes of this cache resource, and nothing
 * changed it within RECENT_CHANGE_MS: only then may a read of it live FOLLOWED_LIST_TTL_MS.
 */
export function isFollowed(connectionId: string, resource: string, now = Date.now()): boolean {
  const entry = live.get(connectionId);
  return !!entry && entry.until > now && entry.resources.has(resource) && !changedLately(connectionId, resource, now);
}

/** For tests. */
export function clearFollowed(): void {
  live.clear();
  recent.clear();
}
