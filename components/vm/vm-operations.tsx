'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import type { Vm } from '@/lib/domain';
import { useVmState } from './live-state';
import { TemplateFromVm } from '@/components/templates/template-from-vm';
import { VmClone } from './vm-clone';
import { VmDelete } from './vm-delete';
import { VmEditForm } from './vm-edit-form';

function Section({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card className="space-y-3 p-4" data-testid={testId}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

/**
 * The VM page's "Manage" tab: settings (name, CPU, memory), make a template,
 * clone, delete. Power and migration sit in the toolbar above the tabs, snapshots in
 * their own tab. Takes the VM as the page read it and follows its state, so
 * "delete" unlocks the moment the VM is down and a deleted VM says so.
 */
export function VmManage({ vm: initial, canClone = false }: { vm: Vm; canClone?: boolean }) {
  const t = useTranslations('vmActions');
  const live = useVmState(initial.id, initial);
  const vm = live.data?.vm ?? initial;
  if (live.data?.exists === false) {
    return (
      <p role="status" className="text-sm" data-testid="vm-manage">
        {t('removed', { name: initial.name })}
      </p>
    );
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="vm-manage">
      <div className="lg:col-span-2">
        <Section title={t('sections.edit')} testId="vm-edit">
          {/* Not keyed by the VM's values: a save changes them, and a remount would drop the answer ("applied at next start"). */}
          <VmEditForm vm={vm} />
        </Section>
      </div>
      <Section title={t('sections.template')} testId="vm-template">
        <TemplateFromVm vm={vm} />
      </Section>
      <Section title={t('sections.clone')} testId="vm-clone">
        <VmClone vm={vm} supported={canClone} />
      </Section>
      <Section title={t('sections.delete')} testId="vm-delete">
        <p className="text-sm text-slate-600 dark:text-slate-300">{vm.status === 'stopped' ? t('delete.ready') : t('delete.stopFirst')}</p>
        <VmDelete vm={vm} disabled={vm.status !== 'stopped'} />
      </Section>
    </div>
  );
}
