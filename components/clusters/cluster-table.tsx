'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { ListFrame } from '@/components/list/list-frame';
import { ListToolbar } from '@/components/list/list-toolbar';
import { detailHref } from '@/components/ui/paths';
import { SortHeader } from '@/components/list/sort-header';
import { DataTable, EmptyRow, TD } from '@/components/list/table';
import { LINK, NameCell, useList } from '@/components/list/list-cells';

export function ClusterTable() {
  const t = useTranslations('clusters');
  const ti = useTranslations('inventory');
  const l = useList('clusters');
  const items = l.data?.items ?? [];
  const sort = { params: l.params, update: l.update };
  return (
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
        testId="cluster-table"
        busy={l.pending}
        head={
          <>
            <SortHeader field="name" {...sort}>{t('name')}</SortHeader>
            <SortHeader {...sort}>{t('dataCenter')}</SortHeader>
            <SortHeader {...sort}>{t('cpuType')}</SortHeader>
            <SortHeader {...sort}>{t('version')}</SortHeader>
          </>
        }
      >
        {items.length === 0 ? (
          <EmptyRow colSpan={4}>{l.data ? t('empty') : ti('loading')}</EmptyRow>
        ) : (
          items.map((c) => (
            <tr key={c.id} data-testid="cluster-row">
              <NameCell href={detailHref.cluster(c.id)} name={c.name} sub={c.description} connection={l.connectionOf(c.connectionId)} many={l.manyConnections} />
              <td className={TD}>
                {c.dataCenter ? (
                  <Link className={LINK} href={detailHref.dataCenter(c.dataCenter.id)}>
                    {c.dataCenter.name ?? c.dataCenter.id}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td className={TD}>{[c.cpuArchitecture, c.cpuType].filter(Boolean).join(' · ') || '—'}</td>
              <td className={TD}>{c.version ?? '—'}</td>
            </tr>
          ))
        )}
      </DataTable>
    </ListFrame>
  );
}
