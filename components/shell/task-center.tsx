'use client';

import { ListChecks } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { useInventory } from '@/components/list/use-inventory';
import { watchTasks, type TaskWatch } from '@/lib/inventory/task-watch';
import { TaskToasts, type TaskToast } from './task-toasts';

/** At most this many toasts at once: a burst of ends shows the newest. */
const MAX_TOASTS = 5;

/**
 * The header's task center (admins only: the task list is an admin read).
 * It reads the same query as the /tasks page's first page, through the
 * route handler and its shared per-connection cache, so an open browser
 * costs the engines nothing more than the tasks page already does, and both
 * share one poll when the page is open. Each answer is compared with the
 * previous one to raise a toast when a task ends (lib/inventory/task-watch.ts).
 */
export function TaskCenter() {
  const t = useTranslations('taskCenter');
  const { data, error, connectionOf, manyConnections } = useInventory('tasks', '');
  const [open, setOpen] = useState(false);
  const [toasts, setToasts] = useState<TaskToast[]>([]);
  const watch = useRef<TaskWatch | undefined>(undefined);
  const seenAnswer = useRef<number | undefined>(undefined);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    // One comparison per answer from the server (a re-render with the same data is not a poll).
    if (!data || seenAnswer.current === data.fetchedAt) return;
    seenAnswer.current = data.fetchedAt;
    const { watch: next, ended } = watchTasks(watch.current, data.items);
    watch.current = next;
    if (ended.length === 0) return;
    const fresh: TaskToast[] = ended.map((task) => ({
      key: `${task.id}:${task.status}`,
      status: task.status as TaskToast['status'],
      description: task.description,
      connectionName: manyConnections ? connectionOf(task.connectionId)?.name : undefined,
    }));
    setToasts((shown) => [...shown.filter((s) => !fresh.some((f) => f.key === s.key)), ...fresh].slice(-MAX_TOASTS));
  }, [data, connectionOf, manyConnections]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const dismiss = useCallback((key: string) => setToasts((shown) => shown.filter((s) => s.key !== key)), []);
  const running = (data?.items ?? []).filter((task) => task.status === 'running');
  const count = running.length;
  const more = data?.hasMore ? '+' : '';

  return (
    <>
      <div ref={root} className="relative">
        <button
          ref={button}
          type="button"
          aria-label={t('button', { count })}
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          onClick={() => setOpen((v) => !v)}
          className="relative rounded-md p-2 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-300 dark:hover:bg-slate-800"
          data-testid="task-center-button"
        >
          <ListChecks className="size-5" aria-hidden />
          {count > 0 && (
            <span
              aria-hidden
              data-testid="task-center-count"
              className="absolute -top-0.5 -right-0.5 min-w-4.5 rounded-full bg-brand-600 px-1 text-center text-[0.6875rem] leading-4.5 font-semibold text-white tabular-nums"
            >
              {count}
            </span>
          )}
        </button>
        {open && (
          <div
            id={panelId}
            role="dialog"
            aria-label={t('title')}
            className="absolute right-0 z-30 mt-2 w-[min(24rem,calc(100vw-2rem))] rounded-md border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900"
          >
            <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5 dark:border-slate-800">
              <h2 className="text-sm font-semibold">{t('title')}</h2>
              <span className="text-xs text-slate-500 tabular-nums dark:text-slate-400">{t('running', { count, more })}</span>
            </div>
            {error && !data ? (
              <p className="px-4 py-4 text-sm text-red-700 dark:text-red-300">{t('unavailable')}</p>
            ) : running.length === 0 ? (
              <p className="px-4 py-4 text-sm text-slate-500 dark:text-slate-400">{data ? t('none') : t('loading')}</p>
            ) : (
              <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto dark:divide-slate-800" data-testid="task-center-list">
                {running.map((task) => (
                  <li key={task.id} className="px-4 py-2.5 text-sm" data-testid="task-center-item">
                    <p className="font-medium break-words">{task.description}</p>
                    {manyConnections && <p className="text-xs text-slate-500 dark:text-slate-400">{connectionOf(task.connectionId)?.name}</p>}
                    <CapacityBar className="mt-1" label={t('progressOf', { task: task.description })} used={task.progress} total={100} />
                  </li>
                ))}
              </ul>
            )}
            <div className="border-t border-slate-100 px-4 py-2 text-right dark:border-slate-800">
              <Link href="/tasks" onClick={() => setOpen(false)} className="text-sm text-brand-700 hover:underline dark:text-brand-100">
                {t('allTasks')}
              </Link>
            </div>
          </div>
        )}
      </div>
      <TaskToasts toasts={toasts} onDismiss={dismiss} />
    </>
  );
}
