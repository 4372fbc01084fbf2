'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { keepValues } from '@/components/ui/keep-values';

type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface ExportedRow {
  id: string;
  name: string;
  kind: 'vm' | 'template';
  description?: string;
  /** A VM or template of this name exists already: import it as a renamed clone. */
  nameTaken: boolean;
}

/**
 * Import a VM or template from an export domain into a cluster and a data domain of the same data
 * center. When the name is taken the form proposes a clone under a new name, as the engine
 * requires (it refuses a second object of the same name or id).
 */
export function ExportImport({
  action,
  exportDomainId,
  items,
  clusters,
  storageDomains,
}: {
  action: FormAction;
  exportDomainId: string;
  items: ExportedRow[];
  clusters: { id: string; name: string }[];
  storageDomains: { id: string; name: string }[];
}) {
  const t = useTranslations('exportImport');
  const [state, formAction, pending] = useActionState(action, undefined);
  const [itemId, setItemId] = useState(items[0]?.id ?? '');
  const item = items.find((i) => i.id === itemId);
  const [clone, setClone] = useState(items[0]?.nameTaken ?? false);
  const errors = state?.fieldErrors ?? {};
  return (
    <div className="space-y-6">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
          <tr>
            <th className="py-2 pr-3 font-medium">{t('name')}</th>
            <th className="py-2 pr-3 font-medium">{t('kind')}</th>
            <th className="py-2 font-medium">{t('state')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-2 pr-3">{i.name}</td>
              <td className="py-2 pr-3">{t(`kinds.${i.kind}`)}</td>
              <td className="py-2 text-xs text-slate-500">{i.nameTaken ? t('nameTaken') : t('importable')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={keepValues(formAction)} className="space-y-4" noValidate>
        <input type="hidden" name="exportDomainId" value={exportDomainId} />
        <input type="hidden" name="kind" value={item?.kind ?? 'vm'} />
        <Field label={t('item')} name="itemId" error={errors.itemId}>
          <Select
            name="itemId"
            value={itemId}
            onChange={(e) => {
              setItemId(e.target.value);
              setClone(items.find((i) => i.id === e.target.value)?.nameTaken ?? false);
            }}
          >
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {t('itemOption', { name: i.name, kind: t(`kinds.${i.kind}`) })}
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t('cluster')} name="clusterId" error={errors.clusterId}>
            <Select name="clusterId">
              {clusters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('storageDomain')} name="storageDomainId" error={errors.storageDomainId}>
            <Select name="storageDomainId">
              {storageDomains.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="clone" checked={clone} onChange={(e) => setClone(e.target.checked)} />
          {t('clone')}
        </label>
        {clone && (
          <Field label={t('newName')} name="name" error={errors.name} hint={t('newNameHint')}>
            <Input name="name" key={itemId} defaultValue={item ? `${item.name}-imported` : ''} maxLength={40} aria-invalid={!!errors.name} />
          </Field>
        )}
        <FormStatus state={state} className="[overflow-wrap:anywhere]" />
        <Button disabled={pending || !item}>{pending ? t('importing') : t('import')}</Button>
      </form>
    </div>
  );
}
