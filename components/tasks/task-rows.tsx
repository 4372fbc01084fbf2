'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { Task } from '@/lib/domain';
import type { Wire } from '@/lib/inventory/wire';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { formatDateTime } from '@/components/ui/format';
import { StatusBadge } from '@/components/ui/status-badge';

/** Jobs with their steps and progress. */
export function TaskRows({ tasks, connectionName }: { tasks: Wire<Task>[]; connectionName?: (id: string) => string | undefined }) {
  const t = useTranslations('tasks');
  const locale = useLocale();
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="task-list">
      {tasks.map((task) => (
        <li key={task.id} className="py-3 text-sm" data-testid="task-row">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <p className="min-w-0 flex-1 font-medium">{task.description}</p>
            <StatusBadge kind="task" status={task.status} native={task.nativeStatus} />
          </div>
          <p className="text-xs text-slate-500 dark:text-slate-400" suppressHydrationWarning>
            {t('started', { time: formatDateTime(task.startedAt, locale) })}
            {task.endedAt && ` · ${t('ended', { time: formatDateTime(task.endedAt, locale) })}`}
            {connectionName && ` · ${connectionName(task.connectionId) ?? ''}`}
          </p>
          {task.status === 'running' && (
            <CapacityBar className="mt-1 max-w-sm" label={t('progress')} used={task.progress} total={100} />
          )}
          {task.steps.length > 0 && (
            <ol className="mt-2 space-y-1 border-l border-slate-200 pl-3 dark:border-slate-700">
              {task.steps.map((step) => (
                <li key={step.id} className="flex flex-wrap items-center gap-2 text-xs">
                  <StatusBadge kind="task" status={step.status} />
                  <span className="min-w-0 flex-1">{step.description}</span>
                  {step.progress !== undefined && step.status === 'running' && (
                    <span className="tabular-nums">{t('percent', { value: step.progress })}</span>
                  )}
                </li>
              ))}
            </ol>
          )}
        </li>
      ))}
    </ul>
  );
}
