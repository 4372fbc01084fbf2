import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { GlusterCreateForm } from '@/components/gluster/create-form';
import { Card, PageHeader } from '@/components/ui/card';
import { createGlusterVolumeAction } from '@/lib/actions/gluster';
import { requireRole } from '@/lib/auth/guards';
import { glusterClusters } from '@/lib/services/gluster';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('gluster'))('newTitle') };
}

export default async function NewGlusterVolumePage() {
  await requireRole('admin');
  const t = await getTranslations('gluster');
  const clusters = await glusterClusters();
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newDescription')} />
      {clusters.length === 0 ? (
        <p className="text-sm text-slate-500">{t('noClusters')}</p>
      ) : (
        <Card className="max-w-3xl p-6">
          <GlusterCreateForm
            action={createGlusterVolumeAction}
            clusters={clusters.map((c) => ({
              id: c.cluster.id, name: c.cluster.name, connectionName: c.connection.name,
              hosts: c.hosts.map((h) => ({ id: h.id, name: h.name, up: h.status === 'up' })),
            }))}
          />
        </Card>
      )}
    </>
  );
}
