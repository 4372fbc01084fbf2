import 'server-only';
import { approxBytes } from './approx-bytes';

/**
 * Each connection's health and its last answers: the circuit's memory. Kept apart from the
 * gateway (which reads and writes it) so the connection registry can reset a connection it has
 * just changed: an edited, disabled or removed connection starts again as reachable, with no last
 * answers of its old settings to show.
 */

/**
 * How many last answers are kept to show (marked with their age) while their connection is down,
 * and about how much memory they may hold (approxBytes): they outlive the cache's short TTLs, so
 * without a size bound a thousand pages of a large estate would stay resident.
 */
const MAX_LAST_ANSWERS = 1_000;
const MAX_LAST_ANSWER_BYTES = 48 * 1024 * 1024;

export interface Health {
  /** Set when a read timed out or could not connect; cleared by the next answer. */
  unreachableSince?: number;
  /** When the next background retry may start. */
  retryAt?: number;
}

// One table per process, even when Next loads this module in several bundles.
const globalForHealth = globalThis as unknown as {
  __virtdashHealth?: Map<string, Health>;
  __virtdashLastAnswers?: Map<string, LastAnswer>;
  __virtdashLastAnswerBytes?: { total: number };
  __virtdashLastFailures?: Map<string, { error: unknown; at: number }>;
};

interface LastAnswer {
  value: unknown;
  at: number;
  bytes: number;
}
export const health = (globalForHealth.__virtdashHealth ??= new Map());
const lastAnswers = (globalForHealth.__virtdashLastAnswers ??= new Map());
const lastAnswerBytes = (globalForHealth.__virtdashLastAnswerBytes ??= { total: 0 });

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
  lastFailures.delete(id);
  const previous = lastAnswers.get(id);
  // A cache hit hands back the very object already kept: its size is known.
  const bytes = previous?.value === value ? previous.bytes : approxBytes(value);
  forgetAnswer(id);
  if (bytes > MAX_LAST_ANSWER_BYTES) return;
  lastAnswers.set(id, { value, at: Date.now(), bytes });
  lastAnswerBytes.total += bytes;
  while (lastAnswers.size > MAX_LAST_ANSWERS || lastAnswerBytes.total > MAX_LAST_ANSWER_BYTES) {
    forgetAnswer(lastAnswers.keys().next().value as string);
  }
}

function forgetAnswer(id: string): void {
  const kept = lastAnswers.get(id);
  if (!kept) return;
  lastAnswerBytes.total -= kept.bytes;
  lastAnswers.delete(id);
}

/**
 * The last failure of a read a live list stopped waiting for (its read went on and failed later),
 * by key: the next look shows that reason instead of "still waiting" when the read is slow again,
 * so a connection whose reads fail slowly (an authentication refused after seconds) is not shown
 * as "waiting" for ever. Cleared by the next answer.
 */
const lastFailures = (globalForHealth.__virtdashLastFailures ??= new Map());
const MAX_LAST_FAILURES = 500;

export function rememberFailure(connectionId: string, key: string, error: unknown): void {
  const id = answerId(connectionId, key);
  lastFailures.delete(id);
  lastFailures.set(id, { error, at: Date.now() });
  while (lastFailures.size > MAX_LAST_FAILURES) lastFailures.delete(lastFailures.keys().next().value as string);
}

export function lastFailure(connectionId: string, key: string): unknown {
  return lastFailures.get(answerId(connectionId, key))?.error;
}

/** How many last answers are kept, and about how many bytes they hold. */
export function lastAnswerStats(): { entries: number; bytes: number } {
  return { entries: lastAnswers.size, bytes: lastAnswerBytes.total };
}

/** The connection was edited, disabled or removed: its circuit closes and its last answers go. */
export function resetConnectionHealth(connectionId: string): void {
  health.delete(connectionId);
  const prefix = connectionId + '\u0000';
  for (const id of [...lastAnswers.keys()]) if (id.startsWith(prefix)) forgetAnswer(id);
  for (const id of [...lastFailures.keys()]) if (id.startsWith(prefix)) lastFailures.delete(id);
}

/** For tests: every connection reachable again, no last answers. */
export function clearConnectionHealth(): void {
  health.clear();
  lastAnswers.clear();
  lastAnswerBytes.total = 0;
  lastFailures.clear();
}
