'use client';

import { useTranslations } from 'next-intl';

export interface BulkOutcome {
  id: string;
  name: string;
  /** undefined while the request is under way. */
  ok?: boolean;
  message?: string;
  /** The backend's own words (e.g. the engine's "Cannot … because …"). */
  detail?: string;
}

/** One line per object of a bulk action: pending, done, or refused with the backend's reason. */
export function BulkResults({ title, outcomes }: { title: string; outcomes: BulkOutcome[] }) {
  const t = useTranslations('vmActions');
  if (outcomes.length === 0) return null;
  const done = outcomes.filter((o) => o.ok !== undefined).length;
  const failed = outcomes.filter((o) => o.ok === false).length;
  return (
    <section aria-live="polite" data-testid="bulk-results" className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
      <h3 className="font-medium">{title}</h3>
      <p className="text-xs text-slate-500">{t('bulk.progress', { done, total: outcomes.length, failed })}</p>
      <ul className="mt-2 space-y-1">
        {outcomes.map((o) => (
          <li key={o.id} data-testid="bulk-result" data-ok={o.ok === undefined ? 'pending' : String(o.ok)} className="flex flex-wrap items-baseline gap-2">
            <span className={o.ok === false ? 'text-red-700 dark:text-red-400' : o.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-slate-500'}>
              {o.ok === undefined ? t('bulk.pending') : o.ok ? t('bulk.ok') : t('bulk.failed')}
            </span>
            <span className="font-medium">{o.name}</span>
            {o.message && <span className="text-slate-600 dark:text-slate-300">{o.message}</span>}
            {o.detail && <span className="font-mono text-xs text-slate-500">{o.detail}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
