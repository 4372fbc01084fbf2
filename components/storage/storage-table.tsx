'use client';

import { useTranslations } from 'next-intl';
import { STORAGE_KIND_TABS } from '@/lib/inventory/list-url';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { formatBytes } from '@/components/ui/format';
import { detailHref } from '@/components/ui/paths';
import { StatusBadge } from '@/components/ui/status-badge';
import { KindTabs } from '@/components/list/list-toolbar';
import { NameLink } from '@/components/list/list-cells';
import { ResourceList } from '@/components/list/resource-list';

export function StorageTable() {
  const t = useTranslations('storage');
  const tabs = [{ value: undefined, label: t('allKinds') }, ...STORAGE_KIND_TABS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))];
  return (
    <ResourceList
      resource="storageDomains"
      testId="storage-table"
      rowTestId="storage-row"
      empty={t('empty')}
      toolbar={{ searchLabel: t('search') }}
      before={({ params, update }) => <KindTabs value={params.type} tabs={tabs} onChange={(type) => update({ type })} />}
      columns={[
        {
          key: 'name',
          header: t('name'),
          sort: 'name',
          cell: (d, ctx) => (
            <NameLink
              href={detailHref.storage(d.id)}
              name={d.name}
              sub={[d.nativeStorageType ?? d.storageType, d.address && d.path ? `${d.address}:${d.path}` : d.address ?? d.path].filter(Boolean).join(' · ')}
              context={ctx}
            />
          ),
        },
        {
          key: 'kind',
          header: t('kind'),
          cell: (d) => (
            <>
              {t.has(`kinds.${d.kind}`) ? t(`kinds.${d.kind}`) : d.kind}
              {d.master && <span className="ml-1.5 text-xs text-slate-500">{t('master')}</span>}
            </>
          ),
        },
        { key: 'status', header: t('status'), cell: (d) => <StatusBadge kind="storage" status={d.status} native={d.nativeStatus} /> },
        { key: 'dataCenter', header: t('dataCenter'), className: 'hidden md:table-cell', cell: (d) => (d.dataCenter ? d.dataCenter.name ?? d.dataCenter.id : t('noDataCenter')) },
        {
          key: 'capacity',
          header: t('capacity'),
          cellClassName: 'w-56',
          cell: (d) => {
            const total = d.totalBytes ?? (d.usedBytes ?? 0) + (d.availableBytes ?? 0);
            return total > 0 ? (
              <CapacityBar
                label={t('capacityOf', { name: d.name })}
                used={d.usedBytes ?? 0}
                total={total}
                committed={d.committedBytes}
                text={t('usedOf', { used: formatBytes(d.usedBytes), total: formatBytes(total) })}
              />
            ) : (
              '—'
            );
          },
        },
      ]}
    />
  );
}
