'use client';

import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';

/** Previous / next: backends page without counting, so there is no "page 3 of N". */
export function Pager({ page, hasMore, onPage }: { page: number; hasMore: boolean; onPage: (page: number) => void }) {
  const t = useTranslations('inventory');
  if (page === 1 && !hasMore) return null;
  return (
    <nav aria-label={t('pagination')} className="mt-3 flex items-center justify-end gap-2 text-sm">
      <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        <ChevronLeft className="size-4" aria-hidden />
        {t('previous')}
      </Button>
      <span className="text-slate-600 tabular-nums dark:text-slate-400" data-testid="page-number">
        {t('page', { page })}
      </span>
      <Button variant="secondary" size="sm" disabled={!hasMore} onClick={() => onPage(page + 1)}>
        {t('next')}
        <ChevronRight className="size-4" aria-hidden />
      </Button>
    </nav>
  );
}
