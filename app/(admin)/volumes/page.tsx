import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { HardDrive } from 'lucide-react';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { BackendProblem } from '@/components/volumes/backend-problem';
import { VolumeSidePanels } from '@/components/volumes/side-panels';
import { VolumeStatus } from '@/components/volumes/volume-status';
import { requireRole } from '@/lib/auth/guards';
import { listVolumeConnections, readVolumeContext, readVolumePage } from '@/lib/services/volumes';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { VOLUME_PAGE_SIZE, VOLUME_PAGE_SIZES, VOLUME_SORTS, VOLUME_STATUS_FILTERS, volumeListParamsSchema, volumeListQuery, type VolumeListParams } from '@/lib/validations/volume';
import { formatBytes } from '@/components/ui/format';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('volumes'))('title') };
}

/** The list's URL with some parameters changed (empty values dropped). */
function href(params: VolumeListParams, change: Partial<VolumeListParams>): string {
  const next = { ...params, ...change };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/volumes?${s}` : '/volumes';
}

export default async function VolumesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('volumes');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const params = volumeListParamsSchema.parse(raw);
  const connections = await listVolumeConnections();

  if (connections.length === 0) {
    return (
      <>
        <PageHeader title={t('title')} description={t('description')} />
        <EmptyState icon={<HardDrive className="size-10" aria-hidden />} title={t('noBackendTitle')}>
          <p>{t('noBackendBody')}</p>
          <Link href="/admin/backends" className="mt-2 inline-block text-brand-600 underline">
            {t('toBackends')}
          </Link>
        </EmptyState>
      </>
    );
  }
  const connection = connections.find((c) => c.id === params.c) ?? connections[0]!;
  const current = { ...params, c: connection.id };
  // Filters, sort, page size and the marker all live in the URL and are applied by Cinder itself.
  const [page, context] = await Promise.all([readVolumePage(connection.id, volumeListQuery(params)), readVolumeContext(connection.id)]);
  const types = context.types.ok ? context.types.value : [];
  const select = 'rounded-md border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900';
  const back = params.back ? params.back.split(',') : [];

  return (
    <>
      <PageHeader
        title={
          <span className="inline-flex items-center gap-2">
            {t('title')}
            <ConnectionLabel name={connection.name} simulated={connection.simulated} showName={connections.length === 1} />
          </span>
        }
        description={t('description')}
        actions={
          <Link
            href={`/volumes/new?c=${encodeURIComponent(connection.id)}`}
            className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
            data-testid="volume-create-link"
          >
            {t('create')}
          </Link>
        }
      />
      {connections.length > 1 && (
        <nav aria-label={t('connections')} className="mb-4 flex flex-wrap gap-2">
          {connections.map((c) => (
            <Link
              key={c.id}
              href={href({}, { c: c.id })}
              aria-current={c.id === connection.id ? 'page' : undefined}
              className={`rounded-full px-3 py-1 text-sm ${c.id === connection.id ? 'bg-brand-600 text-white' : 'bg-slate-100 dark:bg-slate-800'}`}
            >
              {c.name}
            </Link>
          ))}
        </nav>
      )}
      <div className="grid gap-6 xl:grid-cols-[1fr_18rem]">
        <div className="space-y-3">
          <form method="get" action="/volumes" className="flex flex-wrap items-end gap-2" role="search">
            <input type="hidden" name="c" value={connection.id} />
            <label className="text-sm">
              <span className="block text-xs text-slate-500">{t('filter.text')}</span>
              <input name="q" defaultValue={params.q ?? ''} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900" />
            </label>
            <label className="text-sm">
              <span className="block text-xs text-slate-500">{t('filter.status')}</span>
              <select name="status" defaultValue={params.status ?? ''} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900">
                <option value="">{t('filter.any')}</option>
                {VOLUME_STATUS_FILTERS.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s.replace(/-/g, '_')}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-sm">
              <span className="block text-xs text-slate-500">{t('filter.bootable')}</span>
              <select name="boot" defaultValue={params.boot ?? ''} className={select}>
                <option value="">{t('filter.anyBootable')}</option>
                <option value="true">{t('filter.bootableOnly')}</option>
                <option value="false">{t('filter.notBootable')}</option>
              </select>
            </label>
            <label className="text-sm">
              <span className="block text-xs text-slate-500">{t('filter.type')}</span>
              <select name="type" defaultValue={params.type ?? ''} className={select}>
                <option value="">{t('filter.anyType')}</option>
                {types.map((ty) => (
                  <option key={ty.name} value={ty.name}>
                    {ty.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-sm">
              <span className="block text-xs text-slate-500">{t('filter.sort')}</span>
              <select name="sort" defaultValue={params.sort ?? ''} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900">
                <option value="">{t('sort.newest')}</option>
                {VOLUME_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(`sort.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-sm">
              <span className="block text-xs text-slate-500">{t('filter.dir')}</span>
              <select name="dir" defaultValue={params.dir ?? 'asc'} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900">
                <option value="asc">{t('sort.asc')}</option>
                <option value="desc">{t('sort.desc')}</option>
              </select>
            </label>
            <label className="text-sm">
              <span className="block text-xs text-slate-500">{t('filter.perPage')}</span>
              <select name="n" defaultValue={params.n ?? String(VOLUME_PAGE_SIZE)} className={select}>
                {VOLUME_PAGE_SIZES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700">
              {t('filter.apply')}
            </button>
          </form>

          {!page.ok ? (
            <BackendProblem error={page.error} />
          ) : page.value.items.length === 0 ? (
            <Card className="p-6 text-sm text-slate-500">{t('empty')}</Card>
          ) : (
            <Card className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="volume-table">
                <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
                  <tr>
                    <th className="px-4 py-2 font-medium">{t('col.name')}</th>
                    <th className="px-4 py-2 font-medium">{t('col.status')}</th>
                    <th className="px-4 py-2 text-right font-medium">{t('col.size')}</th>
                    <th className="px-4 py-2 font-medium">{t('col.type')}</th>
                    <th className="px-4 py-2 font-medium">{t('col.attached')}</th>
                    <th className="px-4 py-2 font-medium">{t('col.created')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {page.value.items.map((v) => (
                    <tr key={v.id} data-testid={`volume-row-${v.name}`}>
                      <td className="px-4 py-2">
                        <Link href={`/volumes/${encodeURIComponent(v.id)}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                          {v.name}
                        </Link>
                        {v.bootable && (
                          <span className="ml-2">
                            <Badge>{t('bootable')}</Badge>
                          </span>
                        )}
                      </td>
                      <td className="px-4 py-2">
                        <VolumeStatus id={v.id} nativeStatus={v.nativeStatus} />
                      </td>
                      <td className="px-4 py-2 text-right tabular-nums">{formatBytes(v.sizeBytes)}</td>
                      <td className="px-4 py-2">{v.volumeType ?? '—'}</td>
                      <td className="px-4 py-2 text-xs">{v.attachments.map((a) => a.device ?? a.serverId).join(', ') || '—'}</td>
                      <td className="px-4 py-2 text-xs text-slate-500">{v.createdAt ? v.createdAt.toISOString().slice(0, 16).replace('T', ' ') : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )}
          {page.ok && (
            <nav aria-label={t('pager')} className="flex items-center justify-between text-sm">
              <span className="text-slate-500">{page.value.total !== undefined ? t('total', { count: page.value.total }) : ''}</span>
              <span className="flex gap-2">
                {params.m && (
                  <Link
                    href={href(current, { m: back.at(-1) || undefined, back: back.slice(0, -1).join(',') || undefined })}
                    className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700"
                    data-testid="volume-previous-page"
                  >
                    {t('previous')}
                  </Link>
                )}
                {page.value.hasMore && page.value.nextMarker && (
                  <Link
                    href={href(current, { m: page.value.nextMarker, back: [...back, params.m ?? ''].join(',') })}
                    className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700"
                    data-testid="volume-next-page"
                  >
                    {t('next')}
                  </Link>
                )}
              </span>
            </nav>
          )}
        </div>
        <VolumeSidePanels context={context} />
      </div>
    </>
  );
}
