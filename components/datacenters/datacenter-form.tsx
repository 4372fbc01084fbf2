'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { keepValues } from '@/components/ui/keep-values';
import { COMPAT_VERSIONS } from '@/lib/validations/datacenter';

type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

/** Create (with connections to choose from) or edit (with the data center's id and values). */
export function DataCenterForm({
  action,
  connections,
  initial,
}: {
  action: FormAction;
  connections?: { id: string; name: string }[];
  initial?: { id: string; name: string; description?: string };
}) {
  const t = useTranslations('dcActions');
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  const editing = initial !== undefined;
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-4" noValidate>
      {editing && <input type="hidden" name="id" value={initial.id} />}
      {!editing && connections && (
        <Field label={t('connection')} name="connectionId" error={errors.connectionId}>
          <Select name="connectionId" defaultValue={connections[0]?.id}>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
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
        <>
          <Field label={t('storageType')} name="storageType" error={errors.storageType} hint={t('storageTypeHint')}>
            <Select name="storageType" defaultValue="shared">
              <option value="shared">{t('shared')}</option>
              <option value="local">{t('local')}</option>
            </Select>
          </Field>
          <Field label={t('version')} name="version" error={errors.version}>
            <Select name="version" defaultValue={COMPAT_VERSIONS[COMPAT_VERSIONS.length - 1]}>
              {COMPAT_VERSIONS.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </Select>
          </Field>
        </>
      )}
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
      <Button disabled={pending}>{pending ? t('saving') : editing ? t('save') : t('create')}</Button>
    </form>
  );
}
