'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { ConsoleLink } from '@/components/console/console-link';
import { Card } from '@/components/ui/card';
import { StatusPill } from '@/components/vm/status-pill';
import type { Vm } from '@/lib/domain';
import { VM_TRANSIENT_STATUSES } from '@/lib/domain/status';

/** The VMs that a Filter connection's engine shows its identity (the engine's permissions decide). */
export function EngineVms({ groups }: { groups: Array<{ connectionId: string; connection: string; vms: Vm[]; problem?: string; more: boolean }> }) {
  const t = useTranslations('portal.engineVms');
  return (
    <>
      {groups.map((g) => (
        <section key={g.connectionId} className="mt-8 space-y-3" data-testid="engine-vms">
          <h2 className="text-lg font-semibold">{t('title', { connection: g.connection })}</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('description')}</p>
          {g.problem && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-300">
              {t('problem', { detail: g.problem })}
            </p>
          )}
          {!g.problem && g.vms.length === 0 && <p className="text-sm text-slate-500">{t('none')}</p>}
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {g.vms.map((vm) => (
              <Card key={vm.id} className="space-y-2 p-4" data-testid="engine-vm-card">
                <Link href={`/portal/vms/${encodeURIComponent(vm.id)}`} className="font-semibold text-brand-700 hover:underline dark:text-brand-400">
                  {vm.name}
                </Link>
                <div className="flex items-center gap-2">
                  <StatusPill status={vm.status} native={vm.nativeStatus} busy={VM_TRANSIENT_STATUSES.includes(vm.status)} />
                  <ConsoleLink vmId={vm.id} status={vm.status} />
                </div>
              </Card>
            ))}
          </div>
          {g.more && <p className="text-xs text-slate-500">{t('more')}</p>}
        </section>
      ))}
    </>
  );
}
