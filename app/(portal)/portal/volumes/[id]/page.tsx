import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { PortalVolumePanel, PortalVolumeSnapshotDelete, RefreshWhileBusy, VolumeStatusText } from '@/components/portal/volumes';
import { Card, PageHeader } from '@/components/ui/card';
import { requireUser } from '@/lib/auth/guards';
import { isSnapshotMoving, isVolumeMoving } from '@/lib/domain/volumes';
import { portalRouteId } from '@/lib/portal/route-id';
import { volumeAccess } from '@/lib/services/access';
import { quotaScopesFor, snapshotLimitFor } from '@/lib/services/ownership';
import { readSnapshots, readVolume } from '@/lib/services/volumes';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portal.volumes'))('pageTitle') };
}

const GIB = 1024 ** 3;

// Another user's volume answers exactly like one that does not exist: 404. The portal acts on
// portal volumes only (someone owns them); admins manage the others on /volumes.
export default async function PortalVolumePage({ params }: Props) {
  const user = await requireUser();
  const t = await getTranslations('portal.volumes');
  const asked = portalRouteId((await params).id);
  if (!asked) notFound();
  // `id` is the backend's own spelling of the volume, whatever spelling the address used.
  const { allowed, ownership, volumeId: id } = await volumeAccess(user, asked);
  if (!allowed || !ownership) notFound();
  const [volume, snapshots, scopes, snapshotLimit] = await Promise.all([
    readVolume(id),
    readSnapshots(id),
    quotaScopesFor(ownership.ownerId, ownership.groupId),
    snapshotLimitFor(ownership.ownerId, ownership.groupId),
  ]);
  if (!volume.ok && volume.error.code === 'not_found') notFound();
  const sizeGiB = volume.ok ? Math.ceil(volume.value.sizeBytes / GIB) : ownership.sizeGiB;
  const busy = volume.ok && isVolumeMoving(volume.value.state);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/portal/volumes" className="text-brand-700 hover:underline dark:text-brand-400">
          {t('back')}
        </Link>
      </p>
      <PageHeader title={volume.ok ? volume.value.name : ownership.volumeName} description={t('gib', { size: sizeGiB })} />
      <RefreshWhileBusy busy={busy || (snapshots.ok && snapshots.value.some((s) => isSnapshotMoving(s.status)))} />
      <Card className="mb-6 space-y-2 p-5">
        <p className="text-sm" data-testid="portal-volume-status">
          {volume.ok ? <VolumeStatusText state={volume.value.state} nativeStatus={volume.value.nativeStatus} /> : t('unreadable', { detail: volume.error.message })}
        </p>
        <h2 className="font-semibold">{t('snapshotsTitle')}</h2>
        {snapshots.ok && snapshots.value.length > 0 ? (
          <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
            {snapshots.value.map((s) => (
              <li key={s.id} className="flex justify-between py-1.5" data-testid="portal-volume-snapshot">
                <span>{s.name}</span>
                <span className="inline-flex items-center gap-3">
                  <VolumeStatusText state={s.status} nativeStatus={s.nativeStatus} />
                  <PortalVolumeSnapshotDelete volumeId={id} snapshotId={s.id} disabled={s.status !== 'available' && s.status !== 'error'} />
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">{t('noSnapshots')}</p>
        )}
      </Card>
      {volume.ok && <PortalVolumePanel id={id} name={volume.value.name} sizeGiB={sizeGiB} recordedGiB={ownership.sizeGiB} scopes={scopes} busy={busy} snapshots={{ count: snapshots.ok ? snapshots.value.length : 0, limit: snapshotLimit?.limit ?? null }} />}
    </>
  );
}
