import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getTranslations } from 'next-intl/server';
import { GlusterOverviewFlag } from '@/components/gluster/overview-flag';
import { OverviewLive } from '@/components/overview/overview';
import { OverviewStream } from '@/components/overview/overview-stream';
import { ServiceHealthCard } from '@/components/services/service-health-card';
import { NoBackendYet } from '@/components/shell/no-backend';
import { PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
import { overviewParts } from '@/lib/services/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('overview') };
}

export default async function OverviewPage() {
  await requireRole('admin');
  const t = await getTranslations('overview');
  // Each connection's part is its own promise: the page streams them, it does not await them.
  const { connections, parts } = await overviewParts();
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {connections.length === 0 ? (
        <NoBackendYet />
      ) : (
        <>
          <Suspense fallback={null}>
            <GlusterOverviewFlag />
          </Suspense>
          <OverviewLive>
            <OverviewStream connections={connections} parts={parts} />
          </OverviewLive>
          {/* Its own card (issue 18), below the estate: which services behind the connections are up. */}
          <div className="mt-6">
            <ServiceHealthCard />
          </div>
        </>
      )}
    </>
  );
}
