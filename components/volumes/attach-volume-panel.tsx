'use client';

import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import { Select } from '@/components/ui/field';
import { formatBytes } from '@/components/ui/format';
import type { ActionState } from '@/lib/actions/types';
import { ActionForm } from './action-form';

type Action = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface VmVolumeChoice {
  id: string;
  name: string;
  sizeBytes: number;
  connectionName: string;
  device?: string;
}

export interface VmVolumesView {
  unsupported?: 'vmKind' | 'noService';
  attached: VmVolumeChoice[];
  available: VmVolumeChoice[];
  problems: { name: string; message: string }[];
}

const LABEL = 'block text-xs font-medium text-slate-600 dark:text-slate-400';

/**
 * Block storage volumes on one VM, from the VM's side: those attached (each with Detach) and a
 * picker of those free to attach. The same panel serves the admin VM page and the portal's VM page;
 * each passes its own actions (admin: any volume; portal: the user's own) and its own list.
 */
export function AttachVolumePanel({
  vm,
  volumes,
  attachAction,
  detachAction,
}: {
  vm: { id: string; name: string; running: boolean };
  volumes: VmVolumesView;
  attachAction: Action;
  detachAction: Action;
}) {
  const t = useTranslations('volumes.vm');
  // Without any volume service there is no action to hide, so no card either.
  if (volumes.unsupported === 'noService') return null;
  return (
    <Card className="mb-4 space-y-3 p-4" data-testid="vm-volumes">
      <h2 className="text-sm font-semibold">{t('title')}</h2>
      {volumes.unsupported ? (
        <p className="text-xs text-slate-500" data-testid="vm-volumes-unsupported">
          {t('unsupportedVmKind')}
        </p>
      ) : (
        <>
          {volumes.problems.map((p) => (
            <p key={p.name} role="alert" className="text-xs text-amber-700 dark:text-amber-400">
              {t('problem', { name: p.name, message: p.message })}
            </p>
          ))}
          {volumes.attached.length === 0 ? (
            <p className="text-xs text-slate-500" data-testid="vm-volumes-none">
              {t('none')}
            </p>
          ) : (
            <ul className="space-y-2" data-testid="vm-volumes-attached">
              {volumes.attached.map((v) => (
                <li key={v.id} className="flex flex-wrap items-center gap-3 text-sm" data-testid="vm-volume-row">
                  <span>
                    {t('attachedRow', { name: v.name, size: formatBytes(v.sizeBytes), device: v.device ?? '?', connection: v.connectionName })}
                  </span>
                  <ActionForm
                    action={detachAction}
                    hidden={{ id: v.id, name: v.name, vmId: vm.id }}
                    submit={t('detach')}
                    confirm={t('detachConfirm', { volume: v.name, vm: vm.name })}
                    testId="vm-volume-detach"
                    className="inline-flex items-center gap-2"
                  />
                </li>
              ))}
            </ul>
          )}
          {volumes.available.length === 0 ? (
            <p className="text-xs text-slate-500" data-testid="vm-volumes-none-free">
              {t('noneFree')}
            </p>
          ) : (
            <ActionForm action={attachAction} hidden={{ vmId: vm.id }} submit={t('attach')} testId="vm-volume-attach">
              <label className={LABEL}>
                {t('pick')}
                <Select name="id" defaultValue="" required className="mt-1" data-testid="vm-volume-pick">
                  <option value="" disabled>
                    {t('pickPlaceholder')}
                  </option>
                  {volumes.available.map((v) => (
                    <option key={v.id} value={v.id}>
                      {t('choice', { name: v.name, size: formatBytes(v.sizeBytes), connection: v.connectionName })}
                    </option>
                  ))}
                </Select>
              </label>
              <p className="text-xs text-slate-500">{vm.running ? t('hintRunning') : t('hintStopped')}</p>
            </ActionForm>
          )}
        </>
      )}
    </Card>
  );
}
