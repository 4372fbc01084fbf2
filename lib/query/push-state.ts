/**
 * The browser's side of push: whether this tab's change stream (/api/changes) is connected, and
 * the changes it brings, for the components that re-read on them. While the stream is connected
 * the polls keep going at PUSHED_POLL_MS (a safety net: a change the backend's feed does not
 * report still shows within a minute); when it drops they go back to their own pace at once.
 */
export const PUSHED_POLL_MS = 60_000;

export type PushedChangeKind = 'vm' | 'host' | 'cluster' | 'dataCenter' | 'storageDomain' | 'template' | 'network' | 'volume' | 'task' | 'event';

export interface PushedChanges {
  connectionId?: string;
  everything?: boolean;
  changes: Array<{ kind: PushedChangeKind; ids: string[] }>;
}

let connected = false;
const stateListeners = new Set<() => void>();
const changeListeners = new Set<(changes: PushedChanges) => void>();

export function isPushConnected(): boolean {
  return connected;
}

export function setPushConnected(value: boolean): void {
  if (value === connected) return;
  connected = value;
  for (const fn of [...stateListeners]) fn();
}

/** For useSyncExternalStore (components/detail/auto-refresh.tsx): this module is also loaded on the server, so no hook here. */
export function subscribePushState(fn: () => void): () => void {
  stateListeners.add(fn);
  return () => stateListeners.delete(fn);
}

/** `ms` as the poll interval now: stretched to PUSHED_POLL_MS while the stream is connected. */
export function pollInterval(ms: number): number {
  return connected ? Math.max(ms, PUSHED_POLL_MS) : ms;
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
