import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { HostTable } from '@/components/hosts/host-table';
import { HostedEngineSection } from '@/components/hosts/hosted-engine-section';
import { requireRole } from '@/lib/auth/guards';
import { hostedEngineViews } from '@/lib/services/host-operations';
import { PATIENCE_MS } from '@/lib/services/inventory';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('hosts') };
}

export default async function HostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('hosts');
  const raw = await searchParams;
  // Started now, read beside the list: the panel streams in when it is there.
  const hostedEngine = hostedEngineViews({ withinMs: PATIENCE_MS });
  return (
    <ListPage resource="hosts" raw={raw} search={listSearch(parseListParams('hosts', raw))} title={t('title')} description={t('description')}>
      <Suspense fallback={null}>
        <HostedEngineSection views={hostedEngine} />
      </Suspense>
      <HostTable />
    </ListPage>
  );
}
