import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { listGlusterVolumes } from '@/lib/services/gluster';

/**
 * One line on the overview when Gluster volumes exist: how many, and how many run with a brick
 * down (the flag the runbook's heal check starts from). Rendered behind Suspense, so a slow engine
 * never holds the overview; `giveUp` settles when a connection is not answering, and the line is
 * left out rather than hold the page's stream open until that connection's read deadline.
 */
export async function GlusterOverviewFlag({ giveUp }: { giveUp?: Promise<void> }) {
  const t = await getTranslations('gluster');
  const read = listGlusterVolumes().catch(() => ({ rows: [] }));
  const { rows } = await (giveUp ? Promise.race([read, giveUp.then(() => ({ rows: [] }))]) : read);
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
    </Link>
  );
}
