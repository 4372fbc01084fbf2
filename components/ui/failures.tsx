import { AlertTriangle, Loader2 } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import type { ClientError } from '@/lib/backends/errors';
import type { ConnectionFailure } from '@/lib/inventory/types';

/** Our words for the error class, then the backend's own words (or our detailed message). */
export function ErrorReason({ error }: { error: ClientError }) {
  const t = useTranslations('backendErrors');
  return (
    <>
      <span>{t(error.code)}</span>
      <span className="mt-0.5 block font-mono text-xs break-words opacity-80">
        {error.message}
        {error.detail && error.detail !== error.message ? ` — ${error.detail}` : ''}
      </span>
    </>
  );
}

/**
 * One banner per connection that could not answer: its name and the reason, and when the rows
 * shown for it are its last answer, since when ("As of 20:41, Demo engine is not answering").
 * A connection that has only not answered YET (the read goes on) gets a calm "waiting" line
 * instead of a warning: a slow engine is not a broken one. The other connections' rows are
 * shown below as usual.
 */
export function ConnectionFailures({ failures }: { failures: ConnectionFailure[] }) {
  const t = useTranslations('inventory');
  const locale = useLocale();
  if (failures.length === 0) return null;
  const time = (epochMs: number) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(epochMs);
  return (
    <div className="mb-4 space-y-2" role="status" aria-live="polite">
      {failures.map((f) =>
        f.pending && !f.asOf ? (
          <div
            key={f.connectionId}
            data-testid="connection-failure"
            data-code={f.error.code}
            data-pending="true"
            className="flex gap-3 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900/60 dark:text-slate-300"
          >
            <Loader2 className="mt-0.5 size-4 shrink-0 animate-spin motion-reduce:animate-none" aria-hidden />
            <div className="min-w-0">
              <p className="font-medium">{t('pendingTitle', { name: f.connectionName })}</p>
              <p className="font-mono text-xs break-words opacity-80">{f.error.message}</p>
            </div>
          </div>
        ) : (
          <div
            key={f.connectionId}
            data-testid="connection-failure"
            data-code={f.error.code}
            data-stale={f.asOf ? 'true' : undefined}
            className="flex gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
          >
            <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
            <div className="min-w-0">
              <p className="font-medium">
                {f.asOf ? t('staleTitle', { name: f.connectionName, time: time(f.asOf) }) : t('failureTitle', { name: f.connectionName })}
              </p>
              <p className="text-sm">
                <ErrorReason error={f.error} />
              </p>
            </div>
          </div>
        ),
      )}
    </div>
  );
}

