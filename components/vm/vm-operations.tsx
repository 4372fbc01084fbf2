'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import type { Vm } from '@/lib/domain';
import { useVmState } from './live-state';
import { SnapshotsPanel } from './snapshots-panel';
import { TemplateFromVm } from './template-from-vm';
import { VmDelete } from './vm-delete';
import { VmEditForm } from './vm-edit-form';
import { VmPowerControls } from './vm-power-controls';

function Section({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card className="space-y-3 p-4" data-testid={testId}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

/**
 * Everything an operator can do to one VM, for the VM's detail page: power,
 * run once, migrate, edit, snapshots and clones, make a template, delete.
 * Takes the VM as the page read it and follows its state from there.
 */
export function VmOperations({ vm: initial }: { vm: Vm }) {
  const t = useTranslations('vmActions');
  const live = useVmState(initial.id, initial);
  const vm = live.data?.vm ?? initial;
  if (live.data?.exists === false) {
    return (
      <Section title={t('sections.power')} testId="vm-operations">
        <p role="status" className="text-sm">
          {t('removed', { name: initial.name })}
        </p>
      </Section>
    );
  }
  return (
    <div className="space-y-4" data-testid="vm-operations">
      <Section title={t('sections.power')}>
        <VmPowerControls vm={vm} />
      </Section>
      <Section title={t('sections.edit')}>
        <VmEditForm key={`${vm.name}|${vm.memoryBytes}|${vm.cpu?.sockets}|${vm.cpu?.cores}`} vm={vm} />
      </Section>
      <Section title={t('sections.snapshots')}>
        <SnapshotsPanel vm={vm} />
      </Section>
      <Section title={t('sections.template')}>
        <TemplateFromVm vm={vm} />
      </Section>
      <Section title={t('sections.delete')}>
        <VmDelete vm={vm} disabled={vm.status !== 'stopped'} />
      </Section>
    </div>
  );
}
