import 'server-only';
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import type { z } from 'zod';
import { audit } from '@/lib/audit/audit';
import { ActionRefusal } from '@/lib/services/refusal';
import { authorize, AuthorizationError } from '@/lib/auth/guards';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { getCurrentUser } from '@/lib/auth/current';
import type { Role, SessionUser } from '@/lib/auth/roles';
import { isBackendError } from '@/lib/backends/errors';

import type { ActionState } from './types';

export type { ActionState };
// Thrown by action bodies and the services below them; defined there so services need not import up.
export { ActionRefusal };

interface ActionOptions<S extends z.ZodType> {
  role: Role;
  schema: S;
  /** Audit action name, e.g. "users.create". */
  audit: string;
  target?: (input: z.infer<S>) => { type: string; id?: string | null; name?: string | null };
}

type ActionBody<S extends z.ZodType> = (
  input: z.infer<S>,
  ctx: { user: SessionUser; ip: string },
) => Promise<{ message: string; values?: Record<string, string | number> } | void>;

function formToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION')) continue;
    // defineProperty, not assignment: a field named __proto__ must stay a field (and be refused by
    // the schema as unknown), never become the object's prototype.
    Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
  }
  return out;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  return value !== null && typeof value === 'object' && Object.values(value).some(holdsNul);
}

/** Fields holding U+0000, which no PostgreSQL text column can store: refused before any body runs. */
function fieldsWithNul(data: unknown): string[] {
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data).filter(([, v]) => holdsNul(v)).map(([k]) => k);
}

/**
 * What happened is still said as it happened (the backend has acted; undoing it is not ours to
 * decide), but the user learns that the audit log does not hold it, and /api/health is degraded.
 */
function withAuditWarning(answer: ActionState, recorded: boolean, t: Awaited<ReturnType<typeof getTranslations>>): ActionState {
  return recorded ? answer : { ...answer, warning: t('errors.auditNotRecorded') };
}

/**
 * Wraps a server action: the role check, input validation, the audit entry and error mapping
 * happen here, so no action can forget one of them (after nextjs/saas-starter's validatedAction).
 */
export function roleAction<S extends z.ZodType>(options: ActionOptions<S>, body: ActionBody<S>) {
  const action = async (_prev: ActionState | undefined, formData: FormData): Promise<ActionState> => {
    const t = await getTranslations();
    let user: SessionUser;
    try {
      user = await authorize(options.role);
    } catch (err) {
      if (err instanceof AuthorizationError) {
        // A 403 names who tried (the session lookup is cached for the request); a 401 has nobody.
        const actor = err.status === 403 ? await getCurrentUser() : null;
        const ip = clientIpFrom(await headers());
        await audit({ actor, action: options.audit, result: 'failure', detail: { reason: `http_${err.status}` }, ip });
        return { ok: false, message: t(err.status === 401 ? 'errors.unauthorized' : 'errors.forbidden') };
      }
      throw err;
    }
    const ip = clientIpFrom(await headers());
    const input = formToObject(formData);
    const parsed = options.schema.safeParse(input);
    // Checked on what the schema kept: a field it drops as unknown is never stored anyway.
    const unstorable = parsed.success ? fieldsWithNul(parsed.data) : [];
    if (!parsed.success || unstorable.length > 0) {
      const fieldErrors: Record<string, string> = {};
      for (const field of unstorable) fieldErrors[field] = t('validation.nulCharacter');
      for (const issue of parsed.success ? [] : parsed.error.issues) {
        const field = String(issue.path[0] ?? 'form');
        fieldErrors[field] ??= t.has(issue.message) ? t(issue.message) : t('validation.invalid');
      }
      // Refused input is a refused attempt like the others, so it is in the log too; only the
      // field names are kept, since the values may hold a password.
      const recorded = await audit({ actor: user, action: options.audit, result: 'failure', detail: { reason: 'invalid_input', fields: Object.keys(fieldErrors) }, ip });
      return withAuditWarning({ ok: false, message: t('errors.invalidInput'), fieldErrors }, recorded, t);
    }
    const target = options.target?.(parsed.data);
    let answer: ActionState;
    let recorded: boolean;
    try {
      const result = await body(parsed.data, { user, ip });
      recorded = await audit({ actor: user, action: options.audit, target, result: 'success', ip });
      answer = { ok: true, message: result ? t(result.message, result.values) : t('common.saved') };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      recorded = await audit({ actor: user, action: options.audit, target, result: 'failure', detail: { reason }, ip });
      if (err instanceof ActionRefusal) answer = { ok: false, message: t(err.key, err.values) };
      // A timed-out request may still have run at the backend (it is never sent twice): the user is
      // told to look before trying again, not that nothing happened.
      else if (isBackendError(err)) answer = { ok: false, message: t(err.code === 'timeout' ? 'errors.actionTimedOut' : `backendErrors.${err.code}`), detail: err.detail };
      else {
        console.error(`[action ${options.audit}]`, err);
        answer = { ok: false, message: t('errors.unexpected') };
      }
    }
    return withAuditWarning(answer, recorded, t);
  };
  // The hostile-input sweep (test/db/hostile-input.test.ts) generates each action's input from its
  // own schema; a property of the function, so nothing about calling it changes.
  // Typed as the plain action, so callers and their casts see exactly what they saw before.
  return Object.assign(action, { inputSchema: options.schema }) as typeof action;
}
