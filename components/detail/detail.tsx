import { AlertTriangle } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import type { ClientError } from '@/lib/backends/errors';
import { ErrorReason } from '@/components/ui/failures';

/** Label/value pairs of a detail page. */
export function Facts({ items, className }: { items: Array<[ReactNode, ReactNode]>; className?: string }) {
  return (
    <dl className={cn('grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3', className)}>
      {items.map(([label, value], i) => (
        <div key={i} className="min-w-0">
          <dt className="text-xs font-medium text-slate-500 uppercase dark:text-slate-400">{label}</dt>
          <dd className="mt-0.5 text-sm break-words">{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Section({ title, children, className, testId }: { title: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  return (
    <Card className={cn('p-5', className)} data-testid={testId}>
      <h2 className="mb-4 font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

/** Tabs as links (`?tab=`), so a tab is bookmarkable and needs no client code. */
export function TabLinks({ tabs, current }: { tabs: Array<{ key: string; label: string; href: string }>; current: string }) {
  return (
    <nav className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800" role="tablist">
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          role="tab"
          aria-selected={tab.key === current}
          scroll={false}
          className={cn(
            '-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap',
            tab.key === current
              ? 'border-brand-600 font-medium text-brand-700 dark:text-brand-100'
              : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100',
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

/** The object exists, but its backend could not be read now: say why, and how to get back. */
export function DetailProblem({ error, backHref, backLabel }: { error: ClientError; backHref: string; backLabel: string }) {
  const t = useTranslations('inventory');
  return (
    <Card className="p-6" data-testid="detail-problem" data-code={error.code}>
      <div className="flex gap-3">
        <AlertTriangle className="mt-0.5 size-5 shrink-0 text-amber-600" aria-hidden />
        <div className="min-w-0">
          <h2 className="font-semibold">{t('connectionProblemTitle')}</h2>
          <p className="mt-1 text-sm">
            <ErrorReason error={error} />
          </p>
          <Link href={backHref} className="mt-4 inline-block text-sm text-brand-700 hover:underline dark:text-brand-100">
            {backLabel}
          </Link>
        </div>
      </div>
    </Card>
  );
}

export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <Link href={href} className="mb-2 inline-block text-sm text-brand-700 hover:underline dark:text-brand-100">
      {'← '}
      {label}
    </Link>
  );
}
