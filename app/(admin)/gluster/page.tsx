import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { GlusterVolumeTable } from '@/components/gluster/volume-table';
import { PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
import { listGlusterVolumes } from '@/lib/services/gluster';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('gluster'))('title') };
}

/** Storage › Gluster volumes: every volume of every cluster with the gluster service, in one list. */
export default async function GlusterPage() {
  await requireRole('admin');
  const t = await getTranslations('gluster');
  const overview = await listGlusterVolumes();
  const note = 'mb-3 rounded-md px-3 py-2 text-sm';
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Link href="/gluster/new" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t('new')}
          </Link>
        }
      />
      {overview.failures.map((f) => (
        <p key={f.connection.id} role="alert" className={`${note} bg-amber-50 text-amber-900 dark:bg-amber-900/30 dark:text-amber-200`}>
          {t('connectionFailed', { name: f.connection.name })} <span className="font-mono text-xs">{f.error.detail ?? f.error.message}</span>
        </p>
      ))}
      {overview.unsupported.map((u) => (
        <p key={u.id} className={`${note} bg-slate-50 text-slate-600 dark:bg-slate-900 dark:text-slate-400`} data-testid="gluster-unsupported">
          {t('unsupported', { name: u.name })}
        </p>
      ))}
      {overview.clustersWithout.map((c) => (
        <p key={c.connection.id} className={`${note} bg-slate-50 text-slate-600 dark:bg-slate-900 dark:text-slate-400`}>
          {t('noGlusterCluster', { name: c.connection.name })}
        </p>
      ))}
      <p className={`${note} bg-slate-50 text-slate-600 dark:bg-slate-900 dark:text-slate-400`}>{t('healNotInApi')}</p>
      <GlusterVolumeTable rows={overview.rows} />
    </>
  );
}
