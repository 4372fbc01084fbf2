import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { StorageTable } from '@/components/storage/storage-table';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('storage'))('title') };
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('storage');
  const raw = await searchParams;
  return (
    <ListPage resource="storageDomains" raw={raw} search={listSearch(parseListParams('storageDomains', raw))} title={t('title')} description={t('description')}>
      <StorageTable />
    </ListPage>
  );
}
