'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/actions/confirm-dialog';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import type { Host } from '@/lib/domain';
import type { HostAction } from '@/lib/validations/vm';
import { hostAction } from '@/app/(admin)/vms/actions';
import { useHostState } from './live-state';
import { StatusPill } from './status-pill';
import { useActionRunner } from './use-action-runner';

/** Which host states each action makes sense in; the engine refuses the rest in its own words. */
const ENABLED: Record<HostAction, (h: Host) => boolean> = {
  deactivate: (h) => ['up', 'non_operational', 'non_responsive', 'error'].includes(h.status),
  activate: (h) => ['maintenance', 'non_operational', 'error', 'down'].includes(h.status),
  fenceRestart: (h) => h.status !== 'transitioning' && h.status !== 'installing',
};

/**
 * Maintenance, activate and fence-restart for one host, each confirmed with
 * what happens to the VMs running there, and the host's state followed until
 * the engine is done (preparing_for_maintenance → maintenance, reboot → up…).
 */
export function HostActions({ host: initial }: { host: Host }) {
  const t = useTranslations('hostActions');
  const live = useHostState(initial.id, initial);
  const host = live.data?.host ?? initial;
  const [dialog, setDialog] = useState<HostAction | null>(null);
  const { state, pending, run } = useActionRunner();
  const running = host.vmsActive ?? 0;
  const busy = host.status === 'transitioning';

  return (
    <section aria-label={t('title', { name: host.name })} className="space-y-3" data-testid="host-actions">
      <div className="flex flex-wrap items-center gap-3">
        <StatusPill status={host.status} native={host.nativeStatus} busy={busy} />
        <span className="text-xs text-slate-500">{t('runningVms', { count: running })}</span>
        {live.error && <span className="text-xs text-red-700 dark:text-red-400">{t('stateUnavailable')}</span>}
      </div>
      <div role="group" aria-label={t('group')} className="flex flex-wrap gap-2">
        {(['deactivate', 'activate', 'fenceRestart'] as const).map((a) => (
          <Button key={a} size="sm" variant={a === 'fenceRestart' ? 'danger' : 'secondary'} disabled={pending || !ENABLED[a](host)} onClick={() => setDialog(a)}>
            {t(`verb.${a}`)}
          </Button>
        ))}
      </div>
      <FormStatus state={state} />
      <ConfirmDialog
        open={dialog !== null}
        title={dialog ? t(`confirm.${dialog}.title`, { name: host.name }) : ''}
        confirmLabel={dialog ? t(`verb.${dialog}`) : ''}
        danger={dialog === 'fenceRestart'}
        typeToConfirm={dialog === 'fenceRestart' ? host.name : undefined}
        typeLabel={t('typeName', { name: host.name })}
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={() => dialog && run(hostAction, { id: host.id, action: dialog }, () => setDialog(null))}
      >
        {dialog && <p>{t(`confirm.${dialog}.body`, { count: running })}</p>}
      </ConfirmDialog>
    </section>
  );
}
