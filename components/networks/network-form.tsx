'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { FormAction } from './form-action';

export interface NetworkFormValues {
  id: string;
  name: string;
  description?: string;
  vlanId?: number;
  mtu?: number;
  vmNetwork?: boolean;
  dnsServers?: string[];
  qosId?: string;
}

/** Create (a data center to choose) or edit (the network's values) a logical network. */
export function NetworkForm({
  action,
  dataCenters,
  initial,
  hostQos,
}: {
  action: FormAction;
  dataCenters?: { id: string; label: string }[];
  initial?: NetworkFormValues;
  /** The data center's host network QoS entries (editing: the data center is known). */
  hostQos?: { id: string; name: string }[];
}) {
  const t = useTranslations('networks');
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  const editing = initial !== undefined;
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-4" noValidate data-testid={editing ? 'network-edit' : 'network-create'}>
      {editing && <input type="hidden" name="id" value={initial.id} />}
      {!editing && dataCenters && (
        <Field label={t('dataCenter')} name="dataCenterId" error={errors.dataCenterId}>
          <Select id="dataCenterId" name="dataCenterId" defaultValue={dataCenters[0]?.id}>
            {dataCenters.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label={t('name')} name="name" error={errors.name} hint={t('nameHint')}>
        <Input id="name" name="name" defaultValue={initial?.name} required maxLength={50} aria-invalid={!!errors.name} />
      </Field>
      <Field label={t('descriptionLabel')} name="description" error={errors.description}>
        <Input id="description" name="description" defaultValue={initial?.description} maxLength={255} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('vlan')} name="vlanId" error={errors.vlanId} hint={t('vlanHint')}>
          <Input id="vlanId" name="vlanId" inputMode="numeric" defaultValue={initial?.vlanId ?? ''} aria-invalid={!!errors.vlanId} />
        </Field>
        <Field label={t('mtu')} name="mtu" error={errors.mtu} hint={t('mtuHint')}>
          <Input id="mtu" name="mtu" inputMode="numeric" defaultValue={initial?.mtu || ''} aria-invalid={!!errors.mtu} />
        </Field>
      </div>
      <Field label={t('dns')} name="dnsServers" error={errors.dnsServers} hint={t('dnsHint')}>
        <Input id="dnsServers" name="dnsServers" defaultValue={initial?.dnsServers?.join(' ') ?? ''} />
      </Field>
      {hostQos && (
        <Field label={t('hostQos')} name="qosId" error={errors.qosId} hint={t('hostQosHint')}>
          <Select id="qosId" name="qosId" defaultValue={initial?.qosId ?? ''}>
            <option value="">{t('qosNone')}</option>
            {hostQos.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="vmNetwork" defaultChecked={initial?.vmNetwork ?? true} />
        {t('vmNetwork')}
      </label>
      {!editing && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="portIsolation" />
          {t('portIsolation')}
        </label>
      )}
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
      <Button disabled={pending}>{pending ? t('saving') : editing ? t('save') : t('create')}</Button>
    </form>
  );
}
