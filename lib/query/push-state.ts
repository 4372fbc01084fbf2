/**
 * The browser's side of push: whether this tab's change stream (/api/changes) is connected, which
 * change kinds the live feeds cover (the stream's `feeds` event), the changes it brings, and so
 * how often each poll runs. A poll stretches to PUSHED_POLL_MS (a safety net: a change the feed
 * does not report still shows within a minute) only while ALL of these hold:
 * - the stream is connected;
 * - every kind the poll shows is covered by a live feed (a feed that fails or stops answering is
 *   announced down, and the polls of what it covered go back to their own pace at once);
 * - the poll's own last answer did not fail (an error shows and recovers at today's pace);
 * - no change named what it shows within RECENT_CHANGE_MS (what follows a change often has no
 *   event of its own: a started VM's guest addresses, oVirt's powering_up).
 * Otherwise the poll keeps its own pace. No React here: this module is also loaded on the server.
 */
export const PUSHED_POLL_MS = 60_000;
/** How long after a change the objects it names keep their own pace (lib/services/followed.ts keeps their cache as short). */
export const RECENT_CHANGE_MS = 120_000;

export const PUSHED_CHANGE_KINDS = ['vm', 'host', 'cluster', 'dataCenter', 'storageDomain', 'template', 'network', 'volume', 'task', 'event'] as const;
export type PushedChangeKind = (typeof PUSHED_CHANGE_KINDS)[number];

export interface PushedChanges {
  connectionId?: string;
  everything?: boolean;
  changes: Array<{ kind: PushedChangeKind; ids: string[] }>;
}

/** What a poll shows, for pollInterval: the kinds of object on it and, for one object's poll, its id. */
export interface PollShows {
  kinds: readonly PushedChangeKind[];
  id?: string;
}

let connected = false;
let covered = new Set<PushedChangeKind>();
/** `*` (everything), `<kind>` (some of the kind) or `<kind>\0<id>` → until when it counts as just changed. */
const recent = new Map<string, number>();
/** Bumped on every change of `connected` or `covered`: the snapshot for useSyncExternalStore. */
let version = 0;
const stateListeners = new Set<() => void>();
const changeListeners = new Set<(changes: PushedChanges) => void>();

function changed(): void {
  version++;
  for (const fn of [...stateListeners]) fn();
}

export function isPushConnected(): boolean {
  return connected;
}

/** Changes whenever anything pollInterval depends on, apart from time and the poll's own answer, changes. */
export function pushStateVersion(): number {
  return version;
}

export function setPushConnected(value: boolean): void {
  if (value === connected) return;
  connected = value;
  // A new stream says what it covers in its first event; until then, nothing is.
  if (!value) covered = new Set();
  changed();
}

/** The stream's `feeds` event. Returns true when a kind lost its coverage (its polls must speed up now). */
export function setCoveredKinds(kinds: readonly string[]): boolean {
  const next = new Set(kinds.filter((k): k is PushedChangeKind => (PUSHED_CHANGE_KINDS as readonly string[]).includes(k)));
  const lost = [...covered].some((k) => !next.has(k));
  const same = !lost && next.size === covered.size;
  if (same) return false;
  covered = next;
  changed();
  return lost;
}

export function coveredKinds(): PushedChangeKind[] {
  return [...covered];
}

/** Records what a pushed change names, for RECENT_CHANGE_MS. */
export function noteChanges(changes: PushedChanges, now = Date.now()): void {
  const until = now + RECENT_CHANGE_MS;
  for (const [key, at] of recent) if (at <= now) recent.delete(key);
  if (changes.everything) {
    recent.set('*', until);
    return;
  }
  for (const { kind, ids } of changes.changes) {
    recent.set(kind, until);
    for (const id of ids) recent.set(`${kind}\0${id}`, until);
    // "Some of this kind" names every object of it.
    if (ids.length === 0) recent.set(`${kind}\0*`, until);
  }
}

function changedLately(shows: PollShows, now: number): boolean {
  const live = (key: string) => (recent.get(key) ?? 0) > now;
  if (live('*')) return true;
  return shows.kinds.some((kind) => (shows.id === undefined ? live(kind) : live(`${kind}\0${shows.id}`) || live(`${kind}\0*`)));
}

/**
 * The poll interval now for a poll of today's pace `ms` that shows `shows` (undefined: something
 * no feed reports, so never stretched) and whose last answer `failed` or not.
 */
export function pollInterval(ms: number, shows?: PollShows, failed = false, now = Date.now()): number {
  if (!connected || !shows || shows.kinds.length === 0 || failed) return ms;
  if (!shows.kinds.every((k) => covered.has(k))) return ms;
  if (changedLately(shows, now)) return ms;
  return Math.max(ms, PUSHED_POLL_MS);
}

/** For useSyncExternalStore (components/detail/auto-refresh.tsx). */
export function subscribePushState(fn: () => void): () => void {
  stateListeners.add(fn);
  return () => stateListeners.delete(fn);
}

export function onPushedChanges(fn: (changes: PushedChanges) => void): () => void {
  changeListeners.add(fn);
  return () => changeListeners.delete(fn);
}

export function emitPushedChanges(changes: PushedChanges): void {
  for (const fn of [...changeListeners]) fn(changes);
}

/** True when `changes` concern this object (or everything on its connection, or on any). */
export function concerns(changes: PushedChanges, kind: PushedChangeKind, id: string): boolean {
  if (changes.everything) return !changes.connectionId || id.startsWith(`${changes.connectionId}:`);
  return changes.changes.some((c) => c.kind === kind && (c.ids.length === 0 || c.ids.includes(id)));
}

/** For tests: back to a tab that never connected. */
export function resetPushState(): void {
  connected = false;
  covered = new Set();
  recent.clear();
  changed();
}
