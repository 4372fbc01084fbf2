'use client';

import { RefreshCw, WifiOff } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { PollError } from '@/lib/query/poll';

/** When the rows were read, whether a refresh runs, and why the last one failed. */
export function LiveIndicator({ fetchedAt, fetching, error }: { fetchedAt?: number; fetching: boolean; error: Error | null }) {
  const t = useTranslations('inventory');
  const time = fetchedAt ? new Date(fetchedAt).toLocaleTimeString() : undefined;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
      {error ? (
        <span className="inline-flex items-center gap-1 text-amber-700 dark:text-amber-300" data-testid="poll-failed">
          <WifiOff className="size-3.5" aria-hidden />
          {error instanceof PollError && error.status === 401 ? t('sessionEnded') : t('pollFailed')}
        </span>
      ) : null}
      {time && (
        <span className="inline-flex items-center gap-1">
          <RefreshCw className={`size-3.5 ${fetching ? 'animate-spin' : ''}`} aria-hidden />
          <span suppressHydrationWarning>{t('updated', { time })}</span>
        </span>
      )}
    </div>
  );
}
