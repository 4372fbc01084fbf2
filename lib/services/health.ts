import 'server-only';

/**
 * Each connection's health and its last answers: the circuit's memory. Kept apart from the
 * gateway (which reads and writes it) so the connection registry can reset a connection it has
 * just changed: an edited, disabled or removed connection starts again as reachable, with no last
 * answers of its old settings to show.
 */

/** How many last answers are kept to show (marked with their age) while their connection is down. */
const MAX_LAST_ANSWERS = 1_000;

export interface Health {
  /** Set when a read timed out or could not connect; cleared by the next answer. */
  unreachableSince?: number;
  /** When the next background retry may start. */
  retryAt?: number;
}

// One table per process, even when Next loads this module in several bundles.
const globalForHealth = globalThis as unknown as {
  __virtdashHealth?: Map<string, Health>;
  __virtdashLastAnswers?: Map<string, { value: unknown; at: number }>;
};
export const health = (globalForHealth.__virtdashHealth ??= new Map());
const lastAnswers = (globalForHealth.__virtdashLastAnswers ??= new Map());

export interface ConnectionHealth {
  reachable: boolean;
  /** Since when it has not answered (epoch ms), while unreachable. */
  unreachableSince?: number;
}

export function connectionHealth(connectionId: string): ConnectionHealth {
  const h = health.get(connectionId);
  return h?.unreachableSince === undefined ? { reachable: true } : { reachable: false, unreachableSince: h.unreachableSince };
}

export function markReachable(connectionId: string): void {
  health.delete(connectionId);
}

export function markUnreachable(connectionId: string, retryMs: number): void {
  const h = health.get(connectionId) ?? {};
  h.unreachableSince ??= Date.now();
  h.retryAt = Date.now() + retryMs;
  health.set(connectionId, h);
}

const answerId = (connectionId: string, key: string) => connectionId + '\u0000' + key;

/** The last answer a connection gave for this key, and when: what a page shows while it is down. */
export function lastAnswer<T>(connectionId: string, key: string): { value: T; at: number } | undefined {
  return lastAnswers.get(answerId(connectionId, key)) as { value: T; at: number } | undefined;
}

export function remember(connectionId: string, key: string, value: unknown): void {
  const id = answerId(connectionId, key);
  lastAnswers.delete(id);
  lastAnswers.set(id, { value, at: Date.now() });
  while (lastAnswers.size > MAX_LAST_ANSWERS) lastAnswers.delete(lastAnswers.keys().next().value as string);
}

/** The connection was edited, disabled or removed: its circuit closes and its last answers go. */
export function resetConnectionHealth(connectionId: string): void {
  health.delete(connectionId);
  const prefix = connectionId + '\u0000';
  for (const id of [...lastAnswers.keys()]) if (id.startsWith(prefix)) lastAnswers.delete(id);
}

/** For tests: every connection reachable again, no last answers. */
export function clearConnectionHealth(): void {
  health.clear();
  lastAnswers.clear();
}
