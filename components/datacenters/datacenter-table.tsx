'use client';

import { useTranslations } from 'next-intl';
import { DATA_CENTER_STATUSES } from '@/lib/domain/status';
import { ListFrame } from '@/components/list/list-frame';
import { ListToolbar } from '@/components/list/list-toolbar';
import { detailHref } from '@/components/ui/paths';
import { SortHeader } from '@/components/list/sort-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable, EmptyRow, TD } from '@/components/list/table';
import { NameCell, useList } from '@/components/list/list-cells';

export function DataCenterTable() {
  const t = useTranslations('dataCenters');
  const ti = useTranslations('inventory');
  const l = useList('dataCenters');
  const items = l.data?.items ?? [];
  const sort = { params: l.params, update: l.update };
  return (
    <ListFrame
      toolbar={<ListToolbar params={l.params} update={l.update} connections={l.data?.connections ?? []} statuses={DATA_CENTER_STATUSES} statusKind="dataCenter" searchLabel={t('search')} />}
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
        testId="datacenter-table"
        busy={l.pending}
        head={
          <>
            <SortHeader field="name" {...sort}>{t('name')}</SortHeader>
            <SortHeader field="status" {...sort}>{t('status')}</SortHeader>
            <SortHeader {...sort}>{t('storageType')}</SortHeader>
            <SortHeader {...sort}>{t('version')}</SortHeader>
          </>
        }
      >
        {items.length === 0 ? (
          <EmptyRow colSpan={4}>{l.data ? t('empty') : ti('loading')}</EmptyRow>
        ) : (
          items.map((dc) => (
            <tr key={dc.id} data-testid="datacenter-row">
              <NameCell href={detailHref.dataCenter(dc.id)} name={dc.name} sub={dc.description} connection={l.connectionOf(dc.connectionId)} many={l.manyConnections} />
              <td className={TD}>
                <StatusBadge kind="dataCenter" status={dc.status} native={dc.nativeStatus} />
              </td>
              <td className={TD}>{dc.local ? t('local') : t('shared')}</td>
              <td className={TD}>{dc.version ?? '—'}</td>
            </tr>
          ))
        )}
      </DataTable>
    </ListFrame>
  );
}
