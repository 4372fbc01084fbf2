'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { ConsoleLink } from '@/components/console/console-link';
import { SerialConsoleLink } from '@/components/console/serial-console-link';
import { Card } from '@/components/ui/card';
import { StatusPill } from '@/components/vm/status-pill';
import { VM_TRANSIENT_STATUSES } from '@/lib/domain/status';
import { useMyVms, type MyVmsPage } from './live';

export const portalVmHref = (id: string) => `/portal/vms/${encodeURIComponent(id)}`;

/** The user's VMs as cards, with live state, paged in the URL (?page=). */
export function MyVms({ initial }: { initial: MyVmsPage }) {
  const t = useTranslations('portal');
  const { data } = useMyVms(initial.page, initial);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  return (
    <div className="space-y-4">
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="my-vms">
        {data.items.map((row) => (
          <li key={row.id}>
            <Card className="space-y-3 p-4" data-testid="my-vm-card" data-vm-name={row.name}>
              <div className="flex items-start justify-between gap-2">
                <Link href={portalVmHref(row.id)} className="font-semibold text-brand-700 hover:underline dark:text-brand-400">
                  {row.vm?.name ?? row.name}
                </Link>
                {row.vm ? (
                  <StatusPill status={row.vm.status} native={row.vm.nativeStatus} busy={VM_TRANSIENT_STATUSES.includes(row.vm.status)} />
                ) : row.gone ? (
                  <StatusPill status="removed" />
                ) : null}
              </div>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {t('allocation', { vcpus: row.allocation.vcpus, memory: row.allocation.memoryMiB, storage: row.allocation.storageGiB })}
              </p>
              {row.vm && (row.vm.fqdn || row.vm.ips?.length) ? (
                <p className="font-mono text-xs text-slate-600 dark:text-slate-400" data-testid="my-vm-addresses">
                  {t('addresses', { list: [row.vm.fqdn, ...(row.vm.ips ?? []).slice(0, 2)].filter(Boolean).join(' · ') })}
                </p>
              ) : null}
              {row.vm?.loggedInUsers?.length ? (
                <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="my-vm-users">
                  {t('loggedIn', { list: row.vm.loggedInUsers.join(', ') })}
                </p>
              ) : null}
              {row.group && <p className="text-xs text-slate-500">{t('sharedWith', { group: row.group, owner: row.owner })}</p>}
              {row.problem && (
                <p role="alert" className="text-xs text-red-700 dark:text-red-400">
                  {row.problem}
                </p>
              )}
              {row.vm && (
                <div className="flex flex-wrap items-center gap-2">
                  <ConsoleLink vmId={row.id} status={row.vm.status} />
                  <SerialConsoleLink vmId={row.id} status={row.vm.status} offered={!!row.serialConsole} />
                </div>
              )}
            </Card>
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav aria-label={t('pages')} className="flex items-center gap-3 text-sm">
          {data.page > 1 && <Link href={`/portal?page=${data.page - 1}`}>{t('previous')}</Link>}
          <span>{t('pageOf', { page: data.page, pages })}</span>
          {data.page < pages && <Link href={`/portal?page=${data.page + 1}`}>{t('next')}</Link>}
        </nav>
      )}
    </div>
  );
}
