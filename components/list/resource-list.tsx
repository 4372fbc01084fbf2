'use client';

import { useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { ListKind, ListParams } from '@/lib/inventory/list-url';
import type { InventoryResource, WireData } from '@/lib/inventory/resources';
import type { ConnectionInfo } from '@/lib/inventory/types';
import { cn } from '@/components/ui/cn';
import { ListFrame } from './list-frame';
import { ListToolbar, type ToolbarProps } from './list-toolbar';
import { useSelection } from './selection';
import { SortHeader } from './sort-header';
import { DataTable, EmptyRow, TD, TH } from './table';
import { useInventory } from './use-inventory';
import { useListState } from './use-list-state';

/** The resources a server-paged list shows: an inventory read with URL list state. */
export type ListResource = InventoryResource & ListKind;
export type ListRow<R extends ListResource> = WireData<R>['items'][number];

/** What a cell may know besides its row: the connection's name and badge, whether several are shown. */
export interface RowContext {
  connection?: ConnectionInfo;
  manyConnections: boolean;
}

export interface Column<Row> {
  key: string;
  header: ReactNode;
  /** The server-side sort field; without it the header does not sort. */
  sort?: string;
  /** On the header and every cell (responsive hiding, alignment). */
  className?: string;
  /** On the cells only (widths, number alignment). */
  cellClassName?: string;
  cell: (row: Row, context: RowContext) => ReactNode;
}

/** The list's state and live read, handed to the parts a page adds around the table. */
export interface ListControls {
  params: ListParams;
  update: (patch: Partial<ListParams>) => void;
}

/** The URL state and the live read of one list, as every part of the kit takes it. */
export function useResourceList<R extends ListResource>(resource: R) {
  const state = useListState();
  const live = useInventory(resource, state.search);
  const items = (live.data?.items ?? []) as Array<ListRow<R>>;
  return { ...state, ...live, items };
}

export type ResourceListState<R extends ListResource> = ReturnType<typeof useResourceList<R>>;

/**
 * The frame of a server-paged list whose body is not a table (the task list): the filters, the
 * failure and "as of" banners, the freshness line and the pager around whatever `children` shows.
 */
export function ResourceFrame<R extends ListResource>({
  list,
  toolbar,
  below,
  status,
  children,
}: {
  list: ResourceListState<R>;
  toolbar: Omit<ToolbarProps, 'params' | 'update' | 'connections'>;
  /** Under the toolbar (bulk actions). */
  below?: ReactNode;
  status?: ReactNode;
  children: ReactNode;
}) {
  const ti = useTranslations('inventory');
  const { params, update, pending, data, isFetching, error, items } = list;
  return (
    <ListFrame
      toolbar={
        <>
          <ListToolbar params={params} update={update} connections={data?.connections ?? []} {...toolbar} />
          {below}
        </>
      }
      failures={data?.failures ?? []}
      fetchedAt={data?.fetchedAt}
      fetching={isFetching || pending}
      error={error}
      page={params.page}
      hasMore={data?.hasMore}
      onPage={(page) => update({ page })}
      status={status ?? ti('shown', { count: items.length })}
    >
      {children}
    </ListFrame>
  );
}

/**
 * Every server-paged inventory list: the URL state (filters, sort, page), the live read with its
 * freshness line, per-connection failure and "as of" banners, paging, the empty and loading rows,
 * and optionally row selection (with the names of ticked rows kept across pages, so a bulk action
 * names every object it touches). A list says only its columns and its filters.
 */
export function ResourceList<R extends ListResource>({
  resource,
  columns,
  testId,
  rowTestId,
  empty,
  toolbar,
  before,
  selectable,
  bulkActions,
}: {
  resource: R;
  columns: ReadonlyArray<Column<ListRow<R>>>;
  /** data-testid of the table and of each row, as the e2e specs know them. */
  testId: string;
  rowTestId: string;
  /** Shown when the read answered with no rows. */
  empty: ReactNode;
  /** The filters this list offers (search, status, native query, cluster/host, owner). */
  toolbar: Omit<ToolbarProps, 'params' | 'update' | 'connections'>;
  /** Above the whole frame (kind tabs). */
  before?: (controls: ListControls) => ReactNode;
  /** Offer a tick box per row and "select all on this page". */
  selectable?: boolean;
  /** Under the toolbar, given the ticked rows (by id and name). */
  bulkActions?: (chosen: Array<{ id: string; name: string }>) => ReactNode;
}) {
  const ti = useTranslations('inventory');
  const list = useResourceList(resource);
  const { params, update, pending, data, connectionOf, manyConnections, items } = list;
  const { selected, toggle, setAll } = useSelection();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const remember = (rows: ReadonlyArray<{ id: string; name: string }>) =>
    setNames((prev) => (rows.every((r) => prev.get(r.id) === r.name) ? prev : new Map([...prev, ...rows.map((r) => [r.id, r.name] as const)])));
  const allOnPage = items.length > 0 && items.every((row) => selected.has(row.id));
  const sort = { params, update };
  const colSpan = columns.length + (selectable ? 1 : 0);

  return (
    <>
      {before?.({ params, update })}
      <ResourceFrame
        list={list}
        toolbar={toolbar}
        below={bulkActions && <div className="mb-3">{bulkActions([...selected].map((id) => ({ id, name: names.get(id) ?? id })))}</div>}
        status={selected.size > 0 ? ti('selected', { count: selected.size }) : undefined}
      >
        <DataTable
          testId={testId}
          busy={pending}
          head={
            <>
              {selectable && (
                <th className={`${TH} w-8`}>
                  <input
                    type="checkbox"
                    aria-label={ti('selectAll')}
                    checked={allOnPage}
                    onChange={(e) => {
                      remember(items);
                      setAll(
                        items.map((row) => row.id),
                        e.target.checked,
                      );
                    }}
                  />
                </th>
              )}
              {columns.map((column) => (
                <SortHeader key={column.key} field={column.sort} className={column.className} {...sort}>
                  {column.header}
                </SortHeader>
              ))}
            </>
          }
        >
          {items.length === 0 ? (
            <EmptyRow colSpan={colSpan}>{data ? empty : ti('loading')}</EmptyRow>
          ) : (
            items.map((row) => {
              const context = { connection: connectionOf(row.connectionId), manyConnections };
              return (
                <tr
                  key={row.id}
                  data-testid={rowTestId}
                  aria-selected={selectable ? selected.has(row.id) : undefined}
                  className={selectable ? 'hover:bg-slate-50 dark:hover:bg-slate-800/40' : undefined}
                >
                  {selectable && (
                    <td className={TD}>
                      <input
                        type="checkbox"
                        aria-label={ti('selectRow', { name: row.name })}
                        checked={selected.has(row.id)}
                        onChange={() => {
                          remember([row]);
                          toggle(row.id);
                        }}
                      />
                    </td>
                  )}
                  {columns.map((column) => (
                    <td key={column.key} className={cn(TD, column.className, column.cellClassName)}>
                      {column.cell(row, context)}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </DataTable>
      </ResourceFrame>
    </>
  );
}
