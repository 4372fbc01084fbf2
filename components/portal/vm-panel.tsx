'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { ConsoleLink } from '@/components/console/console-link';
import { SerialConsoleLink } from '@/components/console/serial-console-link';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { StatusPill } from '@/components/vm/status-pill';
import type { ActionState } from '@/lib/actions/types';
import type { Snapshot, Vm } from '@/lib/domain';
import { VM_TRANSIENT_STATUSES } from '@/lib/domain/status';
import { isVmActionAllowed } from '@/lib/domain/vm-actions';
import { quotaProblem, ZERO, type QuotaScope } from '@/lib/portal/quota';
import { PORTAL_POWER_ACTIONS } from '@/lib/validations/portal';
import { portalDeleteAction, portalPowerAction, portalResizeAction, portalSnapshotCreateAction, portalSnapshotOpAction } from '@/lib/actions/portal';
import type { LaunchFlavor } from './launch-form';
import { useMySnapshots, useMyVm, useRefreshPortal } from './live';
import { QuotaProblemAlert } from './quota-problem';

type ServerAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

function useRunner() {
  const [state, setState] = useState<ActionState>();
  const [pending, start] = useTransition();
  const refresh = useRefreshPortal();
  const router = useRouter();
  const run = useCallback(
    (action: ServerAction, values: Record<string, string>, after?: (s: ActionState) => void) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(values)) form.set(k, v);
      start(async () => {
        const result = await action(undefined, form);
        setState(result);
        refresh();
        // The allocation and quota figures come from the server page: a resize changes them.
        router.refresh();
        after?.(result);
      });
    },
    [refresh, router],
  );
  return { state, pending, run };
}

export interface PortalVmProps {
  vm: Vm;
  snapshots: Snapshot[];
  flavors: LaunchFlavor[];
  /** Absent for an admin looking at a VM nobody owns: then it cannot be resized here. */
  allocation?: { vcpus: number; memoryMiB: number; flavorId: string | null };
  scopes: QuotaScope[];
  /** Snapshots the owner's quota lets this VM hold (null: no limit): the form says so before submit. */
  snapshotLimit?: number | null;
  /** The VM's connection opens serial consoles in the browser. */
  serialConsole?: boolean;
}

export function PortalVmPanel({ vm: initial, snapshots: initialSnapshots, flavors, allocation, scopes, snapshotLimit = null, serialConsole = false }: PortalVmProps) {
  const t = useTranslations('portal');
  const router = useRouter();
  const live = useMyVm(initial.id, initial);
  const vm = live.data?.vm ?? initial;
  const gone = live.data?.exists === false;
  const snapshots = useMySnapshots(initial.id, initialSnapshots).data ?? [];
  const power = useRunner();
  const snap = useRunner();
  const resize = useRunner();
  const remove = useRunner();
  const [description, setDescription] = useState('');
  const [flavorId, setFlavorId] = useState(allocation?.flavorId ?? '');
  const [confirmName, setConfirmName] = useState('');
  const busy = VM_TRANSIENT_STATUSES.includes(vm.status);
  const inPreview = snapshots.some((s) => s.status === 'in_preview');
  const snapshotCount = snapshots.filter((s) => s.snapshotType !== 'active').length;
  const atSnapshotLimit = snapshotLimit !== null && snapshotCount >= snapshotLimit;
  const newFlavor = flavors.find((f) => f.id === flavorId);
  const resizeProblem =
    allocation && newFlavor ? quotaProblem(scopes, { ...ZERO, vcpus: newFlavor.vcpus - allocation.vcpus, memoryMiB: newFlavor.memoryMiB - allocation.memoryMiB }) : null;

  return (
    <div className="space-y-6">
      <Card className="space-y-3 p-5">
        <div className="flex flex-wrap items-center gap-3">
          {gone ? <StatusPill status="removed" /> : <StatusPill status={vm.status} native={vm.nativeStatus} busy={busy} />}
          {!gone && <ConsoleLink vmId={vm.id} status={vm.status} />}
          {!gone && <SerialConsoleLink vmId={vm.id} status={vm.status} offered={serialConsole} />}
        </div>
        <div className="flex flex-wrap gap-2" role="group" aria-label={t('vm.powerTitle')}>
          {PORTAL_POWER_ACTIONS.map((action) => (
            <Button
              key={action}
              variant={action === 'stop' ? 'danger' : action === 'start' ? 'primary' : 'secondary'}
              disabled={gone || power.pending || !isVmActionAllowed(vm, action)}
              onClick={() => power.run(portalPowerAction, { id: vm.id, action })}
            >
              {t(`vm.power.${action}`)}
            </Button>
          ))}
        </div>
        <FormStatus state={power.state} />
      </Card>

      <Card className="space-y-3 p-5" data-testid="portal-snapshots">
        <h2 className="font-semibold">{t('snapshots.title')}</h2>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            snap.run(portalSnapshotCreateAction, { vmId: vm.id, description }, (s) => s.ok && setDescription(''));
          }}
        >
          <div className="min-w-64 flex-1">
            <Field label={t('snapshots.description')} name="snapshotDescription">
              <Input name="snapshotDescription" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={255} required />
            </Field>
          </div>
          <Button type="submit" disabled={gone || snap.pending || inPreview || atSnapshotLimit}>
            {t('snapshots.take')}
          </Button>
        </form>
        {snapshotLimit !== null && (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="portal-snapshot-allowance">
            {t('snapshots.allowance', { count: snapshotCount, limit: snapshotLimit })}
          </p>
        )}
        {inPreview && (
          <div className="flex flex-wrap items-center gap-2 rounded-md bg-sky-50 p-3 text-sm dark:bg-sky-900/30">
            <span>{t('snapshots.previewBanner')}</span>
            <Button size="sm" disabled={snap.pending} onClick={() => snap.run(portalSnapshotOpAction, { vmId: vm.id, op: 'commit' })}>
              {t('snapshots.commit')}
            </Button>
            <Button size="sm" variant="secondary" disabled={snap.pending} onClick={() => snap.run(portalSnapshotOpAction, { vmId: vm.id, op: 'undo' })}>
              {t('snapshots.undo')}
            </Button>
          </div>
        )}
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {snapshots
            .filter((s) => s.snapshotType !== 'active')
            .map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-2 py-2 text-sm" data-testid="portal-snapshot">
                <span>
                  {s.description ?? s.name} <StatusPill status={s.status} />
                </span>
                <Button size="sm" variant="secondary" disabled={snap.pending || inPreview || s.status !== 'ok'} onClick={() => snap.run(portalSnapshotOpAction, { vmId: vm.id, op: 'revert', snapshotId: s.id })}>
                  {t('snapshots.revert')}
                </Button>
              </li>
            ))}
        </ul>
        <FormStatus state={snap.state} />
      </Card>

      {allocation && (
        <Card className="space-y-3 p-5">
          <h2 className="font-semibold">{t('resize.title')}</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('resize.current', { vcpus: allocation.vcpus, memory: allocation.memoryMiB })}</p>
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-64 flex-1">
              <Field label={t('resize.flavor')} name="resizeFlavor">
                <Select name="resizeFlavor" value={flavorId} onChange={(e) => setFlavorId(e.target.value)}>
                  <option value="">{t('resize.choose')}</option>
                  {flavors.map((f) => (
                    <option key={f.id} value={f.id}>
                      {t('launch.flavorOption', { name: f.name, vcpus: f.vcpus, memory: f.memoryMiB, disk: f.diskGiB })}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <Button disabled={gone || resize.pending || !newFlavor || !!resizeProblem} onClick={() => resize.run(portalResizeAction, { id: vm.id, flavorId })}>
              {t('resize.submit')}
            </Button>
          </div>
          {resizeProblem && (
            <QuotaProblemAlert problem={resizeProblem} />
          )}
          <FormStatus state={resize.state} />
        </Card>
      )}

      <Card className="space-y-3 border-red-200 p-5 dark:border-red-900">
        <h2 className="font-semibold">{t('delete.title')}</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('delete.body', { name: vm.name })}</p>
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-64 flex-1">
            <Field label={t('delete.confirm', { name: vm.name })} name="confirmName">
              <Input name="confirmName" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" />
            </Field>
          </div>
          <Button
            variant="danger"
            disabled={gone || remove.pending || confirmName !== vm.name || !isVmActionAllowed(vm, 'start')}
            onClick={() => remove.run(portalDeleteAction, { id: vm.id, confirmName }, (s) => s.ok && router.push('/portal'))}
          >
            {t('delete.submit')}
          </Button>
        </div>
        {!isVmActionAllowed(vm, 'start') && !gone && <p className="text-xs text-slate-500">{t('delete.stopFirst')}</p>}
        <FormStatus state={remove.state} />
      </Card>
    </div>
  );
}
