import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/inventory/list-page';
import { VmTable } from '@/components/inventory/vm-table';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('vms') };
}

export default async function VmsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('vms');
  const raw = await searchParams;
  return (
    <ListPage resource="vms" raw={raw} search={listSearch(parseListParams('vms', raw))} title={t('title')} description={t('description')}>
      <VmTable />
    </ListPage>
  );
}
