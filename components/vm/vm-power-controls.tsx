'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Field, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { Vm, VmPowerAction } from '@/lib/domain';
import { isVmActionAllowed } from '@/lib/domain/vm-actions';
import { vmCancelMigrationAction, vmMigrateAction, vmPowerAction, vmRunOnceAction } from '@/lib/actions/vms';
import { isVmBusy, useChoices, useMigrationTargets, useVmState } from './live-state';
import { StatusPill } from './status-pill';
import { useActionRunner } from './use-action-runner';

/** Power verbs in toolbar order; those that stop or interrupt the guest ask first. */
const VERBS: { action: VmPowerAction; confirm: boolean; danger?: boolean }[] = [
  { action: 'start', confirm: false },
  { action: 'resume', confirm: false },
  { action: 'shutdown', confirm: true },
  { action: 'reboot', confirm: true },
  { action: 'suspend', confirm: true },
  { action: 'reset', confirm: true, danger: true },
  { action: 'stop', confirm: true, danger: true },
];

type Dialog = { kind: 'power'; action: VmPowerAction } | { kind: 'runOnce' } | { kind: 'migrate' } | null;

export interface VmRow {
  id: string;
  name: string;
  connectionId: string;
  status: Vm['status'];
  nativeStatus: string;
  host?: { id: string; name?: string };
  cluster?: { id: string; name?: string };
}

export function VmPowerControls({ vm: initial, canCancelMigration = false }: { vm: VmRow; canCancelMigration?: boolean }) {
  const t = useTranslations('vmActions');
  const live = useVmState(initial.id, initial as Vm);
  const vm = live.data?.vm ?? (initial as Vm);
  const gone = live.data?.exists === false;
  const { state, pending, run } = useActionRunner();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [iso, setIso] = useState('');
  const [target, setTarget] = useState('');
  const choices = useChoices(initial.connectionId, dialog?.kind === 'runOnce' || dialog?.kind === 'migrate');
  const targets = useMigrationTargets(initial.id, dialog?.kind === 'migrate');
  const peers = targets.data?.peers ?? [];
  // Until the answer is in, the dialog offers what every backend had before (the scheduler).
  const scheduler = targets.data?.scheduler ?? true;
  const busy = isVmBusy(vm.status);
  const allowed = (a: Parameters<typeof isVmActionAllowed>[1]) => !gone && !pending && isVmActionAllowed(vm, a);

  const power = (action: VmPowerAction) => run(vmPowerAction, { id: vm.id, action }, () => setDialog(null));
  const hosts = (choices.data?.hosts ?? []).filter((h) => h.cluster?.id === vm.cluster?.id && h.status === 'up' && h.id !== vm.host?.id);
  // The engine runs a VM only from an ISO domain of the VM's own data center.
  const dataCenterId = choices.data?.clusters.find((c) => c.id === vm.cluster?.id)?.dataCenter?.id;
  const isos = (choices.data?.isoFiles ?? []).filter((f) => !dataCenterId || !f.dataCenter || f.dataCenter.id === dataCenterId);
  // Each dialog starts from its defaults: a host chosen last time may be the VM's host now.
  const open = (next: Dialog) => {
    setIso('');
    setTarget('');
    setDialog(next);
  };

  return (
    <section aria-label={t('powerTitle', { name: vm.name })} className="space-y-3" data-testid="vm-power-controls">
      <div className="flex flex-wrap items-center gap-3">
        {gone ? (
          <StatusPill status="removed" />
        ) : (
          <StatusPill status={vm.status} native={vm.nativeStatus} busy={busy} />
        )}
        {vm.host?.name && <span className="text-xs text-slate-500">{t('onHost', { host: vm.host.name })}</span>}
        {vm.status === 'migrating' && (
          <span className="inline-flex items-center gap-2 text-xs text-slate-500">
            <span
              role="progressbar"
              aria-label={t('migrationProgress')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={vm.migrationProgress}
              className="h-1.5 w-28 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
            >
              {/* No figure yet (the engine reports one after the first tick): an empty bar, not a made-up number. */}
              <span className="block h-full bg-sky-500 transition-all" style={{ width: `${vm.migrationProgress ?? 0}%` }} />
            </span>
            {vm.migrationProgress !== undefined && t('migrationPercent', { percent: vm.migrationProgress })}
          </span>
        )}
        {live.error && <span className="text-xs text-red-700 dark:text-red-400">{t('stateUnavailable')}</span>}
      </div>
      <div role="group" aria-label={t('powerGroup')} className="flex flex-wrap gap-2">
        {VERBS.map(({ action, confirm, danger }) => (
          <Button
            key={action}
            size="sm"
            variant={danger ? 'danger' : 'secondary'}
            disabled={!allowed(action)}
            onClick={() => (confirm ? open({ kind: 'power', action }) : power(action))}
          >
            {t(`verb.${action}`)}
          </Button>
        ))}
        <Button size="sm" variant="secondary" disabled={!allowed('start')} onClick={() => open({ kind: 'runOnce' })}>
          {t('verb.runOnce')}
        </Button>
        <Button size="sm" variant="secondary" disabled={!allowed('migrate')} onClick={() => open({ kind: 'migrate' })}>
          {t('verb.migrate')}
        </Button>
        {/* Only while it migrates, and only where the backend can stop a migration (oVirt's cancelmigration). */}
        {canCancelMigration && vm.status === 'migrating' && !gone && (
          <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(vmCancelMigrationAction, { id: vm.id })}>
            {t('verb.cancelMigration')}
          </Button>
        )}
      </div>
      <FormStatus state={state} />

      <ConfirmDialog
        open={dialog?.kind === 'power'}
        title={dialog?.kind === 'power' ? t(`confirm.${dialog.action}.title`, { name: vm.name }) : ''}
        confirmLabel={dialog?.kind === 'power' ? t(`verb.${dialog.action}`) : ''}
        danger={dialog?.kind === 'power' && (dialog.action === 'stop' || dialog.action === 'reset')}
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={() => dialog?.kind === 'power' && power(dialog.action)}
      >
        {dialog?.kind === 'power' && <p>{t(`confirm.${dialog.action}.body`)}</p>}
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog?.kind === 'runOnce'}
        title={t('runOnce.title', { name: vm.name })}
        confirmLabel={t('verb.runOnce')}
        pending={pending || !iso}
        onCancel={() => setDialog(null)}
        onConfirm={() => run(vmRunOnceAction, { id: vm.id, isoFileId: iso }, () => setDialog(null))}
        extra={
          <Field label={t('runOnce.iso')} name="runonce-iso" hint={choices.isLoading ? t('loadingChoices') : undefined}>
            <Select name="runonce-iso" value={iso} onChange={(e) => setIso(e.target.value)}>
              <option value="">{t('runOnce.chooseIso')}</option>
              {isos.map((f) => (
                <option key={`${f.storageDomain.id}/${f.id}`} value={f.id}>
                  {f.name}
                </option>
              ))}
            </Select>
          </Field>
        }
      >
        <p>{t('runOnce.body')}</p>
        {choices.data && isos.length === 0 && <p>{t('runOnce.noIso')}</p>}
        {choices.error && <p className="text-red-700">{t('choicesUnavailable')}</p>}
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog?.kind === 'migrate'}
        title={t('migrate.title', { name: vm.name })}
        confirmLabel={t('verb.migrate')}
        pending={pending}
        onCancel={() => setDialog(null)}
        incomplete={!scheduler && !target}
        onConfirm={() => run(vmMigrateAction, { id: vm.id, hostId: target }, () => setDialog(null))}
        extra={
          <Field label={t('migrate.target')} name="migrate-target" hint={choices.isLoading ? t('loadingChoices') : undefined}>
            <Select name="migrate-target" value={target} onChange={(e) => setTarget(e.target.value)}>
              {scheduler ? <option value="">{t('migrate.scheduler')}</option> : <option value="">{t('migrate.chooseHost')}</option>}
              {hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
              {peers.length > 0 && (
                <optgroup label={t('migrate.peers')}>
                  {peers.map((h) => (
                    <option key={h.id} value={h.id}>
                      {t('migrate.peerHost', { host: h.name, connection: h.connectionName })}
                    </option>
                  ))}
                </optgroup>
              )}
            </Select>
          </Field>
        }
      >
        <p>{t('migrate.body')}</p>
        {choices.error && <p className="text-red-700">{t('choicesUnavailable')}</p>}
      </ConfirmDialog>
    </section>
  );
}
