'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { Vm } from '@/lib/domain';
import { vmCloneAction } from '@/lib/actions/vms';
import { useActionRunner } from './use-action-runner';

/**
 * Clone this VM directly: a full copy with its own disks, a new id and new MAC addresses. The
 * backends copy only a stopped VM, so the form waits for that; a backend without a clone says so.
 */
export function VmClone({ vm, supported }: { vm: Pick<Vm, 'id' | 'name' | 'status'>; supported: boolean }) {
  const t = useTranslations('vmActions.clone');
  const { state, pending, run } = useActionRunner();
  const [name, setName] = useState('');
  if (!supported) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="vm-clone-unsupported">
        {t('unsupported')}
      </p>
    );
  }
  const stopped = vm.status === 'stopped';
  return (
    <form
      data-testid="vm-clone-form"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        run(vmCloneAction, { id: vm.id, name });
      }}
    >
      <p className="text-sm text-slate-600 dark:text-slate-300">{stopped ? t('body') : t('stopFirst')}</p>
      <Field label={t('name')} name="clone-name" error={state?.fieldErrors?.name}>
        <Input name="clone-name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending || !stopped}>
          {t('submit')}
        </Button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
