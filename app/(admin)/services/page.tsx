import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AutoRefresh } from '@/components/detail/auto-refresh';
import { ServiceTables } from '@/components/services/service-table';
import { PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
import { listServiceHealth } from '@/lib/services/service-health';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('services') };
}

/** Every connection's services on one page, read again at each refresh (a service that stops reporting shows at the next one). */
export default async function ServicesPage() {
  await requireRole('admin');
  const t = await getTranslations('services');
  const connections = await listServiceHealth();
  const wire = connections.map((c) => ({ ...c, services: c.services.map((s) => ({ ...s, lastReport: s.lastReport?.toISOString() })) }));
  return (
    <>
      <AutoRefresh ms={SERVICES_REFRESH_MS} />
      <PageHeader title={t('title')} description={t('description')} />
      <ServiceTables connections={wire} />
    </>
  );
}

const SERVICES_REFRESH_MS = 10_000;
