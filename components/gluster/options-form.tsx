'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { keepValues } from '@/components/ui/keep-values';
import type { GlusterOption } from '@/lib/domain/gluster';
import { OpButton } from './op-button';
import type { FormAction } from './types';

/** The volume's options with a reset per option, and one form to set an option. */
export function GlusterOptionsForm({ action, volumeId, options }: { action: FormAction; volumeId: string; options: GlusterOption[] }) {
  const t = useTranslations('gluster');
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  return (
    <div className="space-y-3">
      <table className="w-full text-sm" data-testid="gluster-options">
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="py-1">{t('optionName')}</th>
            <th className="py-1">{t('optionValue')}</th>
            <th className="py-1 sr-only">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {options.map((o) => (
            <tr key={o.name} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1 font-mono text-xs">{o.name}</td>
              <td className="py-1 font-mono text-xs">{o.value}</td>
              <td className="py-1 text-right">
                <OpButton action={action} fields={{ id: volumeId, op: 'reset', option: o.name }} label={t('resetOption')} variant="secondary" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={keepValues(formAction)} className="flex flex-wrap items-end gap-2" noValidate>
        <input type="hidden" name="id" value={volumeId} />
        <input type="hidden" name="op" value="set" />
        <label className="text-xs">
          {t('optionName')}
          <Input name="option" className="w-64 font-mono" aria-invalid={!!errors.option} />
        </label>
        <label className="text-xs">
          {t('optionValue')}
          <Input name="value" className="w-40 font-mono" aria-invalid={!!errors.value} />
        </label>
        <Button size="sm" disabled={pending}>
          {t('setOption')}
        </Button>
        <FormStatus state={state} className="w-full text-xs [overflow-wrap:anywhere]" />
        {(errors.option || errors.value) && <p className="w-full text-xs text-red-600 dark:text-red-400">{errors.option ?? errors.value}</p>}
      </form>
    </div>
  );
}
