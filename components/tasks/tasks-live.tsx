'use client';

import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import { TASK_STATUSES } from '@/lib/domain/status';
import { ResourceFrame, useResourceList } from '@/components/list/resource-list';
import { TaskRows } from './task-rows';

/** Jobs of every connection with their steps and progress, refreshed live. */
export function TasksLive() {
  const t = useTranslations('tasks');
  const list = useResourceList('tasks');
  const { data, items, connectionOf, manyConnections } = list;
  return (
    <ResourceFrame list={list} toolbar={{ statuses: TASK_STATUSES, statusKind: 'task' }}>
      <Card className="px-5 py-1">
        {data && items.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-500">{t('empty')}</p>
        ) : (
          <TaskRows tasks={items} connectionName={manyConnections ? (id) => connectionOf(id)?.name : undefined} />
        )}
      </Card>
    </ResourceFrame>
  );
}
