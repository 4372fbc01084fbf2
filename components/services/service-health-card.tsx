'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import type { ConnectionServicesWire } from './service-table';

const POLL_MS = 10_000;

/**
 * The overview's service summary: per connection, how many services are up, down and disabled,
 * polled like the rest of the overview; the Services page has the rows.
 */
export function ServiceHealthCard() {
  const t = useTranslations('services');
  const { data, error } = useQuery({
    queryKey: ['service-health'],
    queryFn: async ({ signal }) => {
      const res = await fetch('/api/admin/services', { signal, cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      return (await res.json()) as ConnectionServicesWire[];
    },
    refetchInterval: POLL_MS,
  });
  return (
    <Card className="p-4" data-testid="service-health-card">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 className="font-semibold">{t('cardTitle')}</h2>
        <Link href="/services" className="text-sm text-brand-700 hover:underline dark:text-brand-100">
          {t('cardLink')}
        </Link>
      </div>
      {error && <p className="text-sm text-red-700 dark:text-red-400">{t('cardError')}</p>}
      {!data && !error && <p className="text-sm text-slate-500">{t('loading')}</p>}
      {data && data.length === 0 && <p className="text-sm text-slate-500">{t('none')}</p>}
      <ul className="space-y-1 text-sm">
        {data?.map((c) => {
          const down = c.services.filter((s) => s.state === 'down');
          const disabled = c.services.filter((s) => s.enabled === false).length;
          const up = c.services.filter((s) => s.state === 'up').length;
          return (
            <li key={c.connectionId} data-testid="service-summary" className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium">{c.name}</span>
              {c.error ? (
                <span className="text-red-700 dark:text-red-400">{t('cardUnreachable')}</span>
              ) : (
                <>
                  <span className="text-emerald-700 dark:text-emerald-400">{t('cardUp', { count: up })}</span>
                  {down.length > 0 && <span className="text-red-700 dark:text-red-400">{t('cardDown', { count: down.length, names: down.map((s) => (s.host ? `${s.name}@${s.host}` : s.name)).join(', ') })}</span>}
                  {disabled > 0 && <span className="text-amber-700 dark:text-amber-400">{t('cardDisabled', { count: disabled })}</span>}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
