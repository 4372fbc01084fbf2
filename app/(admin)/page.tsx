import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getTranslations } from 'next-intl/server';
import { GlusterOverviewFlag } from '@/components/gluster/overview-flag';
import { ListPage } from '@/components/list/list-page';
import { OverviewLive } from '@/components/overview/overview';
import { requireRole } from '@/lib/auth/guards';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('overview') };
}

export default async function OverviewPage() {
  await requireRole('admin');
  const t = await getTranslations('overview');
  // With no connection at all, ListPage shows the honest empty state instead.
  return (
    <ListPage resource="overview" raw={{}} search="" title={t('title')} description={t('description')}>
      <Suspense fallback={null}>
        <GlusterOverviewFlag />
      </Suspense>
      <OverviewLive />
    </ListPage>
  );
}
