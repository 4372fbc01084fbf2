'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Badge, Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormStatus } from '@/components/ui/form-status';
import { detailHref } from '@/components/ui/paths';
import { useActionRunner } from '@/components/vm/use-action-runner';
import { hostedEngineMaintenanceAction } from '@/lib/actions/hosted-engine';
import type { HostedEngineState } from '@/lib/domain';

export interface HostedEngineWire {
  connectionId: string;
  connectionName: string;
  engineVm?: { id: string; name: string; status: string; nativeStatus: string; hostName?: string };
  hosts: { id: string; name: string; status: string; nativeStatus: string; hostedEngine?: HostedEngineState }[];
  globalMaintenance: boolean;
  error?: string;
}

/**
 * The hosted engine of each oVirt connection: the engine VM and where it runs, every host that
 * may run it with its HA score, agent and local maintenance, and global maintenance on or off,
 * confirmed with what it means. Local maintenance is the host's Maintenance action.
 */
export function HostedEnginePanel({ views }: { views: HostedEngineWire[] }) {
  const t = useTranslations('hostedEngine');
  const router = useRouter();
  const { state, pending, run } = useActionRunner();
  const [dialog, setDialog] = useState<{ view: HostedEngineWire; enable: boolean } | null>(null);
  if (views.length === 0) return null;
  return (
    <div className="mb-6 space-y-4">
      {views.map((v) => (
        <Card key={v.connectionId} className="p-4" data-testid="hosted-engine" aria-label={t('title', { name: v.connectionName })}>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div>
              <h2 className="font-semibold">{t('title', { name: v.connectionName })}</h2>
              {v.engineVm ? (
                <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="hosted-engine-vm">
                  {t('engineVm', { name: v.engineVm.name, status: v.engineVm.nativeStatus, host: v.engineVm.hostName ?? '—' })}{' '}
                  <Link href={detailHref.vm(v.engineVm.id)} className="text-brand-700 hover:underline dark:text-brand-100">
                    {t('open')}
                  </Link>
                </p>
              ) : (
                <p className="text-sm text-slate-500">{t('noEngineVm')}</p>
              )}
            </div>
            <div className="flex items-center gap-3">
              <span data-testid="global-maintenance">
                {v.globalMaintenance ? <Badge tone="warn">{t('globalOnBadge')}</Badge> : <Badge tone="neutral">{t('globalOffBadge')}</Badge>}
              </span>
              {v.engineVm && (
                <Button size="sm" variant="secondary" disabled={pending} onClick={() => setDialog({ view: v, enable: !v.globalMaintenance })}>
                  {v.globalMaintenance ? t('disableGlobal') : t('enableGlobal')}
                </Button>
              )}
            </div>
          </div>
          {v.error && <p className="mt-2 text-sm text-red-700 dark:text-red-400">{v.error}</p>}
          <table className="mt-3 w-full text-sm" data-testid="hosted-engine-hosts">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">{t('host')}</th>
                <th className="py-1 pr-3 font-medium">{t('score')}</th>
                <th className="py-1 pr-3 font-medium">{t('engineStatus')}</th>
                <th className="py-1 pr-3 font-medium">{t('agent')}</th>
                <th className="py-1 pr-3 font-medium">{t('localMaintenance')}</th>
                <th className="py-1 font-medium">{t('globalMaintenance')}</th>
              </tr>
            </thead>
            <tbody>
              {v.hosts.map((h) => (
                <tr key={h.id} data-testid="hosted-engine-host" data-host={h.name} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 pr-3">
                    <Link href={detailHref.host(h.id)} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                      {h.name}
                    </Link>
                  </td>
                  <td className="py-1 pr-3 tabular-nums" data-testid="he-score">{h.hostedEngine?.score ?? '—'}</td>
                  <td className="py-1 pr-3">{v.engineVm?.hostName === h.name ? t('engineHere', { status: v.engineVm.nativeStatus }) : t('engineElsewhere')}</td>
                  <td className="py-1 pr-3">{h.hostedEngine?.active === false ? t('agentDown') : t('agentUp')}</td>
                  <td className="py-1 pr-3" data-testid="he-local">{h.hostedEngine?.localMaintenance ? t('yes') : t('no')}</td>
                  <td className="py-1" data-testid="he-global">{h.hostedEngine?.globalMaintenance ? t('yes') : t('no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500">{t('localHint')}</p>
        </Card>
      ))}
      <FormStatus state={state} />
      <ConfirmDialog
        open={dialog !== null}
        title={dialog ? t(dialog.enable ? 'confirmOnTitle' : 'confirmOffTitle', { name: dialog.view.connectionName }) : ''}
        confirmLabel={dialog?.enable ? t('enableGlobal') : t('disableGlobal')}
        danger={dialog?.enable}
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          dialog?.view.engineVm &&
          run(hostedEngineMaintenanceAction, { vmId: dialog.view.engineVm.id, enabled: String(dialog.enable) }, () => {
            setDialog(null);
            router.refresh();
          })
        }
      >
        {dialog && <p>{t(dialog.enable ? 'confirmOnBody' : 'confirmOffBody')}</p>}
      </ConfirmDialog>
    </div>
  );
}
