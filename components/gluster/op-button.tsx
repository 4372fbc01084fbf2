'use client';

import { useActionState, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { keepValues } from '@/components/ui/keep-values';
import type { FormAction } from './types';

/** One volume operation; the dangerous ones ask first and say what they mean. */
export function OpButton({ action, fields, label, confirm, variant = 'secondary', testId }: {
  action: FormAction;
  fields: Record<string, string>;
  label: ReactNode;
  confirm?: ReactNode;
  variant?: 'primary' | 'secondary' | 'danger';
  testId?: string;
}) {
  const t = useTranslations('gluster');
  const [state, formAction, pending] = useActionState(action, undefined);
  const [asking, setAsking] = useState(false);
  return (
    <form onSubmit={keepValues(formAction)} className="inline-flex flex-col gap-1" data-testid={testId}>
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {confirm && !asking ? (
        <Button type="button" size="sm" variant={variant} onClick={() => setAsking(true)}>
          {label}
        </Button>
      ) : confirm ? (
        <span className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-xs dark:border-amber-800 dark:bg-amber-950/40">
          <span>{confirm}</span>
          <Button type="button" size="sm" variant="ghost" onClick={() => setAsking(false)}>
            {t('cancel')}
          </Button>
          <Button size="sm" variant={variant} disabled={pending}>
            {t('confirm')}
          </Button>
        </span>
      ) : (
        <Button size="sm" variant={variant} disabled={pending}>
          {label}
        </Button>
      )}
      <FormStatus state={state} className="max-w-md text-xs [overflow-wrap:anywhere]" />
    </form>
  );
}
