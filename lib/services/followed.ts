import 'server-only';
import type { ChangeKind } from '@/lib/backends/change-types';

/**
 * Which connections' change feeds are live right now (heard from their follower, in this
 * instance or another, within FOLLOWED_GRACE_MS), and which cached reads they cover. While a feed
 * is live, a change drops the reads it touches, so the list reads it covers may stay cached much
 * longer (FOLLOWED_LIST_TTL_MS): what idle browsers ask again is answered from memory instead of
 * the backend. No runtime dependencies, so the gateway can ask without importing the follower.
 */
export const FOLLOWED_LIST_TTL_MS = 120_000;
/** The follower says "live" every HEARTBEAT_MS; missing three in a row ends the long lifetimes. */
export const HEARTBEAT_MS = 10_000;
export const FOLLOWED_GRACE_MS = 3 * HEARTBEAT_MS;

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

const globalForFollowed = globalThis as unknown as { __virtdashFollowed?: Map<string, { until: number; resources: Set<string> }> };
const live = (globalForFollowed.__virtdashFollowed ??= new Map());

/** `kinds`: what the connection's feed reports; undefined or `false` live: not followed. */
export function markFollowed(connectionId: string, kinds: readonly ChangeKind[] | false, now = Date.now()): void {
  if (kinds) live.set(connectionId, { until: now + FOLLOWED_GRACE_MS, resources: coveredBy(kinds) });
  else live.delete(connectionId);
}

/** True when the connection's feed is live and reports changes of this cache resource. */
export function isFollowed(connectionId: string, resource: string, now = Date.now()): boolean {
  const entry = live.get(connectionId);
  return !!entry && entry.until > now && entry.resources.has(resource);
}

/** For tests. */
export function clearFollowed(): void {
  live.clear();
}
