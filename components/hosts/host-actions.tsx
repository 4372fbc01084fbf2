'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import type { Host } from '@/lib/domain';
import type { HostAction } from '@/lib/validations/vm';
import { hostAction } from '@/lib/actions/hosts';
import { useHostState } from '@/components/vm/live-state';
import { StatusPill } from '@/components/vm/status-pill';
import { useActionRunner } from '@/components/vm/use-action-runner';

/** Which host states each action makes sense in; the engine refuses the rest in its own words. */
const ENABLED: Record<HostAction, (h: Host) => boolean> = {
  deactivate: (h) => ['up', 'non_operational', 'non_responsive', 'error'].includes(h.status),
  activate: (h) => ['maintenance', 'non_operational', 'error', 'down'].includes(h.status),
  fenceRestart: (h) => h.status !== 'installing',
};

/** oVirt's in-between states; `unassigned`, the first step of an activation, maps to the common `unknown`. */
const MOVING_NATIVE = new Set(['unassigned', 'connecting', 'initializing', 'reboot', 'preparing_for_maintenance']);

/** How many VM names the confirmation lists before it says "and N more". */
const NAMES_SHOWN = 12;

/**
 * Maintenance, activate and fence-restart for one host, each confirmed with
 * what happens to the VMs running there, and the host's state followed until
 * the engine is done (preparing_for_maintenance → maintenance, reboot → up…).
 */
export function HostActions({ host: initial, runningVms }: { host: Host; runningVms?: string[] }) {
  const t = useTranslations('hostActions');
  const router = useRouter();
  const live = useHostState(initial.id, initial);
  const host = live.data?.host ?? initial;
  const [dialog, setDialog] = useState<HostAction | null>(null);
  const { state, pending, run } = useActionRunner();
  const running = host.vmsActive ?? runningVms?.length ?? 0;
  // Nothing is offered while the engine is still moving the host from one state to the next.
  const busy = host.status === 'transitioning' || MOVING_NATIVE.has(host.nativeStatus);

  // Each step the engine takes also re-reads the server-rendered page (status badge, VM list, events).
  const seen = useRef(host.nativeStatus);
  useEffect(() => {
    if (seen.current === host.nativeStatus) return;
    seen.current = host.nativeStatus;
    router.refresh();
  }, [host.nativeStatus, router]);

  return (
    <section aria-label={t('title', { name: host.name })} className="space-y-3" data-testid="host-actions">
      <div className="flex flex-wrap items-center gap-3">
        <StatusPill status={host.status} native={host.nativeStatus} busy={busy} />
        <span className="text-xs text-slate-500">{t('runningVms', { count: running })}</span>
        {live.error && <span className="text-xs text-red-700 dark:text-red-400">{t('stateUnavailable')}</span>}
      </div>
      <div role="group" aria-label={t('group')} className="flex flex-wrap gap-2">
        {(['deactivate', 'activate', 'fenceRestart'] as const).map((a) => (
          <Button key={a} size="sm" variant={a === 'fenceRestart' ? 'danger' : 'secondary'} disabled={pending || busy || !ENABLED[a](host)} onClick={() => setDialog(a)}>
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
        {dialog && <p>{running > 0 ? t(`confirm.${dialog}.body`, { count: running }) : t(`confirm.${dialog}.none`)}</p>}
        {/* On a hosted-engine host, maintenance is also the HA agent's local maintenance: say what that means. */}
        {dialog && dialog !== 'fenceRestart' && host.hostedEngine && (
          <p data-testid="host-he-meaning">{t(dialog === 'deactivate' ? 'hostedEngine.deactivate' : 'hostedEngine.activate', { score: host.hostedEngine.score ?? 0 })}</p>
        )}
        {dialog && dialog !== 'activate' && runningVms && runningVms.length > 0 && (
          <div data-testid="host-running-vms">
            <p className="font-medium">{t('vmsHere', { name: host.name })}</p>
            <p className="font-mono text-xs">
              {runningVms.slice(0, NAMES_SHOWN).join(', ')}
              {runningVms.length > NAMES_SHOWN && <> {t('moreVms', { count: runningVms.length - NAMES_SHOWN })}</>}
            </p>
          </div>
        )}
      </ConfirmDialog>
    </section>
  );
}
