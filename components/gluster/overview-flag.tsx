import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { listGlusterVolumes } from '@/lib/services/gluster';
import { PATIENCE_MS } from '@/lib/services/inventory';

/**
 * One line on the overview when Gluster volumes exist: how many, and how many run with a brick
 * down (the flag the runbook's heal check starts from). Rendered behind Suspense; a connection
 * that has not answered within PATIENCE_MS (or failed) is left out of the count and named, instead
 * of holding the page's stream open until its read deadline.
 */
export async function GlusterOverviewFlag() {
  const t = await getTranslations('gluster');
  const { rows, failures } = await listGlusterVolumes({ withinMs: PATIENCE_MS }).catch(() => ({ rows: [], failures: [] }));
  if (!rows.length) return null;
  const degraded = rows.filter((r) => r.degraded);
  return (
    <Link
      href="/gluster"
      data-testid="gluster-overview-flag"
      className={`mb-4 block rounded-md px-3 py-2 text-sm ${degraded.length ? 'bg-red-50 text-red-800 dark:bg-red-900/30 dark:text-red-300' : 'bg-emerald-50 text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-300'}`}
    >
      {degraded.length
        ? t('overviewDegraded', { count: degraded.length, names: degraded.map((r) => r.volume.name).join(', ') })
        : t('overviewHealthy', { count: rows.length })}
      {failures.length > 0 && ` · ${t('overviewNotCounted', { names: failures.map((f) => f.connection.name).join(', ') })}`}
    </Link>
  );
}
