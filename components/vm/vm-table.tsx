'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { VmBulkActions } from '@/components/vm/vm-bulk-actions';
import { VM_STATUSES } from '@/lib/domain/status';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import { formatBytes } from '@/components/ui/format';
import { ListFrame } from '@/components/list/list-frame';
import { ListToolbar } from '@/components/list/list-toolbar';
import { detailHref } from '@/components/ui/paths';
import { useSelection } from '@/components/list/selection';
import { SortHeader } from '@/components/list/sort-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { useInventory, useRefNames } from '@/components/list/use-inventory';
import { useListState } from '@/components/list/use-list-state';

export function VmTable() {
  const t = useTranslations('vms');
  const ti = useTranslations('inventory');
  const { params, search, update, pending } = useListState('vms');
  const { data, isFetching, error, connectionOf, manyConnections } = useInventory('vms', search);
  const { selected, toggle, setAll } = useSelection();
  // Names of ticked VMs, kept when the page changes: a bulk action names every VM it touches.
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const remember = (vms: ReadonlyArray<{ id: string; name: string }>) =>
    setNames((prev) => (vms.every((vm) => prev.get(vm.id) === vm.name) ? prev : new Map([...prev, ...vms.map((vm) => [vm.id, vm.name] as const)])));
  const chosen = [...selected].map((id) => ({ id, name: names.get(id) ?? id }));
  const clusters = useRefNames('clusters');
  const hosts = useRefNames('hosts');
  const items = data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((vm) => selected.has(vm.id));
  const sort = { params, update };

  return (
    <ListFrame
      toolbar={
        <>
        <ListToolbar
          params={params}
          update={update}
          connections={data?.connections ?? []}
          statuses={VM_STATUSES}
          statusKind="vm"
          nativeQuery
          searchLabel={t('search')}
          ownerLabel={t('owner')}
          refFilters={[
            { field: 'cluster', label: t('cluster'), anyLabel: t('anyCluster'), options: clusters },
            { field: 'host', label: t('host'), anyLabel: t('anyHost'), options: hosts },
          ]}
        />
        <div className="mb-3">
          <VmBulkActions selected={chosen} />
        </div>
        </>
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
        testId="vm-table"
        busy={pending}
        head={
          <>
            <th className={`${TH} w-8`}>
              <input
                type="checkbox"
                aria-label={ti('selectAll')}
                checked={allOnPage}
                onChange={(e) => {
                  remember(items);
                  setAll(items.map((vm) => vm.id), e.target.checked);
                }}
              />
            </th>
            <SortHeader field="name" {...sort}>
              {t('name')}
            </SortHeader>
            <SortHeader field="status" {...sort}>
              {t('status')}
            </SortHeader>
            <SortHeader field="host" {...sort} className="hidden md:table-cell">
              {t('host')}
            </SortHeader>
            <SortHeader field="cluster" {...sort} className="hidden lg:table-cell">
              {t('cluster')}
            </SortHeader>
            <SortHeader {...sort} className="text-right">
              {t('cpu')}
            </SortHeader>
            <SortHeader {...sort} className="text-right">
              {t('memory')}
            </SortHeader>
            <SortHeader {...sort} className="hidden xl:table-cell">
              {t('addresses')}
            </SortHeader>
          </>
        }
      >
        {items.length === 0 ? (
          <EmptyRow colSpan={8}>{data ? t('empty') : ti('loading')}</EmptyRow>
        ) : (
          items.map((vm) => {
            const connection = connectionOf(vm.connectionId);
            return (
              <tr key={vm.id} data-testid="vm-row" aria-selected={selected.has(vm.id)} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <td className={TD}>
                  <input type="checkbox" aria-label={ti('selectRow', { name: vm.name })} checked={selected.has(vm.id)} onChange={() => {
                      remember([vm]);
                      toggle(vm.id);
                    }} />
                </td>
                <td className={TD}>
                  <Link href={detailHref.vm(vm.id)} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                    {vm.name}
                  </Link>
                  {vm.hostedEngine && (
                    <span data-testid="vm-hosted-engine" className="ml-1.5 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-900/40 dark:text-amber-200">
                      {t('hostedEngine')}
                    </span>
                  )}
                  {connection && <ConnectionLabel name={connection.name} simulated={connection.simulated} showName={manyConnections} />}
                  {vm.description && <p className="max-w-72 truncate text-xs text-slate-500 dark:text-slate-400">{vm.description}</p>}
                </td>
                <td className={TD}>
                  <StatusBadge kind="vm" status={vm.status} native={vm.nativeStatus} />
                </td>
                <td className={`${TD} hidden md:table-cell`}>{vm.hostName ?? '—'}</td>
                <td className={`${TD} hidden lg:table-cell`}>{vm.clusterName ?? '—'}</td>
                <td className={`${TD} text-right tabular-nums`}>{vm.vcpus ?? '—'}</td>
                <td className={`${TD} text-right whitespace-nowrap tabular-nums`}>{formatBytes(vm.memoryBytes)}</td>
                <td className={`${TD} hidden font-mono text-xs xl:table-cell`}>
                  {vm.fqdn && <p>{vm.fqdn}</p>}
                  {vm.ips.slice(0, 2).map((ip) => (
                    <p key={ip}>{ip}</p>
                  ))}
                  {!vm.fqdn && vm.ips.length === 0 && '—'}
                </td>
              </tr>
            );
          })
        )}
      </DataTable>
    </ListFrame>
  );
}
