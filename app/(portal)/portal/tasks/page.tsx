import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ListChecks } from 'lucide-react';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/guards';
import { myTasks } from '@/lib/services/portal';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portal.tasks'))('title') };
}

interface Props {
  searchParams: Promise<{ page?: string }>;
}

/** The user's own requests (launch, power, snapshots, resize, delete) and how each ended; nobody else's. */
export default async function MyTasksPage({ searchParams }: Props) {
  const user = await requireUser();
  const t = await getTranslations('portal.tasks');
  const format = await getFormatter();
  const page = Math.min(10_000, Math.max(1, Number.parseInt((await searchParams).page ?? '1', 10) || 1));
  const { items, hasMore } = await myTasks(user, page);
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {items.length === 0 ? (
        <EmptyState icon={<ListChecks className="size-10" aria-hidden />} title={t('emptyTitle')} />
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="my-tasks">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-2">{t('when')}</th>
                <th className="px-4 py-2">{t('what')}</th>
                <th className="px-4 py-2">{t('target')}</th>
                <th className="px-4 py-2">{t('result')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {items.map((e) => (
                <tr key={e.id}>
                  <td className="px-4 py-2 whitespace-nowrap">{format.dateTime(e.at, { dateStyle: 'medium', timeStyle: 'medium' })}</td>
                  <td className="px-4 py-2">{t.has(`actions.${e.action}`) ? t(`actions.${e.action}`) : e.action}</td>
                  <td className="px-4 py-2">{e.targetName ?? e.targetId ?? ''}</td>
                  <td className="px-4 py-2">
                    <Badge tone={e.result === 'success' ? 'good' : 'bad'}>{t(e.result === 'success' ? 'success' : 'failure')}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      <nav aria-label={t('pages')} className="mt-4 flex gap-3 text-sm">
        {page > 1 && <Link href={`/portal/tasks?page=${page - 1}`}>{t('previous')}</Link>}
        {hasMore && <Link href={`/portal/tasks?page=${page + 1}`}>{t('next')}</Link>}
      </nav>
    </>
  );
}
