'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { templateCreateAction } from '@/lib/actions/vms';
import { useActionRunner } from '@/components/vm/use-action-runner';

/** Make a template from this VM (the engine wants it stopped and copies its disks in a job). */
export function TemplateFromVm({ vm }: { vm: { id: string; name: string } }) {
  const t = useTranslations('templateActions');
  const { state, pending, run } = useActionRunner();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <form
      data-testid="template-from-vm"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        run(templateCreateAction, { vmId: vm.id, name, description });
      }}
    >
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('fromVmBody')}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('name')} name="template-name" error={state?.fieldErrors?.name}>
          <Input name="template-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('description')} name="template-description" error={state?.fieldErrors?.description}>
          <Input name="template-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {t('create')}
        </Button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
