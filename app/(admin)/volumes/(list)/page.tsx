import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { HardDrive } from 'lucide-react';
import { ListPage } from '@/components/list/list-page';
import { PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { VolumeSidePanels } from '@/components/volumes/side-panels';
import { VolumeTable } from '@/components/volumes/volume-table';
import { requireRole } from '@/lib/auth/guards';
import { listVolumeConnections, readVolumeContext } from '@/lib/services/volumes';
import { listSearch, parseListParams } from '@/lib/validations/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('volumes'))('title') };
}

export default async function VolumesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('volumes');
  const raw = await searchParams;
  const params = parseListParams('volumes', raw);
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
  // Quotas and pools belong to one service: the one the list is narrowed to, else the first.
  const connection = connections.find((c) => c.id === params.connection) ?? connections[0]!;
  const context = await readVolumeContext(connection.id);

  return (
    <ListPage
      resource="volumes"
      raw={raw}
      search={listSearch(params)}
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
    >
      <div className="grid gap-6 xl:grid-cols-[1fr_18rem]">
        <div className="min-w-0">
          <VolumeTable />
        </div>
        <VolumeSidePanels context={context} />
      </div>
    </ListPage>
  );
}
