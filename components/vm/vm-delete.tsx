'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { vmDeleteAction } from '@/lib/actions/vms';
import { useActionRunner } from './use-action-runner';

/** Delete with or without the disks, confirmed by typing the VM's name. */
export function VmDelete({ vm, disabled }: { vm: { id: string; name: string }; disabled?: boolean }) {
  const t = useTranslations('vmActions');
  const [open, setOpen] = useState(false);
  const [keepDisks, setKeepDisks] = useState(false);
  const [deleteVolumes, setDeleteVolumes] = useState(false);
  const { state, pending, run } = useActionRunner();
  return (
    <div className="space-y-2">
      <Button variant="danger" size="sm" disabled={disabled || pending} onClick={() => setOpen(true)}>
        {t('delete.button')}
      </Button>
      <FormStatus state={state} />
      <ConfirmDialog
        open={open}
        danger
        title={t('delete.title', { name: vm.name })}
        confirmLabel={t('delete.confirm')}
        typeToConfirm={vm.name}
        typeLabel={t('delete.typeName', { name: vm.name })}
        pending={pending}
        onCancel={() => setOpen(false)}
        onConfirm={(typed) => run(vmDeleteAction, { id: vm.id, confirmName: typed, keepDisks: String(keepDisks), deleteVolumes: String(deleteVolumes) }, () => setOpen(false))}
        extra={
          <>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={keepDisks} onChange={(e) => setKeepDisks(e.target.checked)} />
              {t('delete.keepDisks')}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={deleteVolumes} onChange={(e) => setDeleteVolumes(e.target.checked)} data-testid="vm-delete-volumes" />
              {t('delete.deleteVolumes')}
            </label>
          </>
        }
      >
        <p>{keepDisks ? t('delete.bodyKeep') : t('delete.body')}</p>
      </ConfirmDialog>
    </div>
  );
}
