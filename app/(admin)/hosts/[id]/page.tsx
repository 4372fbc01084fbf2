import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { Facts, Section } from '@/components/detail/detail';
import { EventRows } from '@/components/events/event-rows';
import { ConnectionFailures } from '@/components/ui/failures';
import { formatBytes } from '@/components/ui/format';
import { detailHref } from '@/components/ui/paths';
import { VmMiniTable } from '@/components/detail/related';
import { StatusBadge } from '@/components/ui/status-badge';
import { HostActions } from '@/components/hosts/host-actions';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { logicalCpusOf, runningVmNames, toHostRow } from '@/lib/inventory/rows';
import { toWire } from '@/lib/inventory/wire';
import { getOne, listEventsAcross, listVmRows } from '@/lib/services/inventory';
import { HostNicTable } from '@/components/hosts/host-nics';
import { SetupNetworks } from '@/components/hosts/setup-networks';
import { setupHostNetworksAction } from '@/lib/actions/networks';
import { getHostNetworking } from '@/lib/services/networks';
import { DetailShell, DetailUnavailable, RelatedSection } from '@/components/detail/detail-shell';

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
  if (!result.ok) return <DetailUnavailable title={t('detailTitle')} error={result.error} back={{ href: '/hosts', label: t('back') }} />;
  const { item: host, connection } = result.value;
  // Two fixed reads, whatever the host runs: its VMs by the engine's search, its events from the newest.
  const [vms, events, net] = await Promise.all([
    listVmRows({ page: 1, pageSize: 500, filters: { host: host.name } }, { connectionId: connection.id }),
    listEventsAcross({ max: 1000, objectId: host.id }, { connectionId: connection.id }),
    getHostNetworking(host.id, host.cluster?.id),
  ]);
  const tn = await getTranslations('hostNetworks');
  // The editor starts again from what the host reports whenever that changes (after a save).
  const netKey = JSON.stringify([net.nics.map((n) => [n.name, n.bond]), net.attachments.map((a) => [a.id, a.nicName, a.ipv4, a.inSync])]);
  const row = toHostRow(host);
  const cpus = logicalCpusOf(host.cpu);
  return (
    <DetailShell
      back={{ href: '/hosts', label: t('back') }}
      refresh
      title={host.name}
      status={<StatusBadge kind="host" status={host.status} native={host.nativeStatus} />}
      connection={connection}
      description={host.description}
    >
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
      {net.supported && (
        <Section title={tn('title')} testId="host-networking">
          {net.error ? (
            <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
              {net.error.message} {net.error.detail && <span className="font-mono text-xs">{net.error.detail}</span>}
            </p>
          ) : (
            <div className="space-y-4">
              <HostNicTable nics={net.nics} attachments={net.attachments} />
              <details className="rounded-md border border-slate-200 p-4 dark:border-slate-800">
                <summary className="cursor-pointer text-sm font-semibold">{tn('setup')}</summary>
                <p className="my-2 text-xs text-slate-500">{tn('setupHint')}</p>
                <SetupNetworks version={netKey} action={setupHostNetworksAction} hostId={host.id} nics={net.nics} attachments={net.attachments} networks={net.networks} />
              </details>
            </div>
          )}
        </Section>
      )}
      <RelatedSection title={t('vmsOnHost')} failures={vms.failures}>
        <VmMiniTable vms={vms.items} empty={t('noVms')} />
      </RelatedSection>
      <Section title={t('events')} testId="host-events">
        <ConnectionFailures failures={events.failures} />
        {events.items.length === 0 ? <p className="text-sm text-slate-500">{t('noEvents')}</p> : <EventRows events={toWire(events.items)} />}
      </Section>
    </DetailShell>
  );
}
