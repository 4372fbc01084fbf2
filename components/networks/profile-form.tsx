'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { VnicProfile } from '@/lib/domain';
import type { FormAction } from './form-action';

/** Create (no profile) or edit a vNIC profile of one network. */
export function ProfileForm({
  action,
  networkId,
  profile,
  qos,
}: {
  action: FormAction;
  networkId: string;
  profile?: VnicProfile;
  /** The data center's network QoS entries. */
  qos: { id: string; name: string }[];
}) {
  const t = useTranslations('networks');
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  const p = profile?.id ?? 'new';
  const filter = profile === undefined || profile.networkFilter === undefined ? 'default' : profile.networkFilter === null ? 'none' : profile.networkFilter;
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-3" noValidate data-testid={`profile-form-${profile?.name ?? 'new'}`}>
      {profile && <input type="hidden" name="id" value={profile.id} />}
      <input type="hidden" name="networkId" value={networkId} />
      <div className="grid gap-3 sm:grid-cols-4">
        <Field label={t('profileName')} name={`pname-${p}`} error={errors.name}>
          <Input id={`pname-${p}`} name="name" defaultValue={profile?.name} maxLength={50} />
        </Field>
        <Field label={t('descriptionLabel')} name={`pdesc-${p}`} error={errors.description}>
          <Input id={`pdesc-${p}`} name="description" defaultValue={profile?.description} maxLength={255} />
        </Field>
        <Field label={t('networkFilter')} name={`pfilter-${p}`} error={errors.networkFilter} hint={t('networkFilterHint')}>
          <Input id={`pfilter-${p}`} name="networkFilter" defaultValue={filter} maxLength={64} />
        </Field>
        <Field label={t('profileQos')} name={`pqos-${p}`} error={errors.qosId}>
          <Select id={`pqos-${p}`} name="qosId" defaultValue={profile?.qos?.id ?? ''}>
            <option value="">{t('qosNone')}</option>
            {qos.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" name="portMirroring" defaultChecked={profile?.portMirroring ?? false} />
          {t('portMirroring')}
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" name="passThrough" defaultChecked={profile?.passThrough ?? false} />
          {t('passThrough')}
        </label>
        <Button size="sm" disabled={pending}>
          {profile ? t('save') : t('addProfile')}
        </Button>
      </div>
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
    </form>
  );
}
