'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { DATA_CENTER_STATUSES, TEMPLATE_STATUSES } from '@/lib/domain/status';
import { STORAGE_KIND_TABS, type ListKind } from '@/lib/validations/inventory';
import type { InventoryResource } from '@/lib/inventory/resources';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { formatBytes } from '@/components/ui/format';
import { ListFrame } from './list-frame';
import { KindTabs, ListToolbar } from './list-toolbar';
import { detailHref } from '@/components/ui/paths';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { SortHeader } from './sort-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable, EmptyRow, TD } from './table';
import { useInventory } from './use-inventory';
import { useListState } from './use-list-state';

const LINK = 'font-medium text-brand-700 hover:underline dark:text-brand-100';

/** The list state, the live read and the frame every smaller list shares. */
function useList<R extends InventoryResource & ListKind>(resource: R) {
  const state = useListState(resource);
  const live = useInventory(resource, state.search);
  return { ...state, ...live };
}

function NameCell({ href, name, sub, connection, many }: { href: string; name: string; sub?: ReactNode; connection?: { name: string; simulated: boolean }; many: boolean }) {
  return (
    <td className={TD}>
      <Link href={href} className={LINK}>
        {name}
      </Link>
      {connection && <ConnectionLabel name={connection.name} simulated={connection.simulated} showName={many} />}
      {sub && <p className="max-w-80 truncate text-xs text-slate-500 dark:text-slate-400">{sub}</p>}
    </td>
  );
}

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
