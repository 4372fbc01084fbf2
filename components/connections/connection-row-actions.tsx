'use client';

import { useActionState, useId, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { deleteConnectionAction, setConnectionEnabledAction, testSavedConnectionAction } from '@/lib/actions/connections';

interface RowConnection {
  id: string;
  name: string;
  enabled: boolean;
  /** Defined in BACKENDS_FILE: edited there, so no edit or remove here. */
  fileManaged: boolean;
}

type Last = 'test' | 'enable' | 'remove';

export function ConnectionRowActions({ connection }: { connection: RowConnection }) {
  const t = useTranslations('backends');
  const [testState, testAction, testPending] = useActionState(testSavedConnectionAction, undefined);
  const [enableState, enableAction, enablePending] = useActionState(setConnectionEnabledAction, undefined);
  const [removeState, removeAction, removePending] = useActionState(deleteConnectionAction, undefined);
  const [last, setLast] = useState<Last>();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const confirmId = useId();
  const titleId = useId();
  const state = last === 'test' ? testState : last === 'enable' ? enableState : last === 'remove' ? removeState : undefined;

  return (
    <div className="ml-auto w-60 space-y-2">
      <div role="group" aria-label={t('rowActions', { name: connection.name })} className="flex flex-wrap justify-end gap-2">
        <form action={testAction} onSubmit={() => setLast('test')}>
          <input type="hidden" name="id" value={connection.id} />
          <Button size="sm" variant="secondary" disabled={testPending}>
            {testPending ? t('testing') : t('test')}
          </Button>
        </form>
        {!connection.fileManaged && (
          <Link
            href={{ pathname: '/admin/backends', query: { edit: connection.id } }}
            className="inline-flex items-center rounded-md px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
          >
            {t('edit')}
          </Link>
        )}
        <form action={enableAction} onSubmit={() => setLast('enable')}>
          <input type="hidden" name="id" value={connection.id} />
          <input type="hidden" name="enabled" value={connection.enabled ? 'false' : 'true'} />
          <Button size="sm" variant="secondary" disabled={enablePending}>
            {connection.enabled ? t('disable') : t('enable')}
          </Button>
        </form>
        {!connection.fileManaged && (
          <Button size="sm" variant="danger" onClick={() => setConfirming((v) => !v)} aria-expanded={confirming}>
            {t('remove')}
          </Button>
        )}
      </div>
      {connection.fileManaged && <p className="text-right text-xs text-slate-500">{t('fileManaged')}</p>}
      {confirming && (
        <form
          action={removeAction}
          onSubmit={() => setLast('remove')}
          role="group"
          aria-labelledby={titleId}
          className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40"
        >
          <input type="hidden" name="id" value={connection.id} />
          <p id={titleId} className="text-sm font-semibold">
            {t('removeTitle', { name: connection.name })}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">{t('removeBody')}</p>
          <label htmlFor={confirmId} className="block text-xs font-medium">
            {t('removeTypeName', { name: connection.name })}
          </label>
          <Input id={confirmId} name="confirmName" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" className="py-1" />
          <div className="flex justify-end gap-2">
            <Button
              type="button"
              size="sm"
              variant="ghost"
              onClick={() => {
                setConfirming(false);
                setTyped('');
              }}
            >
              {t('cancelRemove')}
            </Button>
            <Button size="sm" variant="danger" disabled={removePending || typed.trim() !== connection.name}>
              {t('removeConfirm')}
            </Button>
          </div>
        </form>
      )}
      <FormStatus state={state} className="text-left [overflow-wrap:anywhere]" />
    </div>
  );
}
