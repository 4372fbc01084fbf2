import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { TemplateTable } from '@/components/templates/template-table';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('templates'))('title') };
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('templates');
  const raw = await searchParams;
  return (
    <ListPage resource="templates" raw={raw} search={listSearch(parseListParams('templates', raw))} title={t('title')} description={t('description')}>
      <TemplateTable />
    </ListPage>
  );
}
