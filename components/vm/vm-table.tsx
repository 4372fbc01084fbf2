'use client';

import { useTranslations } from 'next-intl';
import { VmBulkActions } from '@/components/vm/vm-bulk-actions';
import { VM_STATUSES } from '@/lib/domain/status';
import { formatBytes } from '@/components/ui/format';
import { detailHref } from '@/components/ui/paths';
import { StatusBadge } from '@/components/ui/status-badge';
import { NameLink } from '@/components/list/list-cells';
import { ResourceList } from '@/components/list/resource-list';
import { useRefNames } from '@/components/list/use-inventory';

export function VmTable() {
  const t = useTranslations('vms');
  const clusters = useRefNames('clusters');
  const hosts = useRefNames('hosts');
  return (
    <ResourceList
      resource="vms"
      testId="vm-table"
      rowTestId="vm-row"
      empty={t('empty')}
      selectable
      bulkActions={(chosen) => <VmBulkActions selected={chosen} />}
      toolbar={{
        statuses: VM_STATUSES,
        statusKind: 'vm',
        nativeQuery: true,
        searchLabel: t('search'),
        ownerLabel: t('owner'),
        refFilters: [
          { field: 'cluster', label: t('cluster'), anyLabel: t('anyCluster'), options: clusters },
          { field: 'host', label: t('host'), anyLabel: t('anyHost'), options: hosts },
        ],
      }}
      columns={[
        {
          key: 'name',
          header: t('name'),
          sort: 'name',
          cell: (vm, ctx) => (
            <NameLink
              href={detailHref.vm(vm.id)}
              name={vm.name}
              mark={
                vm.hostedEngine && (
                  <span data-testid="vm-hosted-engine" className="ml-1.5 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-900/40 dark:text-amber-200">
                    {t('hostedEngine')}
                  </span>
                )
              }
              sub={vm.description}
              subClassName="max-w-72 truncate"
              context={ctx}
            />
          ),
        },
        { key: 'status', header: t('status'), sort: 'status', cell: (vm) => <StatusBadge kind="vm" status={vm.status} native={vm.nativeStatus} /> },
        { key: 'host', header: t('host'), sort: 'host', className: 'hidden md:table-cell', cell: (vm) => vm.hostName ?? '—' },
        { key: 'cluster', header: t('cluster'), sort: 'cluster', className: 'hidden lg:table-cell', cell: (vm) => vm.clusterName ?? '—' },
        { key: 'cpu', header: t('cpu'), className: 'text-right', cellClassName: 'tabular-nums', cell: (vm) => vm.vcpus ?? '—' },
        { key: 'memory', header: t('memory'), className: 'text-right', cellClassName: 'whitespace-nowrap tabular-nums', cell: (vm) => formatBytes(vm.memoryBytes) },
        {
          key: 'addresses',
          header: t('addresses'),
          className: 'hidden xl:table-cell',
          cellClassName: 'font-mono text-xs',
          cell: (vm) => (
            <>
              {vm.fqdn && <p>{vm.fqdn}</p>}
              {vm.ips.slice(0, 2).map((ip) => (
                <p key={ip}>{ip}</p>
              ))}
              {!vm.fqdn && vm.ips.length === 0 && '—'}
            </>
          ),
        },
      ]}
    />
  );
}
