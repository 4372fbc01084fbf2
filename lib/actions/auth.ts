'use server';

import { AuthError } from 'next-auth';
import { redirect, unstable_rethrow } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { signIn, signOut } from '@/lib/auth/auth';
import { completeSetup } from '@/lib/auth/bootstrap';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { homePathFor, hasRole } from '@/lib/auth/roles';
import { getCurrentUser } from '@/lib/auth/current';
import { audit } from '@/lib/audit/audit';
import { db } from '@/lib/db/client';
import type { ActionState } from '@/lib/actions/types';
import { loginSchema, setupSchema } from '@/lib/validations/users';

/** Only same-site paths, never another origin or a protocol-relative URL. */
function safeCallback(url: string | undefined): string | null {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null;
  return url;
}

function fieldErrors(issues: { path: PropertyKey[]; message: string }[], t: (k: string) => string) {
  const out: Record<string, string> = {};
  for (const issue of issues) out[String(issue.path[0])] ??= t(issue.message);
  return out;
}

export async function loginAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  const t = await getTranslations();
  const parsed = loginSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, message: t('auth.checkFields'), fieldErrors: fieldErrors(parsed.error.issues, t) };
  const { username, password, callbackUrl } = parsed.data;
  try {
    await signIn('credentials', { username, password, redirect: false });
  } catch (err) {
    unstable_rethrow(err);
    if (err instanceof AuthError) {
      const code = 'code' in err && typeof err.code === 'string' ? err.code : 'invalid';
      const [reason, minutes] = code.split(':');
      if (reason === 'locked') return { ok: false, message: t('auth.locked', { minutes: Number(minutes) || 15 }) };
      if (reason === 'disabled') return { ok: false, message: t('auth.disabled') };
      return { ok: false, message: t('auth.invalid') };
    }
    throw err;
  }
  const user = await db.user.findUnique({ where: { username }, select: { role: true } });
  const role = user?.role ?? 'user';
  const wanted = safeCallback(callbackUrl);
  // A callback into the administration portal is only followed for admins.
  const target = wanted && (hasRole({ role }, 'admin') || wanted.startsWith('/portal')) ? wanted : homePathFor(role);
  redirect(target);
}

export async function signOutAction() {
  const user = await getCurrentUser();
  if (user) {
    await audit({ actor: user, action: 'auth.logout', target: { type: 'user', id: user.id, name: user.username }, result: 'success', ip: clientIpFrom(await headers()) });
  }
  await signOut({ redirectTo: '/login' });
}

export async function setupAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  const t = await getTranslations();
  const parsed = setupSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, message: t('auth.checkFields'), fieldErrors: fieldErrors(parsed.error.issues, t) };
  const { token, username, password } = parsed.data;
  const ip = clientIpFrom(await headers());
  const done = await completeSetup(token, username, password);
  await audit({ actor: { username }, action: 'auth.setup', target: { type: 'user', name: username }, result: done ? 'success' : 'failure', ip });
  if (!done) return { ok: false, message: t('setup.tokenInvalid') };
  redirect('/login?setup=done');
}
