import 'server-only';
import type { Prisma } from '@prisma/client';
import { db } from '@/lib/db/client';

export interface AuditInput {
  actor: { id?: string | null; username: string } | null;
  action: string;
  target?: { type: string; id?: string | null; name?: string | null };
  result: 'success' | 'failure';
  detail?: Prisma.InputJsonValue;
  ip?: string | null;
}

// Much of what is audited comes from whoever is asking: the username of a failed sign-in, an
// address from X-Forwarded-For, a provider's error text. Every field is bounded here, once, so no
// caller can fill the log (or the database) with a megabyte per request.
export const AUDIT_TEXT_MAX = 256;
export const AUDIT_DETAIL_STRING_MAX = 1000;
export const AUDIT_DETAIL_MAX = 4000;
const DETAIL_ITEMS_MAX = 50;
const DETAIL_DEPTH_MAX = 4;

// PostgreSQL text and jsonb cannot hold U+0000: one in a failed sign-in's username would make the
// audit write itself fail. It is written as U+FFFD instead, so the entry says something was there.
function clip(raw: string, max: number): string {
  const text = raw.includes('\u0000') ? raw.replaceAll('\u0000', '\uFFFD') : raw;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function clipOrNull(text: string | null | undefined, max = AUDIT_TEXT_MAX): string | null {
  return text == null ? null : clip(String(text), max);
}

function boundedValue(value: unknown, depth: number): Prisma.InputJsonValue | null {
  if (typeof value === 'string') return clip(value, AUDIT_DETAIL_STRING_MAX);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth >= DETAIL_DEPTH_MAX) return '…';
  if (Array.isArray(value)) return value.slice(0, DETAIL_ITEMS_MAX).map((v) => boundedValue(v, depth + 1));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).slice(0, DETAIL_ITEMS_MAX);
    return Object.fromEntries(entries.map(([k, v]) => [clip(k, AUDIT_TEXT_MAX), boundedValue(v, depth + 1)]));
  }
  return null;
}

/** The detail with every string, list and nesting level bounded, and the whole at most AUDIT_DETAIL_MAX characters of JSON. */
export function boundedDetail(detail: Prisma.InputJsonValue | undefined): Prisma.InputJsonValue | undefined {
  if (detail === undefined) return undefined;
  const bounded = boundedValue(detail, 0) ?? {};
  const json = JSON.stringify(bounded);
  return json.length <= AUDIT_DETAIL_MAX ? bounded : { truncated: true, text: clip(json, AUDIT_DETAIL_MAX) };
}

/**
 * Whether this process's audit writes are getting through. Kept on globalThis: Next loads this
 * module once per route bundle, and /api/health must see the failures of every action.
 */
export interface AuditWriteState {
  ok: boolean;
  /** Failed writes since the last one that succeeded. */
  failures: number;
  lastFailureAt: string | null;
  lastError: string | null;
}

const globalForAudit = globalThis as unknown as { __virtdashAuditState?: AuditWriteState };

function state(): AuditWriteState {
  globalForAudit.__virtdashAuditState ??= { ok: true, failures: 0, lastFailureAt: null, lastError: null };
  return globalForAudit.__virtdashAuditState;
}

/** A copy of the audit write state, for /api/health. */
export function auditWriteState(): AuditWriteState {
  return { ...state() };
}

/**
 * Writes one audit entry and answers whether it was recorded. It never throws (the action it
 * records has already happened), but a failure is not swallowed either: the caller tells the
 * user (roleAction's warning), and /api/health reports "degraded" until a write succeeds again.
 */
export async function audit(entry: AuditInput): Promise<boolean> {
  try {
    await db.auditEntry.create({
      data: {
        actorId: entry.actor?.id ?? null,
        actorName: clip(entry.actor?.username ?? 'anonymous', AUDIT_TEXT_MAX),
        action: clip(entry.action, AUDIT_TEXT_MAX),
        targetType: clipOrNull(entry.target?.type),
        targetId: clipOrNull(entry.target?.id, 1024),
        targetName: clipOrNull(entry.target?.name),
        result: entry.result,
        detail: boundedDetail(entry.detail),
        ip: clipOrNull(entry.ip, 100),
      },
    });
    Object.assign(state(), { ok: true, failures: 0 });
    return true;
  } catch (err) {
    const message = (err as Error).message;
    const s = state();
    Object.assign(s, { ok: false, failures: s.failures + 1, lastFailureAt: new Date().toISOString(), lastError: message });
    console.error('[audit] could not record', entry.action, message);
    return false;
  }
}
