'use client';

import { useActionState, useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { keepValues } from '@/components/ui/keep-values';

type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface ClusterChoice {
  id: string;
  name: string;
  connectionName: string;
  dataCenterName?: string;
}

/**
 * Add a host: the engine installs it in the background (installing → initializing → up), which
 * the hosts list shows as it happens; the success message links there.
 */
export function HostAddForm({ action, clusters }: { action: FormAction; clusters: ClusterChoice[] }) {
  const t = useTranslations('hostAdd');
  const [state, formAction, pending] = useActionState(action, undefined);
  const [method, setMethod] = useState<'password' | 'publickey'>('password');
  const [name, setName] = useState('');
  const errors = state?.fieldErrors ?? {};
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-4" noValidate>
      <Field label={t('cluster')} name="clusterId" error={errors.clusterId}>
        <Select name="clusterId" defaultValue={clusters[0]?.id}>
          {clusters.map((c) => (
            <option key={c.id} value={c.id}>
              {t('clusterOption', { name: c.name, dataCenter: c.dataCenterName ?? '—', connection: c.connectionName })}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('name')} name="name" error={errors.name} hint={t('nameHint')}>
        <Input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={40} aria-invalid={!!errors.name} />
      </Field>
      <Field label={t('address')} name="address" error={errors.address} hint={t('addressHint')}>
        <Input name="address" required maxLength={255} aria-invalid={!!errors.address} autoComplete="off" />
      </Field>
      <Field label={t('sshPort')} name="sshPort" error={errors.sshPort}>
        <Input name="sshPort" type="number" min={1} max={65535} defaultValue={22} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">{t('auth')}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="authMethod" value="password" checked={method === 'password'} onChange={() => setMethod('password')} />
          {t('authPassword')}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="authMethod" value="publickey" checked={method === 'publickey'} onChange={() => setMethod('publickey')} />
          {t('authKey')}
        </label>
      </fieldset>
      {method === 'password' ? (
        <Field label={t('password')} name="password" error={errors.password}>
          <Input name="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} />
        </Field>
      ) : (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{t('keyHint')}</p>
      )}
      <Field label={t('descriptionLabel')} name="description" error={errors.description}>
        <Input name="description" maxLength={255} />
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="deployHostedEngine" className="mt-1" />
        <span>
          {t('deployHostedEngine')}
          <span className="block text-xs text-slate-500">{t('deployHostedEngineHint')}</span>
        </span>
      </label>
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
      {state?.ok && (
        <Link href={{ pathname: '/hosts', query: { q: name } }} className="text-sm font-medium text-brand-600 hover:underline">
          {t('follow')}
        </Link>
      )}
      <Button disabled={pending}>{pending ? t('adding') : t('add')}</Button>
    </form>
  );
}
