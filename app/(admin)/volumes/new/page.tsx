import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { Card, PageHeader } from '@/components/ui/card';
import { BackendProblem } from '@/components/volumes/backend-problem';
import { CreateVolumeForm } from '@/components/volumes/create-form';
import { gib } from '@/components/volumes/format';
import { VolumeSidePanels } from '@/components/volumes/side-panels';
import { requireRole } from '@/lib/auth/guards';
import { parseQualifiedId } from '@/lib/domain';
import { listVolumeConnections, readImages, readVolumeContext, readVolumePage, volumeBackend } from '@/lib/services/volumes';
import { createVolumeAction } from '@/lib/actions/volumes';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('volumes'))('createTitle') };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NewVolumePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('volumes');
  const sp = await searchParams;
  const connections = await listVolumeConnections();
  const connection = connections.find((c) => c.id === one(sp.c)) ?? connections[0];
  if (!connection) notFound();

  const [context, images, page] = await Promise.all([
    readVolumeContext(connection.id),
    readImages(connection.id),
    readVolumePage(connection.id, { page: 1, pageSize: 100, sort: { field: 'name', dir: 'asc' } }),
  ]);
  // "New volume from this snapshot" links carry the snapshot id; read it for its name and size.
  const snapshotId = one(sp.snapshot);
  let snapshot: { id: string; name: string; sizeGiB: number } | undefined;
  if (snapshotId && parseQualifiedId(snapshotId)?.connectionId === connection.id) {
    const s = await (await volumeBackend(connection.id)).getVolumeSnapshot(snapshotId).catch(() => undefined);
    if (s) snapshot = { id: s.id, name: s.name, sizeGiB: gib(s.sizeBytes) };
  }
  const sourceVolumeId = one(sp.source);
  const listHref = `/volumes?connection=${encodeURIComponent(connection.id)}`;
  const left = (q: { used: number; limit?: number }) => (q.limit === undefined ? undefined : Math.max(0, q.limit - q.used));
  const room = context.limits.ok ? { volumes: left(context.limits.value.volumes), gigabytes: left(context.limits.value.gigabytes) } : undefined;

  return (
    <>
      <PageHeader title={t('createTitle')} description={t('createDescription', { connection: connection.name })} />
      <div className="grid gap-6 xl:grid-cols-[1fr_18rem]">
        <Card className="p-5">
          {!page.ok && <BackendProblem error={page.error} />}
          <CreateVolumeForm
            action={createVolumeAction}
            connectionId={connection.id}
            types={context.types.ok ? context.types.value.map((ty) => ({ name: ty.name, description: ty.description })) : []}
            volumes={page.ok ? page.value.items.filter((v) => (v.state === 'available' || v.state === 'in_use')).map((v) => ({ id: v.id, name: v.name, sizeGiB: gib(v.sizeBytes) })) : []}
            snapshot={snapshot}
            preset={sourceVolumeId ? { source: 'volume', sourceVolumeId } : undefined}
            room={room}
            // Only active images can be copied into a volume; without an image service the id is typed.
            images={images.ok ? images.value.filter((i) => i.status === 'active').map((i) => ({ id: i.id, name: i.name, sizeBytes: i.sizeBytes, diskFormat: i.diskFormat })) : undefined}
            doneHref={listHref}
          />
        </Card>
        <VolumeSidePanels context={context} />
      </div>
    </>
  );
}
