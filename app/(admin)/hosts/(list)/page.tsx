import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { AutoRefresh } from '@/components/detail/auto-refresh';
import { HostTable } from '@/components/hosts/host-table';
import { HostedEnginePanel } from '@/components/hosts/hosted-engine-panel';
import { hostedEngineViews } from '@/lib/services/host-operations';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('hosts') };
}

export default async function HostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('hosts');
  const raw = await searchParams;
  const hostedEngine = await hostedEngineViews();
  return (
    <ListPage resource="hosts" raw={raw} search={listSearch(parseListParams('hosts', raw))} title={t('title')} description={t('description')}>
      {hostedEngine.length > 0 && <AutoRefresh />}
      <HostedEnginePanel views={hostedEngine} />
      <HostTable />
    </ListPage>
  );
}
