import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AutoRefresh } from '@/components/detail/auto-refresh';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { BackLink, DetailProblem, Facts, Section } from '@/components/detail/detail';
import { EventRows } from '@/components/events/event-rows';
import { ConnectionFailures } from '@/components/ui/failures';
import { formatBytes } from '@/components/ui/format';
import { detailHref } from '@/components/ui/paths';
import { VmMiniTable } from '@/components/detail/related';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { StatusBadge } from '@/components/ui/status-badge';
import { PageHeader } from '@/components/ui/card';
import { HostActions } from '@/components/hosts/host-actions';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { logicalCpusOf, runningVmNames, toHostRow } from '@/lib/inventory/rows';
import { toWire } from '@/lib/inventory/wire';
import { getOne, listEventsAcross, listVmRows } from '@/lib/services/inventory';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('hosts'))('detailTitle') };
}

export default async function HostPage({ params }: Props) {
  await requireRole('admin');
  const t = await getTranslations('hosts');
  const ta = await getTranslations('hostActions');
  const id = idParam((await params).id);
  const result = await readDetail(() => getOne('hosts', id));
  if (!result.ok) {
    return (
      <>
        <PageHeader title={t('detailTitle')} />
        <DetailProblem error={result.error} backHref="/hosts" backLabel={t('back')} />
      </>
    );
  }
  const { item: host, connection } = result.value;
  // Two fixed reads, whatever the host runs: its VMs by the engine's search, its events from the newest.
  const [vms, events] = await Promise.all([
    listVmRows({ page: 1, pageSize: 500, filters: { host: host.name } }, { connectionId: connection.id }),
    listEventsAcross({ max: 1000, objectId: host.id }, { connectionId: connection.id }),
  ]);
  const row = toHostRow(host);
  const cpus = logicalCpusOf(host.cpu);
  return (
    <>
      <AutoRefresh />
      <BackLink href="/hosts" label={t('back')} />
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {host.name}
            <StatusBadge kind="host" status={host.status} native={host.nativeStatus} />
            <ConnectionLabel name={connection.name} simulated={connection.simulated} showName />
          </span>
        }
        description={host.description}
      />
      <div className="space-y-6">
        <Section title={ta('group')} testId="host-operations">
          <HostActions host={host} runningVms={runningVmNames(vms.items)} />
        </Section>
        <Section title={t('hardware')} testId="host-hardware">
          <Facts
            items={[
              [t('address'), host.address ? <span className="font-mono text-xs">{host.address}</span> : '—'],
              [t('cluster'), host.cluster ? <Link className="text-brand-700 hover:underline dark:text-brand-100" href={detailHref.cluster(host.cluster.id)}>{host.cluster.name ?? host.cluster.id}</Link> : '—'],
              [t('cpuModel'), host.cpu?.model ?? '—'],
              [t('cpuSpeed'), host.cpu?.speedMhz ? t('mhz', { value: host.cpu.speedMhz }) : '—'],
              [t('topology'), host.cpu?.sockets !== undefined ? t('topologyValue', { sockets: host.cpu.sockets, cores: host.cpu.cores ?? 1, threads: host.cpu.threads ?? 1, total: cpus ?? 0 }) : '—'],
              [t('memoryTotal'), formatBytes(host.memoryBytes)],
              [
                t('memory'),
                row.memoryCommittedBytes !== undefined && host.memoryBytes ? (
                  <CapacityBar key="m" label={t('memoryBar', { name: host.name })} used={row.memoryCommittedBytes} total={host.memoryBytes} text={t('memoryUse', { used: formatBytes(row.memoryCommittedBytes), total: formatBytes(host.memoryBytes) })} />
                ) : (
                  '—'
                ),
              ],
              [t('vms'), t('vmCounts', { active: host.vmsActive ?? 0, migrating: host.vmsMigrating ?? 0, total: host.vmsTotal ?? 0 })],
              [t('spm'), host.spm ? t('spmYes') : t('spmNo')],
            ]}
          />
        </Section>
        <section>
          <h2 className="mb-3 font-semibold">{t('vmsOnHost')}</h2>
          <ConnectionFailures failures={vms.failures} />
          <VmMiniTable vms={vms.items} empty={t('noVms')} />
        </section>
        <Section title={t('events')} testId="host-events">
          <ConnectionFailures failures={events.failures} />
          {events.items.length === 0 ? <p className="text-sm text-slate-500">{t('noEvents')}</p> : <EventRows events={toWire(events.items)} />}
        </Section>
      </div>
    </>
  );
}
