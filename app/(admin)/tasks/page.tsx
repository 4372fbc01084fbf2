import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ListPage } from '@/components/list/list-page';
import { TasksLive } from '@/components/tasks/tasks-live';
import { requireRole } from '@/lib/auth/guards';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks'))('title') };
}

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('tasks');
  const raw = await searchParams;
  return (
    <ListPage resource="tasks" raw={raw} search={listSearch(parseListParams('tasks', raw))} title={t('title')} description={t('description')}>
      <TasksLive />
    </ListPage>
  );
}
