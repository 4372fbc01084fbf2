'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { loginAction } from '@/lib/actions/auth';
import type { OidcErrorKey } from '@/lib/auth/oidc/error-keys';

export function LoginForm({
  callbackUrl,
  setupDone,
  oidcName,
  oidcError,
}: {
  callbackUrl?: string;
  setupDone: boolean;
  /** The provider's display name when OIDC sign-in is configured. */
  oidcName: string | null;
  oidcError: OidcErrorKey | null;
}) {
  const t = useTranslations('auth');
  const [state, action, pending] = useActionState(loginAction, undefined);
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-lg font-semibold">{t('signInTitle')}</h1>
      {setupDone && <p className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-300">{t('setupDone')}</p>}
      <form action={action} className="space-y-4">
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
        <Field label={t('username')} name="username" error={state?.fieldErrors?.username}>
          <Input name="username" autoComplete="username" required autoFocus />
        </Field>
        <Field label={t('password')} name="password" error={state?.fieldErrors?.password}>
          <Input name="password" type="password" autoComplete="current-password" required />
        </Field>
        <FormStatus state={state} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? t('signingIn') : t('signIn')}
        </Button>
      </form>
      {oidcName && (
        <div className="mt-4 space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {oidcError && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-300">
              {t(`oidcError.${oidcError}`)}
            </p>
          )}
          {/* A plain link: the route answers with a redirect to the provider. */}
          <a
            href={`/api/oidc/login${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ''}`}
            className="flex w-full items-center justify-center rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {t('signInWith', { name: oidcName })}
          </a>
        </div>
      )}
    </Card>
  );
}
