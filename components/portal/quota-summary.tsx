'use client';

import { useTranslations } from 'next-intl';
import { QUOTA_RESOURCES, type QuotaScope } from '@/lib/portal/quota';

/** Used and allowed per resource for one quota scope. */
export function QuotaSummary({ scope }: { scope: QuotaScope }) {
  const t = useTranslations('portal.quota');
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid={`quota-${scope.kind}`}>
      {QUOTA_RESOURCES.map((r) => (
        <div key={r} className="contents">
          <dt className="text-slate-500">{t(`resource.${r}`)}</dt>
          <dd>
            {scope.limits[r] === null
              ? t('usedUnlimited', { used: scope.used[r] })
              : t('usedOf', { used: scope.used[r], limit: scope.limits[r] })}
          </dd>
        </div>
      ))}
    </dl>
  );
}
