import type { QualifiedId } from '@/lib/domain';
import type { Capability } from './types';

/**
 * What a backend's change feed says: which kinds of object changed, and which ones. Nothing more
 * (no new state): the dashboard reads the objects again through its usual reads, so a feed can
 * never show something the backend's own reads would not.
 */
export const CHANGE_KINDS = ['vm', 'host', 'cluster', 'dataCenter', 'storageDomain', 'template', 'network', 'volume', 'task', 'event'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * A feed that must ask (oVirt's events) gives up on one read after this: a backend that stops
 * answering ends the feed with an error within seconds, so the dashboard says the feed is down and
 * browsers poll at their own pace again, instead of waiting on a read that never returns.
 */
export const FEED_READ_DEADLINE_MS = 5_000;

/** The capability under which a backend shows objects of each kind: a connection without it has none of them to cover. */
export const CAPABILITY_OF_KIND: Record<ChangeKind, Capability> = {
  vm: 'vms',
  host: 'hosts',
  cluster: 'clusters',
  dataCenter: 'dataCenters',
  storageDomain: 'storageDomains',
  template: 'templates',
  network: 'networks',
  volume: 'volumes',
  task: 'tasks',
  event: 'events',
};

export interface Change {
  kind: ChangeKind;
  /** The objects that changed; empty: some of this kind, which ones unknown. */
  ids: QualifiedId[];
}

export interface ChangeBatch {
  changes: Change[];
  /**
   * The feed cannot say what changed since it last spoke (it just started, reconnected, or more
   * happened than one read returns): treat everything of the connection as changed.
   */
  everything?: boolean;
}

/** Merges changes of one kind, dropping repeated ids; an empty id list (any of the kind) wins. */
export function mergeChanges(changes: readonly Change[]): Change[] {
  const byKind = new Map<ChangeKind, Set<QualifiedId> | 'any'>();
  for (const c of changes) {
    const seen = byKind.get(c.kind);
    if (seen === 'any') continue;
    if (c.ids.length === 0) byKind.set(c.kind, 'any');
    else byKind.set(c.kind, new Set([...(seen ?? []), ...c.ids]));
  }
  return [...byKind].map(([kind, ids]) => ({ kind, ids: ids === 'any' ? [] : [...ids] }));
}
