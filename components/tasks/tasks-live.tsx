'use client';

import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import { TASK_STATUSES } from '@/lib/domain/status';
import { ListFrame } from '@/components/list/list-frame';
import { ListToolbar } from '@/components/list/list-toolbar';
import { TaskRows } from './task-rows';
import { useInventory } from '@/components/list/use-inventory';
import { useListState } from '@/components/list/use-list-state';

/** Jobs of every connection with their steps and progress, refreshed live. */
export function TasksLive() {
  const t = useTranslations('tasks');
  const ti = useTranslations('inventory');
  const { params, search, update, pending } = useListState('tasks');
  const { data, isFetching, error, connectionOf, manyConnections } = useInventory('tasks', search);
  const items = data?.items ?? [];
  return (
    <ListFrame
      toolbar={<ListToolbar params={params} update={update} connections={data?.connections ?? []} statuses={TASK_STATUSES} statusKind="task" />}
      failures={data?.failures ?? []}
      fetchedAt={data?.fetchedAt}
      fetching={isFetching || pending}
      error={error}
      page={params.page}
      hasMore={data?.hasMore}
      onPage={(page) => update({ page })}
      status={ti('shown', { count: items.length })}
    >
      <Card className="px-5 py-1">
        {data && items.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-500">{t('empty')}</p>
        ) : (
          <TaskRows tasks={items} connectionName={manyConnections ? (id) => connectionOf(id)?.name : undefined} />
        )}
      </Card>
    </ListFrame>
  );
}
