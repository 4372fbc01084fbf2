'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import type { Template } from '@/lib/domain';
import { templateDeleteAction } from '@/lib/actions/vms';
import { useTemplateState } from '@/components/vm/live-state';
import { StatusPill } from '@/components/vm/status-pill';
import { useActionRunner } from '@/components/vm/use-action-runner';

/** For a template: create a VM from it (the wizard, preselected) or delete it (typing its name). */
export function TemplateActions({ template: initial }: { template: Template }) {
  const t = useTranslations('templateActions');
  const live = useTemplateState(initial.id, initial);
  const template = live.data?.template ?? initial;
  const gone = live.data?.exists === false;
  const [open, setOpen] = useState(false);
  const { state, pending, run } = useActionRunner();
  const blank = template.name === 'Blank';
  return (
    <section aria-label={t('title', { name: template.name })} className="space-y-2" data-testid="template-actions">
      <div className="flex flex-wrap items-center gap-2">
        {gone ? <StatusPill status="removed" /> : <StatusPill status={template.status} native={template.nativeStatus} busy={template.status === 'locked'} />}
        {!gone && template.status === 'ok' && (
          <Link
            href={{ pathname: '/vms/new', query: { connection: template.connectionId, template: template.id } }}
            className="inline-flex items-center rounded-md bg-brand-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-brand-700"
          >
            {t('newVm')}
          </Link>
        )}
        <Button size="sm" variant="danger" disabled={gone || blank || pending || template.status === 'locked'} onClick={() => setOpen(true)}>
          {t('delete')}
        </Button>
      </div>
      <FormStatus state={state} />
      <ConfirmDialog
        open={open}
        danger
        title={t('deleteTitle', { name: template.name })}
        confirmLabel={t('delete')}
        typeToConfirm={template.name}
        typeLabel={t('typeName', { name: template.name })}
        pending={pending}
        onCancel={() => setOpen(false)}
        onConfirm={(typed) => run(templateDeleteAction, { id: template.id, confirmName: typed }, () => setOpen(false))}
      >
        <p>{t('deleteBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
