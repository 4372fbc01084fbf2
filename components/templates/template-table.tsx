'use client';

import { useTranslations } from 'next-intl';
import { TEMPLATE_STATUSES } from '@/lib/domain/status';
import { formatBytes } from '@/components/ui/format';
import { ListFrame } from '@/components/list/list-frame';
import { ListToolbar } from '@/components/list/list-toolbar';
import { detailHref } from '@/components/ui/paths';
import { SortHeader } from '@/components/list/sort-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable, EmptyRow, TD } from '@/components/list/table';
import { NameCell, useList } from '@/components/list/list-cells';

export function TemplateTable() {
  const t = useTranslations('templates');
  const ti = useTranslations('inventory');
  const l = useList('templates');
  const items = l.data?.items ?? [];
  const sort = { params: l.params, update: l.update };
  return (
    <ListFrame
      toolbar={<ListToolbar params={l.params} update={l.update} connections={l.data?.connections ?? []} statuses={TEMPLATE_STATUSES} statusKind="template" nativeQuery searchLabel={t('search')} />}
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
        testId="template-table"
        busy={l.pending}
        head={
          <>
            <SortHeader field="name" {...sort}>{t('name')}</SortHeader>
            <SortHeader {...sort}>{t('status')}</SortHeader>
            <SortHeader {...sort}>{t('os')}</SortHeader>
            <SortHeader {...sort} className="hidden md:table-cell">{t('cluster')}</SortHeader>
            <SortHeader {...sort} className="text-right">{t('memory')}</SortHeader>
            <SortHeader {...sort}>{t('version')}</SortHeader>
          </>
        }
      >
        {items.length === 0 ? (
          <EmptyRow colSpan={6}>{l.data ? t('empty') : ti('loading')}</EmptyRow>
        ) : (
          items.map((tp) => (
            <tr key={tp.id} data-testid="template-row">
              <NameCell href={detailHref.template(tp.id)} name={tp.name} sub={tp.description} connection={l.connectionOf(tp.connectionId)} many={l.manyConnections} />
              <td className={TD}>
                <StatusBadge kind="template" status={tp.status} native={tp.nativeStatus} />
              </td>
              <td className={TD}>{tp.os ?? '—'}</td>
              <td className={`${TD} hidden md:table-cell`}>{tp.cluster ? tp.cluster.name ?? tp.cluster.id : t('anyCluster')}</td>
              <td className={`${TD} text-right tabular-nums`}>{formatBytes(tp.memoryBytes)}</td>
              <td className={TD}>{tp.versionName ?? (tp.versionNumber !== undefined ? String(tp.versionNumber) : '—')}</td>
            </tr>
          ))
        )}
      </DataTable>
    </ListFrame>
  );
}
