import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { ClusterTable } from '@/components/clusters/cluster-table';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('clusters'))('title') };
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('clusters');
  const raw = await searchParams;
  return (
    <ListPage resource="clusters" raw={raw} search={listSearch(parseListParams('clusters', raw))} title={t('title')} description={t('description')}>
      <ClusterTable />
    </ListPage>
  );
}
