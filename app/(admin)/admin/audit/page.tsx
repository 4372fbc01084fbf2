import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { requireRole } from '@/lib/auth/guards';
import { auditQuerySchema, listAuditEntries } from '@/lib/services/audit-log';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('audit'))('title') };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('audit');
  const format = await getFormatter();
  const query = auditQuerySchema.parse(await searchParams);
  const { items, hasMore, page } = await listAuditEntries(query);
  const pageHref = (p: number) => {
    const params = new URLSearchParams();
    if (query.actor) params.set('actor', query.actor);
    if (query.action) params.set('action', query.action);
    if (query.result) params.set('result', query.result);
    params.set('page', String(p));
    return `?${params}`;
  };
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <Input name="actor" defaultValue={query.actor} placeholder={t('actor')} aria-label={t('actor')} className="max-w-48" />
        <Input name="action" defaultValue={query.action} placeholder={t('action')} aria-label={t('action')} className="max-w-48" />
        <Select name="result" defaultValue={query.result ?? ''} aria-label={t('result')} className="max-w-40">
          <option value="">{t('anyResult')}</option>
          <option value="success">{t('success')}</option>
          <option value="failure">{t('failure')}</option>
        </Select>
        <Button type="submit" variant="secondary">
          {t('filter')}
        </Button>
      </form>
      <Card className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
            <tr>
              <th className="px-4 py-3 font-medium">{t('when')}</th>
              <th className="px-4 py-3 font-medium">{t('actor')}</th>
              <th className="px-4 py-3 font-medium">{t('action')}</th>
              <th className="px-4 py-3 font-medium">{t('target')}</th>
              <th className="px-4 py-3 font-medium">{t('result')}</th>
              <th className="px-4 py-3 font-medium">{t('address')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {items.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-8 text-center text-slate-500">
                  {t('empty')}
                </td>
              </tr>
            )}
            {items.map((e) => (
              <tr key={e.id}>
                <td className="px-4 py-2 whitespace-nowrap text-slate-500">{format.dateTime(e.at, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                <td className="px-4 py-2">{e.actorName}</td>
                <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
                <td className="px-4 py-2">{[e.targetType, e.targetName ?? e.targetId].filter(Boolean).join(' · ')}</td>
                <td className="px-4 py-2">
                  <Badge tone={e.result === 'success' ? 'good' : 'bad'}>{e.result === 'success' ? t('success') : t('failure')}</Badge>
                </td>
                <td className="px-4 py-2 font-mono text-xs text-slate-500">{e.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <nav className="mt-4 flex justify-between text-sm" aria-label={t('pagination')}>
        {page > 1 ? <Link href={pageHref(page - 1)}>{t('previous')}</Link> : <span />}
        {hasMore && <Link href={pageHref(page + 1)}>{t('next')}</Link>}
      </nav>
    </>
  );
}
