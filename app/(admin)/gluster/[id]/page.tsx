import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { BackLink, DetailProblem, Facts, Section } from '@/components/detail/detail';
import { GlusterAddBricksForm } from '@/components/gluster/add-bricks-form';
import { GlusterBricksForm } from '@/components/gluster/bricks-form';
import { OpButton } from '@/components/gluster/op-button';
import { GlusterOptionsForm } from '@/components/gluster/options-form';
import { GlusterReplaceBrickForm } from '@/components/gluster/replace-brick-form';
import type { BrickHost } from '@/components/gluster/types';
import { Badge, PageHeader } from '@/components/ui/card';
import { glusterAddBricksAction, glusterBricksAction, glusterOptionAction, glusterReplaceBrickAction, glusterVolumeOpAction } from '@/lib/actions/gluster';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import type { Host } from '@/lib/domain';
import { getGlusterVolumeDetail } from '@/lib/services/gluster';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('gluster'))('detailTitle') };
}

/** No more of a host than a brick form needs. */
const brickHosts = (cluster: { hosts: Host[] }): BrickHost[] => cluster.hosts.map((h) => ({ id: h.id, name: h.name, up: h.status === 'up' }));

export default async function GlusterVolumePage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('gluster');
  const id = idParam((await params).id);
  const result = await readDetail(() => getGlusterVolumeDetail(id));
  if (!result.ok) {
    return (
      <>
        <PageHeader title={t('detailTitle')} />
        <DetailProblem error={result.error} backHref="/gluster" backLabel={t('back')} />
      </>
    );
  }
  const { volume: v, connection, cluster, degraded } = result.value;
  const bricks = v.bricks ?? [];
  const setSize = v.type === 'replicate' || v.type === 'distributed_replicate' ? v.replicaCount : v.type.includes('disperse') ? v.disperseCount : 1;
  const up = v.status === 'up';
  const op = (o: string) => ({ id: v.id, name: v.name, op: o });
  const virtReady = v.options.some((o) => o.name === 'storage.owner-uid' && o.value === '36') && v.options.some((o) => o.name === 'features.shard' && o.value === 'on');
  return (
    <>
      <BackLink href="/gluster" label={t('back')} />
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {v.name}
            <Badge tone={up ? 'good' : 'neutral'}>{t(`volumeStatus.${v.status}`)}</Badge>
            {degraded && <Badge tone="bad">{t('degraded')}</Badge>}
          </span>
        }
      />
      <div className="space-y-6">
        <Section title={t('facts')} testId="gluster-facts">
          <Facts
            items={[
              [t('connection'), connection.name],
              [t('cluster'), v.cluster.name ?? '—'],
              [t('type'), t(`types.${v.type}`, { replica: v.replicaCount })],
              [t('transport'), v.transports.join(', ') || '—'],
              [t('bricksUp'), t('bricksUpOf', { up: bricks.filter((b) => b.status === 'up').length, total: bricks.length })],
              [t('virtStore'), virtReady ? t('yes') : t('no')],
              [t('capacity'), t('capacityNotInApi')],
              [t('heal'), t('healNotInApi')],
            ]}
          />
        </Section>
        <Section title={t('operations')} testId="gluster-ops">
          <div className="flex flex-wrap items-start gap-2">
            {!up && <OpButton action={glusterVolumeOpAction} fields={op('start')} label={t('ops.start')} variant="primary" testId="op-start" />}
            {up && degraded && <OpButton action={glusterVolumeOpAction} fields={op('forceStart')} label={t('ops.forceStart')} testId="op-forceStart" />}
            {up && <OpButton action={glusterVolumeOpAction} fields={op('stop')} label={t('ops.stop')} confirm={t('confirmStop', { name: v.name })} variant="danger" testId="op-stop" />}
            {up && <OpButton action={glusterVolumeOpAction} fields={op('forceStop')} label={t('ops.forceStop')} confirm={t('confirmForceStop', { name: v.name })} variant="danger" testId="op-forceStop" />}
            <OpButton action={glusterVolumeOpAction} fields={op('optimize')} label={t('ops.optimize')} testId="op-optimize" />
            {up && bricks.length > setSize && <OpButton action={glusterVolumeOpAction} fields={op('rebalance')} label={t('ops.rebalance')} testId="op-rebalance" />}
            {up && bricks.length > setSize && <OpButton action={glusterVolumeOpAction} fields={op('stopRebalance')} label={t('ops.stopRebalance')} testId="op-stopRebalance" />}
            <OpButton action={glusterVolumeOpAction} fields={op('resetAll')} label={t('ops.resetAll')} confirm={t('confirmResetAll', { name: v.name })} testId="op-resetAll" />
            {!up && <OpButton action={glusterVolumeOpAction} fields={op('remove')} label={t('ops.remove')} confirm={t('confirmRemove', { name: v.name })} variant="danger" testId="op-remove" />}
          </div>
          <p className="mt-2 text-xs text-slate-500">
            {t('progressInTasks')}{' '}
            <Link href="/tasks" className="text-brand-700 hover:underline dark:text-brand-300">
              {t('tasksLink')}
            </Link>
          </p>
        </Section>
        <Section title={t('bricks')} testId="gluster-bricks-section">
          <GlusterBricksForm action={glusterBricksAction} volumeId={v.id} bricks={bricks} setSize={setSize} />
        </Section>
        {cluster && (
          <Section title={t('replace.title')} testId="gluster-replace-section">
            <GlusterReplaceBrickForm action={glusterReplaceBrickAction} volume={v} bricks={bricks} hosts={brickHosts(cluster)} />
          </Section>
        )}
        {cluster && (
          <Section title={t('addBricks')}>
            <GlusterAddBricksForm
              action={glusterAddBricksAction}
              volumeId={v.id}
              replicaCount={setSize}
              hosts={brickHosts(cluster)}
            />
          </Section>
        )}
        <Section title={t('options')}>
          <GlusterOptionsForm action={glusterOptionAction} volumeId={v.id} options={v.options} />
        </Section>
      </div>
    </>
  );
}
