'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Badge } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormStatus } from '@/components/ui/form-status';
import { formatDateTime } from '@/components/ui/format';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import { useActionRunner } from '@/components/vm/use-action-runner';
import { serviceEnabledAction } from '@/lib/actions/services';
import type { ServiceHealth, ServiceState } from '@/lib/domain';

/** What the page hands over: dates as ISO strings (server → client). */
export type ServiceRowWire = Omit<ServiceHealth, 'lastReport'> & { lastReport?: string };
export interface ConnectionServicesWire {
  connectionId: string;
  name: string;
  kind: string;
  services: ServiceRowWire[];
  error?: string;
  checkedAt: number;
}

const STATE_TONE: Record<ServiceState, 'good' | 'bad' | 'neutral'> = { up: 'good', down: 'bad', unknown: 'neutral' };

/**
 * One table per connection: every service it reports, its state in the service's own verdict,
 * when it last reported, and (Cinder volume services) disable with a reason / enable again.
 */
export function ServiceTables({ connections }: { connections: ConnectionServicesWire[] }) {
  const t = useTranslations('services');
  const locale = useLocale();
  const router = useRouter();
  const { state, pending, run } = useActionRunner();
  const [target, setTarget] = useState<{ connectionId: string; row: ServiceRowWire; enable: boolean } | null>(null);
  const [reason, setReason] = useState('');

  const confirm = () => {
    if (!target) return;
    run(
      serviceEnabledAction,
      { connectionId: target.connectionId, host: target.row.host ?? '', binary: target.row.name, enabled: String(target.enable), reason: target.enable ? '' : reason },
      (result) => {
        if (result.ok) {
          setTarget(null);
          setReason('');
        }
        router.refresh();
      },
    );
  };

  if (connections.length === 0) return <p className="text-sm text-slate-500">{t('none')}</p>;
  return (
    <div className="space-y-6">
      <FormStatus state={state} />
      {connections.map((c) => (
        <section key={c.connectionId} data-testid="service-connection" aria-label={c.name}>
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="font-semibold">{c.name}</h2>
            <span className="text-xs text-slate-500">{t('checkedAt', { time: formatDateTime(new Date(c.checkedAt), locale) })}</span>
          </div>
          {c.error && <p className="mb-2 text-sm text-red-700 dark:text-red-400" role="alert">{t('unreachable', { detail: c.error })}</p>}
          <DataTable
            testId="service-table"
            head={
              <>
                <th className={TH}>{t('service')}</th>
                <th className={TH}>{t('host')}</th>
                <th className={`${TH} hidden md:table-cell`}>{t('zone')}</th>
                <th className={TH}>{t('state')}</th>
                <th className={TH}>{t('status')}</th>
                <th className={`${TH} hidden lg:table-cell`}>{t('lastReport')}</th>
                <th className={TH}>{t('version')}</th>
                <th className={TH}>
                  <span className="sr-only">{t('actions')}</span>
                </th>
              </>
            }
          >
            {c.services.length === 0 ? (
              <EmptyRow colSpan={8}>{t('noServices')}</EmptyRow>
            ) : (
              c.services.map((s) => (
                <tr key={s.key} data-testid="service-row" data-service={s.key}>
                  <td className={`${TD} font-medium`}>{s.name}</td>
                  <td className={`${TD} font-mono text-xs`}>{s.host ?? '—'}</td>
                  <td className={`${TD} hidden md:table-cell`}>{s.zone ?? '—'}</td>
                  <td className={TD}>
                    <Badge tone={STATE_TONE[s.state]}>{t(`states.${s.state}`)}</Badge>
                    {s.error && <p className="mt-1 max-w-80 text-xs text-slate-500 [overflow-wrap:anywhere]">{s.error}</p>}
                  </td>
                  <td className={TD}>
                    {s.enabled === undefined ? (
                      '—'
                    ) : s.enabled ? (
                      t('enabled')
                    ) : (
                      <>
                        <Badge tone="warn">{t('disabled')}</Badge>
                        {s.disabledReason && <p className="mt-1 text-xs text-slate-500" data-testid="service-reason">{t('reasonShown', { reason: s.disabledReason })}</p>}
                      </>
                    )}
                  </td>
                  <td className={`${TD} hidden lg:table-cell whitespace-nowrap`}>{s.lastReport ? formatDateTime(s.lastReport, locale) : '—'}</td>
                  <td className={TD}>
                    {s.version ?? '—'}
                    {s.detail && <p className="text-xs text-slate-500">{s.detail}</p>}
                  </td>
                  <td className={`${TD} text-right`}>
                    {s.switchable && s.enabled !== undefined && (
                      <Button size="sm" variant="secondary" disabled={pending} onClick={() => setTarget({ connectionId: c.connectionId, row: s, enable: !s.enabled })}>
                        {s.enabled ? t('disable') : t('enable')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))
            )}
          </DataTable>
        </section>
      ))}
      <ConfirmDialog
        open={target !== null}
        title={target ? t(target.enable ? 'enableTitle' : 'disableTitle', { name: `${target.row.name}@${target.row.host ?? ''}` }) : ''}
        confirmLabel={target?.enable ? t('enable') : t('disable')}
        danger={!target?.enable}
        pending={pending}
        onCancel={() => setTarget(null)}
        onConfirm={confirm}
      >
        {target && <p>{t(target.enable ? 'enableBody' : 'disableBody')}</p>}
        {target && !target.enable && (
          <label className="mt-3 block text-sm">
            {t('reason')}
            <input
              name="reason"
              value={reason}
              maxLength={255}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={!!state?.fieldErrors?.reason}
              className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
            />
            {state?.fieldErrors?.reason && <span className="mt-1 block text-xs text-red-700 dark:text-red-400">{state.fieldErrors.reason}</span>}
          </label>
        )}
        {target && <FormStatus state={state} />}
      </ConfirmDialog>
    </div>
  );
}
