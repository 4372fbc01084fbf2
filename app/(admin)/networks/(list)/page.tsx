import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { NetworkTable } from '@/components/networks/network-table';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('networks'))('title') };
}

export default async function NetworksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('networks');
  const raw = await searchParams;
  return (
    <ListPage
      resource="networks"
      raw={raw}
      search={listSearch(parseListParams('networks', raw))}
      title={t('title')}
      description={t('description')}
      actions={
        <Link href="/networks/new" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {t('new')}
        </Link>
      }
    >
      <NetworkTable />
    </ListPage>
  );
}
