'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { HOST_STATUSES } from '@/lib/domain/status';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { formatBytes, formatPercent } from '@/components/ui/format';
import { ListFrame } from '@/components/list/list-frame';
import { ListToolbar } from '@/components/list/list-toolbar';
import { detailHref } from '@/components/ui/paths';
import { useSelection } from '@/components/list/selection';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { SortHeader } from '@/components/list/sort-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import { useInventory, useRefNames } from '@/components/list/use-inventory';
import { useListState } from '@/components/list/use-list-state';

export function HostTable() {
  const t = useTranslations('hosts');
  const ti = useTranslations('inventory');
  const { params, search, update, pending } = useListState('hosts');
  const { data, isFetching, error, connectionOf, manyConnections } = useInventory('hosts', search);
  const { selected, toggle, setAll } = useSelection();
  const clusters = useRefNames('clusters');
  const items = data?.items ?? [];
  const sort = { params, update };

  return (
    <ListFrame
      toolbar={
        <ListToolbar
          params={params}
          update={update}
          connections={data?.connections ?? []}
          statuses={HOST_STATUSES}
          statusKind="host"
          nativeQuery
          searchLabel={t('search')}
          refFilters={[{ field: 'cluster', label: t('cluster'), anyLabel: t('anyCluster'), options: clusters }]}
        />
      }
      failures={data?.failures ?? []}
      fetchedAt={data?.fetchedAt}
      fetching={isFetching || pending}
      error={error}
      page={params.page}
      hasMore={data?.hasMore}
      onPage={(page) => update({ page })}
      status={selected.size > 0 ? ti('selected', { count: selected.size }) : ti('shown', { count: items.length })}
    >
      <DataTable
        testId="host-table"
        busy={pending}
        head={
          <>
            <th className={`${TH} w-8`}>
              <input
                type="checkbox"
                aria-label={ti('selectAll')}
                checked={items.length > 0 && items.every((h) => selected.has(h.id))}
                onChange={(e) => setAll(items.map((h) => h.id), e.target.checked)}
              />
            </th>
            <SortHeader field="name" {...sort}>
              {t('name')}
            </SortHeader>
            <SortHeader field="status" {...sort}>
              {t('status')}
            </SortHeader>
            <SortHeader field="cluster" {...sort} className="hidden md:table-cell">
              {t('cluster')}
            </SortHeader>
            <SortHeader {...sort}>{t('cpu')}</SortHeader>
            <SortHeader {...sort}>{t('memory')}</SortHeader>
            <SortHeader {...sort} className="text-right">
              {t('vms')}
            </SortHeader>
          </>
        }
      >
        {items.length === 0 ? (
          <EmptyRow colSpan={7}>{data ? t('empty') : ti('loading')}</EmptyRow>
        ) : (
          items.map((host) => {
            const connection = connectionOf(host.connectionId);
            return (
              <tr key={host.id} data-testid="host-row" aria-selected={selected.has(host.id)} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <td className={TD}>
                  <input type="checkbox" aria-label={ti('selectRow', { name: host.name })} checked={selected.has(host.id)} onChange={() => toggle(host.id)} />
                </td>
                <td className={TD}>
                  <Link href={detailHref.host(host.id)} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                    {host.name}
                  </Link>
                  {host.spm && <span className="ml-1.5 text-xs font-medium text-slate-500">{t('spm')}</span>}
                  {host.hostedEngine && (
                    <span data-testid="host-ha-score" className="ml-1.5 text-xs font-medium text-slate-500">
                      {host.hostedEngine.localMaintenance ? t('haLocalMaintenance', { score: host.hostedEngine.score ?? 0 }) : t('haScore', { score: host.hostedEngine.score ?? 0 })}
                    </span>
                  )}
                  {connection && <ConnectionLabel name={connection.name} simulated={connection.simulated} showName={manyConnections} />}
                  {host.address && <p className="font-mono text-xs text-slate-500 dark:text-slate-400">{host.address}</p>}
                </td>
                <td className={TD}>
                  <StatusBadge kind="host" status={host.status} native={host.nativeStatus} />
                </td>
                <td className={`${TD} hidden md:table-cell`}>{host.clusterName ?? '—'}</td>
                <td className={`${TD} w-40`}>
                  {host.vcpusAllocated !== undefined && host.logicalCpus ? (
                    <CapacityBar
                      label={t('cpuBar', { name: host.name })}
                      used={host.vcpusAllocated}
                      total={host.logicalCpus}
                      text={t('cpuUse', { used: host.vcpusAllocated, total: host.logicalCpus, percent: formatPercent((host.vcpusAllocated / host.logicalCpus) * 100) })}
                    />
                  ) : (
                    <span className="text-xs text-slate-500">{host.logicalCpus ? t('cpus', { count: host.logicalCpus }) : '—'}</span>
                  )}
                </td>
                <td className={`${TD} w-40`}>
                  {host.memoryCommittedBytes !== undefined && host.memoryBytes ? (
                    <CapacityBar
                      label={t('memoryBar', { name: host.name })}
                      used={host.memoryCommittedBytes}
                      total={host.memoryBytes}
                      text={t('memoryUse', { used: formatBytes(host.memoryCommittedBytes), total: formatBytes(host.memoryBytes) })}
                    />
                  ) : (
                    <span className="text-xs text-slate-500">{formatBytes(host.memoryBytes)}</span>
                  )}
                </td>
                <td className={`${TD} text-right tabular-nums`}>
                  {host.vmsActive ?? '—'}
                  {!!host.vmsMigrating && <p className="text-xs text-sky-700 dark:text-sky-300">{t('migrating', { count: host.vmsMigrating })}</p>}
                </td>
              </tr>
            );
          })
        )}
      </DataTable>
    </ListFrame>
  );
}
