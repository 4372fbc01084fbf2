'use client';

import { useActionState, useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { FormAction } from './form-action';

/**
 * Remove a network or a profile after typing its name; the backend's refusal shows in its words.
 * `doneHref`: where to go once it is gone (a removed network's own page has nothing left to show).
 */
export function RemoveForm({ action, id, name, what, doneHref }: { action: FormAction; id: string; name: string; what: 'network' | 'profile'; doneHref?: string }) {
  const t = useTranslations('networks');
  const router = useRouter();
  // Navigate from the action itself: the answer arrives before any effect of this form could run.
  const [state, formAction, pending] = useActionState<Awaited<ReturnType<FormAction>> | undefined, FormData>(async (prev, formData) => {
    const result = await action(prev, formData);
    if (result.ok && doneHref) router.replace(doneHref);
    return result;
  }, undefined);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const inputId = useId();
  return (
    <div className="space-y-2">
      {!open ? (
        <Button type="button" variant="danger" size="sm" onClick={() => setOpen(true)}>
          {what === 'network' ? t('remove') : t('removeProfile')}
        </Button>
      ) : (
        <form onSubmit={keepValues(formAction)} className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40">
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="name" value={name} />
          <label htmlFor={inputId} className="block text-xs font-medium">
            {t('removeTypeName', { name })}
          </label>
          <Input id={inputId} name="confirmName" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" className="py-1" />
          <div className="flex justify-end gap-2">
            <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
              {t('cancel')}
            </Button>
            <Button size="sm" variant="danger" disabled={pending || typed.trim() !== name}>
              {t('removeConfirm')}
            </Button>
          </div>
        </form>
      )}
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
    </div>
  );
}
