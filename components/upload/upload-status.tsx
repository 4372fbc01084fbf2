'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';
import type { UploadApiError } from './resumable';
import type { UploadPhase } from './use-resumable-upload';

const mib = (n: number) => (n / 1024 / 1024).toFixed(1);

/** What an upload panel's status lines say, in the panel's own words (its catalog namespace). */
export interface UploadStatusTexts {
  progress: string;
  progressText: (values: { percent: number; sent: string; total: string }) => string;
  starting: string;
  finalizing: string;
  cancelled: string;
  done: string;
}

/**
 * An upload panel's progress bar and status lines; the panel gives the words and may add to the
 * progress line (the speed).
 */
export function UploadStatus({
  texts,
  hasFile,
  phase,
  sent,
  size,
  error,
  progressExtra,
}: {
  texts: UploadStatusTexts;
  /** A file is chosen (the bar belongs to it). */
  hasFile: boolean;
  phase: UploadPhase;
  sent: number;
  size: number;
  error?: UploadApiError;
  progressExtra?: ReactNode;
}) {
  const te = useTranslations('backendErrors');
  const percent = size ? Math.floor((sent / size) * 100) : 0;
  return (
    <>
      {hasFile && phase !== 'idle' && (
        <div className="space-y-1">
          <div
            role="progressbar"
            aria-label={texts.progress}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
          >
            <div className={cn('h-full bg-brand-600 transition-[width]', phase === 'failed' && 'bg-red-600')} style={{ width: `${percent}%` }} />
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
            {texts.progressText({ percent, sent: mib(sent), total: mib(size) })}
            {progressExtra}
          </p>
        </div>
      )}
      <div role="status" aria-live="polite">
        {phase === 'starting' && <p className="text-sm">{texts.starting}</p>}
        {phase === 'finalizing' && <p className="text-sm">{texts.finalizing}</p>}
        {phase === 'done' && <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-300">{texts.done}</p>}
        {phase === 'cancelled' && <p className="rounded-md bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800">{texts.cancelled}</p>}
        {error && (
          <div className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-300">
            <p>{te.has(error.code) ? te(error.code) : error.message}</p>
            {(error.detail || !te.has(error.code)) && <p className="mt-1 font-mono text-xs opacity-80">{error.detail ?? error.message}</p>}
          </div>
        )}
      </div>
    </>
  );
}
