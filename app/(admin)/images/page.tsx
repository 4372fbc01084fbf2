import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Disc3 } from 'lucide-react';
import { ImageUpload } from '@/components/images/image-upload';
import { ImageDelete } from '@/components/images/image-delete';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { formatBytes, formatDateTime } from '@/components/ui/format';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { BackendProblem } from '@/components/volumes/backend-problem';
import { requireRole } from '@/lib/auth/guards';
import { listVolumeConnections, readImages } from '@/lib/services/volumes';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('images'))('title') };
}

/** The image service (Glance) of a volume connection's catalog: its images, an upload and deletes. */
export default async function ImagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('images');
  const c = (await searchParams).c;
  const connections = await listVolumeConnections();
  if (connections.length === 0) {
    return (
      <>
        <PageHeader title={t('title')} description={t('description')} />
        <EmptyState icon={<Disc3 className="size-10" aria-hidden />} title={t('noBackendTitle')}>
          <p>{t('noBackendBody')}</p>
        </EmptyState>
      </>
    );
  }
  const connection = connections.find((x) => x.id === (Array.isArray(c) ? c[0] : c)) ?? connections[0]!;
  const images = await readImages(connection.id);

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
      />
      {connections.length > 1 && (
        <nav aria-label={t('connections')} className="mb-4 flex flex-wrap gap-2">
          {connections.map((x) => (
            <Link
              key={x.id}
              href={`/images?c=${encodeURIComponent(x.id)}`}
              aria-current={x.id === connection.id ? 'page' : undefined}
              className={`rounded-full px-3 py-1 text-sm ${x.id === connection.id ? 'bg-brand-600 text-white' : 'bg-slate-100 dark:bg-slate-800'}`}
            >
              {x.name}
            </Link>
          ))}
        </nav>
      )}
      {!images.ok ? (
        <BackendProblem error={images.error} />
      ) : (
        <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
          <DataTable
            testId="image-table"
            head={
              <>
                <th className={TH}>{t('col.name')}</th>
                <th className={TH}>{t('col.status')}</th>
                <th className={`${TH} text-right`}>{t('col.size')}</th>
                <th className={TH}>{t('col.formats')}</th>
                <th className={TH}>{t('col.visibility')}</th>
                <th className={TH}>{t('col.created')}</th>
                <th className={TH}>
                  <span className="sr-only">{t('col.actions')}</span>
                </th>
              </>
            }
          >
            {images.value.length === 0 ? (
              <EmptyRow colSpan={7}>{t('empty')}</EmptyRow>
            ) : (
              images.value.map((image) => (
                <tr key={image.id} data-testid={`image-row-${image.name}`}>
                  <td className={TD}>
                    <span className="font-medium">{image.name}</span>
                    {image.protected && (
                      <span className="ml-2">
                        <Badge tone="info">{t('protected')}</Badge>
                      </span>
                    )}
                    <span className="block font-mono text-xs text-slate-500">{image.id}</span>
                  </td>
                  <td className={TD}>
                    <Badge tone={image.status === 'active' ? 'good' : image.status === 'killed' ? 'bad' : 'warn'}>{image.status}</Badge>
                  </td>
                  <td className={`${TD} text-right tabular-nums`}>{image.sizeBytes === undefined ? '—' : formatBytes(image.sizeBytes)}</td>
                  <td className={`${TD} text-xs`}>
                    {image.diskFormat ?? '—'} / {image.containerFormat ?? '—'}
                  </td>
                  <td className={`${TD} text-xs`}>{image.visibility ?? '—'}</td>
                  <td className={`${TD} text-xs text-slate-500`}>{image.createdAt ? formatDateTime(image.createdAt) : '—'}</td>
                  <td className={TD}>
                    <ImageDelete connectionId={connection.id} imageId={image.id} name={image.name} />
                  </td>
                </tr>
              ))
            )}
          </DataTable>
          <Card className="p-4">
            <h2 className="mb-3 text-sm font-semibold">{t('uploadTitle')}</h2>
            <ImageUpload connectionId={connection.id} />
          </Card>
        </div>
      )}
    </>
  );
}
