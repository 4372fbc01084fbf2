'use client';

import { useTranslations } from 'next-intl';
import { STORAGE_KIND_TABS } from '@/lib/validations/inventory';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { formatBytes } from '@/components/ui/format';
import { ListFrame } from '@/components/list/list-frame';
import { KindTabs, ListToolbar } from '@/components/list/list-toolbar';
import { detailHref } from '@/components/ui/paths';
import { SortHeader } from '@/components/list/sort-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable, EmptyRow, TD } from '@/components/list/table';
import { NameCell, useList } from '@/components/list/list-cells';

export function StorageTable() {
  const t = useTranslations('storage');
  const ti = useTranslations('inventory');
  const l = useList('storageDomains');
  const items = l.data?.items ?? [];
  const sort = { params: l.params, update: l.update };
  const tabs = [{ value: undefined, label: t('allKinds') }, ...STORAGE_KIND_TABS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))];
  return (
    <>
      <KindTabs value={l.params.type} tabs={tabs} onChange={(type) => l.update({ type })} />
      <ListFrame
        toolbar={<ListToolbar params={l.params} update={l.update} connections={l.data?.connections ?? []} searchLabel={t('search')} />}
        failures={l.data?.failures ?? []}
        fetchedAt={l.data?.fetchedAt}
        fetching={l.isFetching || l.pending}
        error={l.error}
        page={l.params.page}
        hasMore={l.data?.hasMore}
        onPage={(page) => l.update({ page })}
        status={ti('shown', { count: items.length })}
      >
        <DataTable
          testId="storage-table"
          busy={l.pending}
          head={
            <>
              <SortHeader field="name" {...sort}>{t('name')}</SortHeader>
              <SortHeader {...sort}>{t('kind')}</SortHeader>
              <SortHeader {...sort}>{t('status')}</SortHeader>
              <SortHeader {...sort} className="hidden md:table-cell">{t('dataCenter')}</SortHeader>
              <SortHeader {...sort}>{t('capacity')}</SortHeader>
            </>
          }
        >
          {items.length === 0 ? (
            <EmptyRow colSpan={5}>{l.data ? t('empty') : ti('loading')}</EmptyRow>
          ) : (
            items.map((d) => {
              const total = d.totalBytes ?? (d.usedBytes ?? 0) + (d.availableBytes ?? 0);
              return (
                <tr key={d.id} data-testid="storage-row">
                  <NameCell
                    href={detailHref.storage(d.id)}
                    name={d.name}
                    sub={[d.nativeStorageType ?? d.storageType, d.address && d.path ? `${d.address}:${d.path}` : d.address ?? d.path].filter(Boolean).join(' · ')}
                    connection={l.connectionOf(d.connectionId)}
                    many={l.manyConnections}
                  />
                  <td className={TD}>
                    {t.has(`kinds.${d.kind}`) ? t(`kinds.${d.kind}`) : d.kind}
                    {d.master && <span className="ml-1.5 text-xs text-slate-500">{t('master')}</span>}
                  </td>
                  <td className={TD}>
                    <StatusBadge kind="storage" status={d.status} native={d.nativeStatus} />
                  </td>
                  <td className={`${TD} hidden md:table-cell`}>{d.dataCenter ? d.dataCenter.name ?? d.dataCenter.id : t('noDataCenter')}</td>
                  <td className={`${TD} w-56`}>
                    {total > 0 ? (
                      <CapacityBar
                        label={t('capacityOf', { name: d.name })}
                        used={d.usedBytes ?? 0}
                        total={total}
                        committed={d.committedBytes}
                        text={t('usedOf', { used: formatBytes(d.usedBytes), total: formatBytes(total) })}
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })
          )}
        </DataTable>
      </ListFrame>
    </>
  );
}
