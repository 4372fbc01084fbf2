'use client';

import { CheckCircle2, X, XCircle } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { cn } from '@/components/ui/cn';
import type { TaskStatus } from '@/lib/domain';

export interface TaskToast {
  /** Unique per toast (a task id plus its status). */
  key: string;
  status: Extract<TaskStatus, 'finished' | 'failed' | 'aborted'>;
  description: string;
  connectionName?: string;
}

/** Long enough to read a sentence; a failure stays longer, it is what the operator must act on. */
const DISMISS_MS = { finished: 8_000, failed: 20_000, aborted: 20_000 } as const;

/**
 * Bottom-right stack of task outcomes. The region is a polite live region so a
 * screen reader hears each outcome; a failure is an alert. Each toast closes
 * by itself (paused while hovered or focused) or with its close button.
 */
/** `onDismiss` must be a stable callback (useCallback). */
export function TaskToasts({ toasts, onDismiss }: { toasts: TaskToast[]; onDismiss: (key: string) => void }) {
  const t = useTranslations('taskCenter');
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  // Portalled to <body>: the header's backdrop blur makes it the containing block of anything
  // `fixed` inside it, which would pin the stack to the header instead of the window's corner.
  if (!inBrowser) return null;
  return createPortal(
    <div
      aria-live="polite"
      aria-label={t('notifications')}
      role="region"
      className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2"
    >
      {toasts.map((toast) => (
        <ToastCard key={toast.key} toast={toast} onDismiss={onDismiss} />
      ))}
    </div>,
    document.body,
  );
}

const noSubscription = () => () => {};

/** `onDismiss` must be stable (the polls re-render the stack every few seconds and must not restart the timers). */
function ToastCard({ toast, onDismiss }: { toast: TaskToast; onDismiss: (key: string) => void }) {
  const t = useTranslations('taskCenter');
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.key), DISMISS_MS[toast.status]);
    return () => clearTimeout(timer);
  }, [paused, onDismiss, toast.key, toast.status]);
  const ok = toast.status === 'finished';
  const Icon = ok ? CheckCircle2 : XCircle;
  return (
    <div
      role={ok ? 'status' : 'alert'}
      data-testid="task-toast"
      data-status={toast.status}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className={cn(
        'pointer-events-auto flex items-start gap-3 rounded-lg border bg-white p-3 text-sm shadow-lg dark:bg-slate-900',
        ok ? 'border-emerald-300 dark:border-emerald-800' : 'border-red-300 dark:border-red-800',
      )}
    >
      <Icon className={cn('mt-0.5 size-5 shrink-0', ok ? 'text-emerald-600' : 'text-red-600')} aria-hidden />
      <div className="min-w-0 flex-1">
        <p className={cn('font-semibold', ok ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-800 dark:text-red-300')}>
          {t(`outcome.${toast.status}`)}
        </p>
        <p className="break-words text-slate-700 dark:text-slate-200">{toast.description}</p>
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {toast.connectionName && <span>{toast.connectionName} · </span>}
          <Link href="/tasks" className="text-brand-700 hover:underline dark:text-brand-100">
            {t('allTasks')}
          </Link>
        </p>
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.key)}
        aria-label={t('dismiss')}
        className="rounded-md p-1 text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800"
      >
        <X className="size-4" aria-hidden />
      </button>
    </div>
  );
}
