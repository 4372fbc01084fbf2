'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import type { Vm } from '@/lib/domain';
import { vmEditSchema } from '@/lib/validations/vm';
import { vmEditAction } from '@/lib/actions/vms';
import { useActionRunner } from './use-action-runner';

const MiB = 1024 ** 2;

/** Name, description, CPU topology and memory. A running VM gets what the engine can hot-plug; the rest waits for its next start. */
export function VmEditForm({ vm }: { vm: Pick<Vm, 'id' | 'name' | 'description' | 'cpu' | 'memoryBytes' | 'status'> }) {
  const t = useTranslations('vmActions');
  const tr = useTranslations();
  const { state, pending, run } = useActionRunner();
  const [local, setLocal] = useState<ActionState>();
  const [values, setValues] = useState({
    name: vm.name,
    description: vm.description ?? '',
    sockets: String(vm.cpu?.sockets ?? 1),
    cores: String(vm.cpu?.cores ?? 1),
    threads: String(vm.cpu?.threads ?? 1),
    memoryMiB: String(Math.round((vm.memoryBytes ?? 1024 * MiB) / MiB)),
  });
  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const shown = local ?? state;
  const errors = shown?.fieldErrors ?? {};

  return (
    <form
      // Our schema's messages (both languages) rather than the browser's min/step bubbles.
      noValidate
      data-testid="vm-edit-form"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        // The action's own schema, first in the browser: the same messages before any round trip.
        const parsed = vmEditSchema.safeParse({ id: vm.id, ...values });
        if (!parsed.success) {
          const fieldErrors: Record<string, string> = {};
          for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= tr.has(issue.message) ? tr(issue.message) : tr('validation.invalid');
          setLocal({ ok: false, message: tr('errors.invalidInput'), fieldErrors });
          return;
        }
        setLocal(undefined);
        run(vmEditAction, { id: vm.id, ...values });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('edit.name')} name="edit-name" error={errors.name}>
          <Input name="edit-name" value={values.name} onChange={set('name')} />
        </Field>
        <Field label={t('edit.description')} name="edit-description" error={errors.description}>
          <Input name="edit-description" value={values.description} onChange={set('description')} />
        </Field>
        <Field label={t('edit.sockets')} name="edit-sockets" error={errors.sockets}>
          <Input name="edit-sockets" type="number" min={1} value={values.sockets} onChange={set('sockets')} />
        </Field>
        <Field label={t('edit.cores')} name="edit-cores" error={errors.cores}>
          <Input name="edit-cores" type="number" min={1} value={values.cores} onChange={set('cores')} />
        </Field>
        <Field label={t('edit.threads')} name="edit-threads" error={errors.threads}>
          <Input name="edit-threads" type="number" min={1} value={values.threads} onChange={set('threads')} />
        </Field>
        <Field label={t('edit.memory')} name="edit-memory" error={errors.memoryMiB} hint={t('edit.memoryHint')}>
          <Input name="edit-memory" type="number" min={256} step={256} value={values.memoryMiB} onChange={set('memoryMiB')} />
        </Field>
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {t('edit.save')}
        </Button>
      </div>
      <FormStatus state={shown} />
    </form>
  );
}
