import type { Metadata } from 'next';
import Link from 'next/link';
import { Plus } from 'lucide-react';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { VmTable } from '@/components/vm/vm-table';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('vms') };
}

export default async function VmsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('vms');
  const tw = await getTranslations('vmWizard');
  const raw = await searchParams;
  return (
    <ListPage
      resource="vms"
      raw={raw}
      search={listSearch(parseListParams('vms', raw))}
      title={t('title')}
      description={t('description')}
      actions={
        <Link href="/vms/new" className="inline-flex items-center gap-1.5 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
          <Plus className="size-4" aria-hidden />
          {tw('newVm')}
        </Link>
      }
    >
      <VmTable />
    </ListPage>
  );
}
