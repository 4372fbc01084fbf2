'use client';

import type { ReactNode } from 'react';
import type { ConnectionFailure } from '@/lib/inventory/types';
import { ConnectionFailures } from '@/components/ui/failures';
import { LiveIndicator } from './live-indicator';
import { Pager } from './pager';

/** What surrounds every live table: filters, per-connection failure banners, freshness, paging. */
export function ListFrame({
  toolbar,
  failures,
  fetchedAt,
  fetching,
  error,
  page,
  hasMore,
  onPage,
  status,
  children,
}: {
  toolbar?: ReactNode;
  failures: ConnectionFailure[];
  fetchedAt?: number;
  fetching: boolean;
  error: Error | null;
  page?: number;
  hasMore?: boolean;
  onPage?: (page: number) => void;
  /** Left of the freshness line: "3 selected", counts. */
  status?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div>
      {toolbar}
      <ConnectionFailures failures={failures} />
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500 dark:text-slate-400">
        <div>{status}</div>
        <LiveIndicator fetchedAt={fetchedAt} fetching={fetching} error={error} />
      </div>
      {children}
      {page !== undefined && onPage && <Pager page={page} hasMore={!!hasMore} onPage={onPage} />}
    </div>
  );
}
