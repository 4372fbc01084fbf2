import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { BackLink, DetailProblem, Facts, Section, TabLinks } from '@/components/detail/detail';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { OwnershipCard } from '@/components/portal/ownership-card';
import { BackendProblem } from '@/components/volumes/backend-problem';
import { gib } from '@/components/volumes/format';
import { isSnapshotMoving, isVolumeMoving } from '@/components/volumes/status';
import { isVolumeFailed } from '@/lib/domain/volumes';
import {
  BootableForm,
  DeleteForm,
  ExtendForm,
  RetypeForm,
  SnapshotCreateForm,
  SnapshotDeleteForm,
  SnapshotRevertForm,
  type VolumeActionTarget,
} from '@/components/volumes/volume-actions';
import { SnapshotStatus, VolumeStatus } from '@/components/volumes/volume-status';
import { AttachVolumeForm, DetachVolumeForm } from '@/components/volumes/attach-forms';
import { attachVolumeAction, detachVolumeAction } from '@/lib/actions/volumes';
import { findAttachedVm, listAttachTargets } from '@/lib/services/volume-attachments';
import { requireRole } from '@/lib/auth/guards';
import { parseQualifiedId } from '@/lib/domain';
import { idParam } from '@/lib/inventory/detail';
import { listVolumeConnections, readSnapshots, readVolume, readVolumeContext, readVolumeMessages } from '@/lib/services/volumes';
import { formatBytes } from '@/components/ui/format';
import {
  createSnapshotAction,
  deleteSnapshotAction,
  deleteVolumeAction,
  extendVolumeAction,
  retypeVolumeAction,
  revertVolumeAction,
  setBootableAction,
} from '@/lib/actions/volumes';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('volumes'))('detail.title') };
}

const when = (d?: Date) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '—');

export default async function VolumePage({ params, searchParams }: Props) {
  await requireRole('admin');
  const t = await getTranslations('volumes');
  const id = idParam((await params).id);
  const tab = (await searchParams).tab === 'snapshots' ? 'snapshots' : 'overview';
  const connectionId = parseQualifiedId(id)?.connectionId;
  const connection = (await listVolumeConnections()).find((c) => c.id === connectionId);
  if (!connection) notFound();
  const listHref = `/volumes?connection=${encodeURIComponent(connection.id)}`;

  const [result, snapshots, context, messages] = await Promise.all([readVolume(id), readSnapshots(id), readVolumeContext(connection.id), readVolumeMessages(id)]);
  if (!result.ok) {
    if (result.error.code === 'not_found') notFound();
    return (
      <>
        <PageHeader title={t('detail.title')} />
        <DetailProblem error={result.error} backHref={listHref} backLabel={t('detail.back')} />
      </>
    );
  }
  const v = result.value;
  // Which VM each attachment names (Cinder knows only its UUID), and where the volume could go.
  const [attachedVms, attachTargets] = await Promise.all([
    Promise.all(v.attachments.map((a) => (a.serverId ? findAttachedVm(a.serverId) : Promise.resolve(undefined)))),
    v.attachments.length === 0 && v.state === 'available' ? listAttachTargets() : Promise.resolve([]),
  ]);
  const target: VolumeActionTarget = {
    id: v.id,
    name: v.name,
    sizeGiB: gib(v.sizeBytes),
    bootable: v.bootable,
    volumeType: v.volumeType,
    state: v.state,
    attached: v.attachments.length > 0,
  };
  const moving = isVolumeMoving(v.state);
  const features = context.features.ok ? context.features.value : undefined;
  const types = context.types.ok ? context.types.value : [];
  const base = `/volumes/${encodeURIComponent(v.id)}`;
  const newFrom = (param: string, value: string) => `/volumes/new?c=${encodeURIComponent(connection.id)}&${param}=${encodeURIComponent(value)}`;

  return (
    <>
      <BackLink href={listHref} label={t('detail.back')} />
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2" data-testid="volume-title">
            {v.name}
            <VolumeStatus id={v.id} state={v.state} nativeStatus={v.nativeStatus} goneHref={listHref} />
            <ConnectionLabel name={connection.name} simulated={connection.simulated} showName />
          </span>
        }
        description={v.description}
        actions={
          <Link href={newFrom('source', v.id)} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700" data-testid="volume-clone-link">
            {t('detail.clone')}
          </Link>
        }
      />
      {(isVolumeFailed(v.state) || v.status === 'error') && (
        <div role="alert" data-testid="volume-error-explained" className="mb-4 rounded-md bg-red-50 px-4 py-3 text-sm text-red-900 dark:bg-red-900/30 dark:text-red-200">
          <p>{t(`explain.${isVolumeFailed(v.state) ? v.state : 'error'}`)}</p>
          {messages.ok && messages.value.length > 0 && (
            <p className="mt-1">
              {t('detail.serviceSays')} <span className="font-mono text-xs">{messages.value[0]!.text}</span>
            </p>
          )}
        </div>
      )}
      <TabLinks
        current={tab}
        tabs={[
          { key: 'overview', label: t('detail.overview'), href: base },
          { key: 'snapshots', label: t('detail.snapshotsTab', { count: snapshots.ok ? snapshots.value.length : 0 }), href: `${base}?tab=snapshots` },
        ]}
      />
      {tab === 'overview' ? (
        <div className="space-y-6">
          <OwnershipCard subject={{ kind: 'volume', id: v.id, name: v.name }} />
          <Section title={t('detail.overview')} testId="volume-overview">
            <Facts
              items={[
                [t('col.size'), <span key="s" data-testid="volume-size">{formatBytes(v.sizeBytes)}</span>],
                [t('col.type'), <span key="t" data-testid="volume-type">{v.volumeType ?? '—'}</span>],
                [t('detail.bootable'), <span key="b" data-testid="volume-bootable-value">{v.bootable ? t('detail.yes') : t('detail.no')}</span>],
                [t('col.created'), when(v.createdAt)],
                [t('detail.zone'), v.availabilityZone ?? '—'],
                [t('detail.multiattach'), v.multiattach ? t('detail.yes') : t('detail.no')],
                [t('detail.encrypted'), v.encrypted ? t('detail.yes') : t('detail.no')],
                // Cinder shows the back end host only to cloud admins (os-vol-host-attr:host).
                [t('detail.host'), v.backendHost ? <span key="h" className="font-mono text-xs" data-testid="volume-host">{v.backendHost}</span> : t('detail.hostHidden')],
                [t('detail.id'), <span key="i" className="font-mono text-xs">{v.nativeId}</span>],
              ]}
            />
            {messages.ok && messages.value.length > 0 && (
              <div className="mt-4" data-testid="volume-messages">
                <h3 className="text-xs font-medium text-slate-500 uppercase">{t('detail.messages')}</h3>
                <ul className="mt-1 space-y-1 text-sm">
                  {messages.value.map((m) => (
                    <li key={m.id}>
                      <span className="text-xs text-slate-500">{when(m.createdAt)}</span> <span className="font-mono text-xs">{m.text}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </Section>

          <Section title={t('detail.attachments')} testId="volume-attachments">
            {v.attachments.length === 0 ? (
              <p className="text-sm text-slate-500">{t('detail.notAttached')}</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {v.attachments.map((a, i) => {
                  const vm = attachedVms[i];
                  return (
                    <li key={a.attachmentId ?? i} className="flex flex-wrap items-center gap-3" data-testid="volume-attachment">
                      {vm ? (
                        <span>
                          {t('detail.attachedToVm', { device: a.device ?? '?', connection: vm.connectionName })}{' '}
                          <Link href={`/vms/${encodeURIComponent(vm.id)}`} className="underline">
                            {vm.name}
                          </Link>
                        </span>
                      ) : (
                        <span>{t('detail.attachedTo', { server: a.serverId ?? '?', device: a.device ?? '?', host: a.hostName ?? '?' })}</span>
                      )}
                      {vm && !moving && <DetachVolumeForm action={detachVolumeAction} volume={{ id: v.id, name: v.name }} vm={vm} />}
                    </li>
                  );
                })}
              </ul>
            )}
            {v.attachments.length === 0 && v.state === 'available' && attachTargets.length > 0 && (
              <div className="mt-3">
                <AttachVolumeForm action={attachVolumeAction} volume={{ id: v.id, name: v.name }} vms={attachTargets} />
              </div>
            )}
            {attachTargets.length === 0 && attachedVms.every((vm) => !vm) && (
              // No connected compute side takes this Cinder's volumes (libvirt hosts do; oVirt engines do not).
              <p className="mt-3 text-xs text-slate-500" data-testid="volume-attach-unavailable">
                {t('detail.attachUnavailable')}
              </p>
            )}
          </Section>

          <Section title={t('detail.actions')} testId="volume-actions">
            {moving ? (
              <p className="text-sm text-slate-500" data-testid="volume-actions-wait">
                {t('detail.actionsWait')}
              </p>
            ) : (
              <div className="grid gap-6 md:grid-cols-2">
                <div>
                  <h3 className="mb-2 text-sm font-semibold">{t('detail.extend')}</h3>
                  <ExtendForm action={extendVolumeAction} volume={target} />
                </div>
                <div>
                  <h3 className="mb-2 text-sm font-semibold">{t('detail.retype')}</h3>
                  <RetypeForm action={retypeVolumeAction} volume={target} types={types.map((ty) => ({ name: ty.name, description: ty.description }))} />
                </div>
                <div>
                  <h3 className="mb-2 text-sm font-semibold">{t('detail.bootable')}</h3>
                  <BootableForm action={setBootableAction} volume={target} />
                </div>
                <div>
                  <h3 className="mb-2 text-sm font-semibold">{t('detail.delete')}</h3>
                  <DeleteForm action={deleteVolumeAction} volume={target} doneHref={listHref} />
                </div>
              </div>
            )}
          </Section>
        </div>
      ) : (
        <Section title={t('snapshots.title')} testId="volume-snapshots">
          {!moving && (
            <div className="mb-4">
              <SnapshotCreateForm action={createSnapshotAction} volume={target} />
            </div>
          )}
          {features && !features.revertToSnapshot && (
            <p className="mb-3 text-xs text-slate-500" data-testid="revert-unavailable">
              {t('snapshots.revertNeeds', { version: features.requires.revertToSnapshot ?? '3.40', max: features.serverMaxVersion })}
            </p>
          )}
          {!snapshots.ok ? (
            <BackendProblem error={snapshots.error} />
          ) : snapshots.value.length === 0 ? (
            <p className="text-sm text-slate-500">{t('snapshots.none')}</p>
          ) : (
            <Card className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="snapshot-table">
                <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
                  <tr>
                    <th className="px-4 py-2 font-medium">{t('col.name')}</th>
                    <th className="px-4 py-2 font-medium">{t('col.status')}</th>
                    <th className="px-4 py-2 text-right font-medium">{t('col.size')}</th>
                    <th className="px-4 py-2 font-medium">{t('col.created')}</th>
                    <th className="px-4 py-2 font-medium">{t('snapshots.actions')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {snapshots.value.map((s, i) => (
                    <tr key={s.id} data-testid={`snapshot-row-${s.name}`}>
                      <td className="px-4 py-2">
                        {s.name}
                        {i === 0 && (
                          <span className="ml-2">
                            <Badge>{t('snapshots.latest')}</Badge>
                          </span>
                        )}
                        {s.description && <span className="block text-xs text-slate-500">{s.description}</span>}
                      </td>
                      <td className="px-4 py-2">
                        <SnapshotStatus volumeId={v.id} snapshotId={s.id} status={s.status} nativeStatus={s.nativeStatus} />
                      </td>
                      <td className="px-4 py-2 text-right tabular-nums">{formatBytes(s.sizeBytes)}</td>
                      <td className="px-4 py-2 text-xs text-slate-500">{when(s.createdAt)}</td>
                      <td className="px-4 py-2">
                        {!isSnapshotMoving(s.status) && (
                          <div className="flex flex-wrap items-start gap-2">
                            {s.status === 'available' && (
                              <Link href={newFrom('snapshot', s.id)} className="rounded-md border border-slate-300 px-2.5 py-1 text-xs dark:border-slate-700" data-testid={`snapshot-new-volume-${s.name}`}>
                                {t('snapshots.newVolume')}
                              </Link>
                            )}
                            {/* Cinder reverts only to the volume's latest snapshot (3.40+). */}
                            {i === 0 && features?.revertToSnapshot && !moving && <SnapshotRevertForm action={revertVolumeAction} volume={target} snapshot={s} />}
                            <SnapshotDeleteForm action={deleteSnapshotAction} volumeId={v.id} snapshot={s} />
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {features?.revertToSnapshot && snapshots.value.length > 1 && <p className="px-4 py-2 text-xs text-slate-500">{t('snapshots.revertLatestOnly')}</p>}
            </Card>
          )}
        </Section>
      )}
    </>
  );
}
