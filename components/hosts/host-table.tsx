'use client';

import { useTranslations } from 'next-intl';
import { HOST_STATUSES } from '@/lib/domain/status';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { formatBytes, formatPercent } from '@/components/ui/format';
import { detailHref } from '@/components/ui/paths';
import { StatusBadge } from '@/components/ui/status-badge';
import { NameLink } from '@/components/list/list-cells';
import { ResourceList } from '@/components/list/resource-list';
import { useRefNames } from '@/components/list/use-inventory';

export function HostTable() {
  const t = useTranslations('hosts');
  const clusters = useRefNames('clusters');
  return (
    <ResourceList
      resource="hosts"
      testId="host-table"
      rowTestId="host-row"
      empty={t('empty')}
      selectable
      toolbar={{
        statuses: HOST_STATUSES,
        statusKind: 'host',
        nativeQuery: true,
        searchLabel: t('search'),
        refFilters: [{ field: 'cluster', label: t('cluster'), anyLabel: t('anyCluster'), options: clusters }],
      }}
      columns={[
        {
          key: 'name',
          header: t('name'),
          sort: 'name',
          cell: (host, ctx) => (
            <NameLink
              href={detailHref.host(host.id)}
              name={host.name}
              mark={
                <>
                  {host.spm && <span className="ml-1.5 text-xs font-medium text-slate-500">{t('spm')}</span>}
                  {host.hostedEngine && (
                    <span data-testid="host-ha-score" className="ml-1.5 text-xs font-medium text-slate-500">
                      {host.hostedEngine.localMaintenance ? t('haLocalMaintenance', { score: host.hostedEngine.score ?? 0 }) : t('haScore', { score: host.hostedEngine.score ?? 0 })}
                    </span>
                  )}
                </>
              }
              sub={host.address}
              subClassName="font-mono"
              context={ctx}
            />
          ),
        },
        { key: 'status', header: t('status'), sort: 'status', cell: (host) => <StatusBadge kind="host" status={host.status} native={host.nativeStatus} /> },
        { key: 'cluster', header: t('cluster'), sort: 'cluster', className: 'hidden md:table-cell', cell: (host) => host.clusterName ?? '—' },
        {
          key: 'cpu',
          header: t('cpu'),
          cellClassName: 'w-40',
          cell: (host) =>
            host.vcpusAllocated !== undefined && host.logicalCpus ? (
              <CapacityBar
                label={t('cpuBar', { name: host.name })}
                used={host.vcpusAllocated}
                total={host.logicalCpus}
                text={t('cpuUse', { used: host.vcpusAllocated, total: host.logicalCpus, percent: formatPercent((host.vcpusAllocated / host.logicalCpus) * 100) })}
              />
            ) : (
              <span className="text-xs text-slate-500">{host.logicalCpus ? t('cpus', { count: host.logicalCpus }) : '—'}</span>
            ),
        },
        {
          key: 'memory',
          header: t('memory'),
          cellClassName: 'w-40',
          cell: (host) =>
            host.memoryCommittedBytes !== undefined && host.memoryBytes ? (
              <CapacityBar
                label={t('memoryBar', { name: host.name })}
                used={host.memoryCommittedBytes}
                total={host.memoryBytes}
                text={t('memoryUse', { used: formatBytes(host.memoryCommittedBytes), total: formatBytes(host.memoryBytes) })}
              />
            ) : (
              <span className="text-xs text-slate-500">{formatBytes(host.memoryBytes)}</span>
            ),
        },
        {
          key: 'vms',
          header: t('vms'),
          className: 'text-right',
          cellClassName: 'tabular-nums',
          cell: (host) => (
            <>
              {host.vmsActive ?? '—'}
              {!!host.vmsMigrating && <p className="text-xs text-sky-700 dark:text-sky-300">{t('migrating', { count: host.vmsMigrating })}</p>}
            </>
          ),
        },
      ]}
    />
  );
}
