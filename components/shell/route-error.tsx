'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';

/**
 * An inventory page that failed outside the backends' own failures (those are
 * banners inside the page): say so, change nothing, offer a retry.
 */
export default function InventoryRouteError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errors');
  return (
    <Card className="flex flex-col items-center gap-3 px-6 py-12 text-center" role="alert">
      <h1 className="text-lg font-semibold">{t('pageFailedTitle')}</h1>
      <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">{t('pageFailedBody')}</p>
      <Button variant="secondary" onClick={reset}>
        {t('retry')}
      </Button>
    </Card>
  );
}
