import { useTranslations } from 'next-intl';

/** Shown while a page's first server read runs (bounded by the per-connection deadline). */
export default function ListSkeleton() {
  const t = useTranslations('common');
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse">
      <span className="sr-only">{t('loading')}</span>
      <div className="mb-2 h-7 w-48 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="mb-6 h-4 w-96 max-w-full rounded bg-slate-200 dark:bg-slate-800" />
      <div className="mb-4 h-10 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-6 rounded bg-slate-100 dark:bg-slate-800" />
        ))}
      </div>
    </div>
  );
}
