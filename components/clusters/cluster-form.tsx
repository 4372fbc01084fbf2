'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { keepValues } from '@/components/ui/keep-values';
import { COMPAT_VERSIONS } from '@/lib/validations/datacenter';

type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface DataCenterChoice {
  id: string;
  name: string;
  connectionId: string;
  connectionName: string;
  version?: string;
}

/** CPU types per connection and compatibility version ("conn|4.7" → names). */
export type CpuTypeTable = Record<string, string[]>;

/** Create (choose a data center, CPU type from its engine's list) or edit a cluster. */
export function ClusterForm({
  action,
  dataCenters,
  cpuTypes,
  initial,
}: {
  action: FormAction;
  dataCenters?: DataCenterChoice[];
  cpuTypes: CpuTypeTable;
  initial?: { id: string; name: string; description?: string; cpuType?: string; connectionId: string; version?: string; virtService?: boolean; glusterService?: boolean };
}) {
  const t = useTranslations('clusterActions');
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  const editing = initial !== undefined;
  const [dcId, setDcId] = useState(dataCenters?.[0]?.id ?? '');
  const latest = COMPAT_VERSIONS[COMPAT_VERSIONS.length - 1];
  const [version, setVersion] = useState<string>(initial?.version ?? dataCenters?.[0]?.version ?? latest);
  const dc = dataCenters?.find((d) => d.id === dcId);
  const connectionId = initial?.connectionId ?? dc?.connectionId ?? '';
  const types = cpuTypes[`${connectionId}|${version}`] ?? cpuTypes[`${connectionId}|${latest}`] ?? [];
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-4" noValidate>
      {editing && <input type="hidden" name="id" value={initial.id} />}
      {!editing && dataCenters && (
        <Field label={t('dataCenter')} name="dataCenterId" error={errors.dataCenterId}>
          <Select
            name="dataCenterId"
            value={dcId}
            onChange={(e) => {
              setDcId(e.target.value);
              const next = dataCenters.find((d) => d.id === e.target.value);
              if (next?.version && (COMPAT_VERSIONS as readonly string[]).includes(next.version)) setVersion(next.version);
            }}
          >
            {dataCenters.map((d) => (
              <option key={d.id} value={d.id}>
                {t('dataCenterOption', { name: d.name, connection: d.connectionName })}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label={t('name')} name="name" error={errors.name} hint={t('nameHint')}>
        <Input name="name" defaultValue={initial?.name} required maxLength={40} aria-invalid={!!errors.name} />
      </Field>
      <Field label={t('descriptionLabel')} name="description" error={errors.description}>
        <Input name="description" defaultValue={initial?.description} maxLength={255} />
      </Field>
      {!editing && (
        <Field label={t('version')} name="version" error={errors.version}>
          <Select name="version" value={version} onChange={(e) => setVersion(e.target.value)}>
            {COMPAT_VERSIONS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label={t('cpuType')} name="cpuType" error={errors.cpuType}>
        <Select name="cpuType" defaultValue={initial?.cpuType ?? types[0]} key={`${connectionId}|${version}`}>
          {initial?.cpuType && !types.includes(initial.cpuType) && <option value={initial.cpuType}>{initial.cpuType}</option>}
          {types.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
      </Field>
      {editing && initial.virtService !== undefined && initial.glusterService !== undefined && (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">{t('services')}</legend>
          <input type="hidden" name="services" value="1" />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="virtService" defaultChecked={initial.virtService} />
            {t('virtService')}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="glusterService" defaultChecked={initial.glusterService} />
            {t('glusterService')}
          </label>
          {errors.virtService && <p className="text-xs text-red-600 dark:text-red-400">{errors.virtService}</p>}
        </fieldset>
      )}
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
      <Button disabled={pending}>{pending ? t('saving') : editing ? t('save') : t('create')}</Button>
    </form>
  );
}
