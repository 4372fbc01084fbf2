'use client';

import { useActionState, useId, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';

type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

/**
 * "Remove …" behind a confirmation: the operator types the object's name. The action checks the
 * typed name again and shows the backend's refusal (its own words) when there is one.
 */
export function ConfirmRemove({
  action,
  id,
  name,
  namespace,
  children,
}: {
  action: FormAction;
  id: string;
  name: string;
  /** Catalog namespace holding remove, removeTitle, removeBody, removeTypeName, removeConfirm, cancel. */
  namespace: 'dcActions' | 'clusterActions' | 'hostAdd' | 'storageActions';
  /** Extra fields (force, host, format). */
  children?: ReactNode;
}) {
  const tr = useTranslations();
  // The namespace varies by caller; every one of them holds the same remove* keys.
  const label = (key: string, values?: Record<string, string>) => tr(`${namespace}.${key}`, values);
  const [state, formAction, pending] = useActionState(action, undefined);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const titleId = useId();
  return (
    <div className="space-y-2">
      {!open && (
        <Button type="button" variant="danger" size="sm" onClick={() => setOpen(true)} aria-expanded={open}>
          {label('remove')}
        </Button>
      )}
      {open && (
        <form
          action={formAction}
          role="group"
          aria-labelledby={titleId}
          className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40"
        >
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="name" value={name} />
          <p id={titleId} className="text-sm font-semibold">
            {label('removeTitle', { name })}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">{label('removeBody')}</p>
          {children}
          <label htmlFor={inputId} className="block text-xs font-medium">
            {label('removeTypeName', { name })}
          </label>
          <Input id={inputId} name="confirmName" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" className="py-1" />
          <div className="flex justify-end gap-2">
            <Button
              type="button"
              size="sm"
              variant="ghost"
              onClick={() => {
                setOpen(false);
                setTyped('');
              }}
            >
              {label('cancel')}
            </Button>
            <Button size="sm" variant="danger" disabled={pending || typed.trim() !== name}>
              {pending ? label('removing') : label('removeConfirm')}
            </Button>
          </div>
        </form>
      )}
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
    </div>
  );
}
