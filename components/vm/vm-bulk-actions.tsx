'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { BulkResults, type BulkOutcome } from '@/components/ui/bulk-results';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import type { ActionState } from '@/lib/actions/types';
import { VM_BULK_ACTIONS, type VmBulkAction } from '@/lib/domain/vm-actions';
import { vmDeleteAction, vmMigrateAction, vmPowerAction } from '@/lib/actions/vms';
import { useRefreshAfterAction } from './live-state';
import { formDataOf } from './use-action-runner';

interface Selected {
  id: string;
  name: string;
}

/**
 * Bulk start / shut down / power off / reboot / suspend / migrate / delete
 * for the VMs ticked in a list. Each VM is its own audited server action, so
 * each gets its own answer: done, or the engine's refusal in its own words.
 */
export function VmBulkActions({ selected, onDone }: { selected: Selected[]; onDone?: () => void }) {
  const t = useTranslations('vmActions');
  const [action, setAction] = useState<VmBulkAction | null>(null);
  const [outcomes, setOutcomes] = useState<BulkOutcome[]>([]);
  const [ran, setRan] = useState<VmBulkAction | null>(null);
  const [pending, startTransition] = useTransition();
  const refresh = useRefreshAfterAction();

  const call = (a: VmBulkAction, vm: Selected): Promise<ActionState> => {
    if (a === 'migrate') return vmMigrateAction(undefined, formDataOf({ id: vm.id, hostId: '' }));
    if (a === 'delete') return vmDeleteAction(undefined, formDataOf({ id: vm.id, confirmName: vm.name, keepDisks: 'false' }));
    return vmPowerAction(undefined, formDataOf({ id: vm.id, action: a }));
  };

  const start = (a: VmBulkAction) => {
    const targets = [...selected];
    setAction(null);
    setRan(a);
    setOutcomes(targets.map((vm) => ({ id: vm.id, name: vm.name })));
    startTransition(async () => {
      for (const vm of targets) {
        let result: ActionState;
        try {
          result = await call(a, vm);
        } catch {
          result = { ok: false, message: t('bulk.networkError') };
        }
        setOutcomes((prev) => prev.map((o) => (o.id === vm.id ? { ...o, ok: !!result.ok, message: result.message, detail: result.detail } : o)));
      }
      refresh();
      onDone?.();
    });
  };

  const none = selected.length === 0;
  return (
    <div className="space-y-2" data-testid="vm-bulk-actions">
      <div role="group" aria-label={t('bulk.group', { count: selected.length })} className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-slate-500">{t('bulk.selected', { count: selected.length })}</span>
        {VM_BULK_ACTIONS.map((a) => (
          <Button key={a} size="sm" variant={a === 'delete' || a === 'stop' ? 'danger' : 'secondary'} disabled={none || pending} onClick={() => setAction(a)}>
            {t(`bulk.verb.${a}`)}
          </Button>
        ))}
      </div>
      {ran && <BulkResults title={t(`bulk.resultTitle.${ran}`)} outcomes={outcomes} />}
      <ConfirmDialog
        open={action !== null}
        danger={action === 'delete' || action === 'stop'}
        title={action ? t(`bulk.confirmTitle.${action}`, { count: selected.length }) : ''}
        confirmLabel={action ? t(`bulk.verb.${action}`) : ''}
        typeToConfirm={action === 'delete' ? String(selected.length) : undefined}
        typeLabel={t('bulk.typeCount', { count: selected.length })}
        pending={pending}
        onCancel={() => setAction(null)}
        onConfirm={() => action && start(action)}
      >
        {action && <p>{t(`bulk.confirmBody.${action}`)}</p>}
        <ul className="max-h-40 list-disc overflow-auto pl-5 text-xs">
          {selected.map((vm) => (
            <li key={vm.id}>{vm.name}</li>
          ))}
        </ul>
      </ConfirmDialog>
    </div>
  );
}
