'use client';

import { useTranslations } from 'next-intl';
import { Select } from '@/components/ui/field';
import type { ActionState } from '@/lib/actions/types';
import { ActionForm } from './action-form';

type Action = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface AttachChoice {
  id: string;
  name: string;
  connectionName: string;
  running: boolean;
}

const LABEL = 'block text-xs font-medium text-slate-600 dark:text-slate-400';

/** Attach this volume to one VM of a compute connection that takes volumes (running: hot-plugged). */
export function AttachVolumeForm({ action, volume, vms }: { action: Action; volume: { id: string; name: string }; vms: AttachChoice[] }) {
  const t = useTranslations('volumes.detail');
  if (vms.length === 0) return <p className="text-xs text-slate-500" data-testid="volume-attach-no-vms">{t('attachNoVms')}</p>;
  return (
    <ActionForm action={action} hidden={{ id: volume.id, name: volume.name }} submit={t('attach')} testId="volume-attach">
      <label className={LABEL}>
        {t('attachTo')}
        <Select name="vmId" defaultValue="" required className="mt-1" data-testid="volume-attach-vm">
          <option value="" disabled>
            {t('pickVm')}
          </option>
          {vms.map((vm) => (
            <option key={vm.id} value={vm.id}>
              {t('vmChoice', { vm: vm.name, connection: vm.connectionName, state: vm.running ? t('vmRunning') : t('vmStopped') })}
            </option>
          ))}
        </Select>
      </label>
      <p className="text-xs text-slate-500">{t('attachHint')}</p>
    </ActionForm>
  );
}

/** Detach this volume from the VM an attachment names. */
export function DetachVolumeForm({ action, volume, vm }: { action: Action; volume: { id: string; name: string }; vm: { id: string; name: string } }) {
  const t = useTranslations('volumes.detail');
  return (
    <ActionForm
      action={action}
      hidden={{ id: volume.id, name: volume.name, vmId: vm.id }}
      submit={t('detach')}
      confirm={t('detachConfirm', { volume: volume.name, vm: vm.name })}
      testId="volume-detach"
      className="inline-flex items-center gap-2"
    />
  );
}
