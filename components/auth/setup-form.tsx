'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import { setupAction } from '@/lib/actions/auth';

export function SetupForm({ token }: { token: string }) {
  const t = useTranslations('setup');
  const [state, action, pending] = useActionState(setupAction, undefined);
  return (
    <Card className="p-6">
      <h1 className="mb-1 text-lg font-semibold">{t('title')}</h1>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{t('intro')}</p>
      <form action={action} className="space-y-4">
        <input type="hidden" name="token" value={token} />
        <Field label={t('username')} name="username" error={state?.fieldErrors?.username}>
          <Input name="username" autoComplete="username" required />
        </Field>
        <Field label={t('password')} name="password" error={state?.fieldErrors?.password} hint={t('passwordHint', { min: MIN_PASSWORD_LENGTH })}>
          <Input name="password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />
        </Field>
        <Field label={t('confirm')} name="confirm" error={state?.fieldErrors?.confirm}>
          <Input name="confirm" type="password" autoComplete="new-password" required />
        </Field>
        <FormStatus state={state} />
        <Button type="submit" className="w-full" disabled={pending}>
          {t('create')}
        </Button>
      </form>
    </Card>
  );
}
