import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { DataCenterTable } from '@/components/datacenters/datacenter-table';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dataCenters'))('title') };
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('dataCenters');
  const raw = await searchParams;
  return (
    <ListPage resource="dataCenters" raw={raw} search={listSearch(parseListParams('dataCenters', raw))} title={t('title')} description={t('description')}>
      <DataCenterTable />
    </ListPage>
  );
}
