import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ClientError } from '@/lib/backends/errors';
import type { Event, Snapshot, Vm } from '@/lib/domain';
import type { ConnectionFailure } from '@/lib/inventory/types';
import { vcpusOf } from '@/lib/inventory/rows';
import { toWire } from '@/lib/inventory/wire';
import { VM_TABS, type VmTab } from '@/lib/inventory/list-url';
import { Facts, Section, TabLinks } from '@/components/detail/detail';
import { EventRows } from '@/components/events/event-rows';
import { ConnectionFailures } from '@/components/ui/failures';
import { formatBytes, formatDateTime } from '@/components/ui/format';
import { detailHref } from '@/components/ui/paths';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import { SnapshotsPanel } from '@/components/vm/snapshots-panel';
import { VmManage } from '@/components/vm/vm-operations';
import { VmUsageCharts } from '@/components/vm/usage-charts';
import { VmCdrom } from '@/components/vm/cdrom/vm-cdrom';
import { VmDisksEditor } from '@/components/vm/disks/vm-disks-editor';
import { VmNicsEditor } from '@/components/vm/nics/vm-nics-editor';
import { VmSettingsEditor } from '@/components/vm/settings/vm-settings-editor';
import { VmAffinityPanel } from '@/components/vm/settings/vm-affinity-panel';

/** Fields the adapter may add (guest agent data); shown when present. */
type VmExtras = Vm & { startedAt?: Date };

function uptime(startedAt: Date | undefined, now: number): number | undefined {
  if (!startedAt) return undefined;
  const ms = now - new Date(startedAt).getTime();
  return ms > 0 ? ms : undefined;
}

export function VmDetailTabs({
  vm,
  tab,
  snapshots,
  snapshotsError,
  events,
  eventFailures,
  locale,
  canClone,
}: {
  vm: Vm;
  tab: VmTab;
  snapshots?: Snapshot[];
  snapshotsError?: ClientError;
  events?: Event[];
  eventFailures?: ConnectionFailure[];
  locale: string;
  /** The backend clones a VM directly (Backend.cloneVm). */
  canClone?: boolean;
}) {
  const t = useTranslations('vms');
  const ti = useTranslations('inventory');
  const tdev = useTranslations('vmDevices');
  const base = detailHref.vm(vm.id);
  const extras = vm as VmExtras;
  // eslint-disable-next-line react-hooks/purity -- a server render: "now" is the moment of this render
  const up = vm.status === 'running' ? uptime(extras.startedAt, Date.now()) : undefined;
  const tabs = VM_TABS.map((key) => ({
    key,
    label: t(`tabs.${key}`),
    href: key === 'overview' ? base : `${base}?tab=${key}`,
  }));
  return (
    <div>
      <TabLinks tabs={tabs} current={tab} />
      {tab === 'overview' && (
        <Section title={t('tabs.overview')} testId="vm-overview">
          <Facts
            items={[
              [t('status'), <StatusBadge key="s" kind="vm" status={vm.status} native={vm.nativeStatus} />],
              [t('host'), vm.host ? <Link className="text-brand-700 hover:underline dark:text-brand-100" href={detailHref.host(vm.host.id)}>{vm.host.name ?? vm.host.id}</Link> : ti('none')],
              [t('uptime'), up !== undefined ? t('uptimeValue', { hours: Math.floor(up / 3_600_000), minutes: Math.floor((up % 3_600_000) / 60_000) }) : '—'],
              [t('cpu'), vm.cpu ? t('cpuTopology', { vcpus: vcpusOf(vm.cpu) ?? 0, sockets: vm.cpu.sockets, cores: vm.cpu.cores, threads: vm.cpu.threads }) : '—'],
              [t('memory'), formatBytes(vm.memoryBytes)],
              [t('os'), vm.os ?? '—'],
              [t('ha'), vm.highAvailability === undefined ? '—' : vm.highAvailability ? ti('yes') : ti('no')],
              [t('stateless'), vm.stateless === undefined ? '—' : vm.stateless ? ti('yes') : ti('no')],
              [t('cluster'), vm.cluster ? <Link className="text-brand-700 hover:underline dark:text-brand-100" href={detailHref.cluster(vm.cluster.id)}>{vm.cluster.name ?? vm.cluster.id}</Link> : '—'],
              [t('template'), vm.template ? <Link className="text-brand-700 hover:underline dark:text-brand-100" href={detailHref.template(vm.template.id)}>{vm.template.name ?? vm.template.id}</Link> : '—'],
              [t('fqdn'), vm.fqdn ? <span className="font-mono text-xs">{vm.fqdn}</span> : '—'],
              [t('addresses'), vm.ips?.length ? <span className="font-mono text-xs" data-testid="vm-addresses">{vm.ips.join(', ')}</span> : '—'],
              [t('guestOs'), vm.guestOs ?? '—'],
              [t('loggedInUsers'), vm.loggedInUsers?.length ? <span data-testid="vm-logged-in-users">{vm.loggedInUsers.join(', ')}</span> : '—'],
              [t('created'), formatDateTime(vm.createdAt, locale)],
              [ti('nativeId'), <span key="id" className="font-mono text-xs">{vm.nativeId}</span>],
            ]}
          />
          <div className="mt-4">
            <VmUsageCharts vm={vm} />
          </div>
        </Section>
      )}
      {tab === 'disks' && (
        <DataTable
          testId="vm-disks"
          head={
            <>
              <th className={TH}>{t('disk.name')}</th>
              <th className={TH}>{t('status')}</th>
              <th className={`${TH} text-right`}>{t('disk.size')}</th>
              <th className={`${TH} text-right`}>{t('disk.actual')}</th>
              <th className={TH}>{t('disk.format')}</th>
              <th className={TH}>{t('disk.interface')}</th>
              <th className={TH}>{t('disk.storage')}</th>
            </>
          }
        >
          {(vm.disks ?? []).length === 0 ? (
            <EmptyRow colSpan={7}>{t('disk.empty')}</EmptyRow>
          ) : (
            vm.disks!.map((d) => (
              <tr key={d.id}>
                <td className={TD}>
                  <span className="font-medium">{d.name}</span>
                  {d.bootable && <span className="ml-1.5 text-xs text-slate-500">{t('disk.bootable')}</span>}
                </td>
                <td className={TD}>
                  <StatusBadge kind="disk" status={d.status} native={d.nativeStatus} />
                </td>
                <td className={`${TD} text-right tabular-nums`}>{formatBytes(d.provisionedBytes)}</td>
                <td className={`${TD} text-right tabular-nums`}>{formatBytes(d.actualBytes)}</td>
                <td className={TD}>{[d.format, d.sparse ? t('disk.thin') : t('disk.preallocated')].filter(Boolean).join(' · ')}</td>
                <td className={TD}>{d.interface ?? '—'}</td>
                <td className={TD}>
                  {d.storageDomain ? (
                    <Link className="text-brand-700 hover:underline dark:text-brand-100" href={detailHref.storage(d.storageDomain.id)}>
                      {d.storageDomain.name ?? d.storageDomain.id}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))
          )}
        </DataTable>
      )}
      {tab === 'nics' && (
        <DataTable
          testId="vm-nics"
          head={
            <>
              <th className={TH}>{t('nic.name')}</th>
              <th className={TH}>{t('nic.mac')}</th>
              <th className={TH}>{t('nic.interface')}</th>
              <th className={TH}>{t('nic.network')}</th>
              <th className={TH}>{t('nic.state')}</th>
            </>
          }
        >
          {(vm.nics ?? []).length === 0 ? (
            <EmptyRow colSpan={5}>{t('nic.empty')}</EmptyRow>
          ) : (
            vm.nics!.map((n) => (
              <tr key={n.id}>
                <td className={`${TD} font-medium`}>{n.name}</td>
                <td className={`${TD} font-mono text-xs`}>{n.mac ?? '—'}</td>
                <td className={TD}>{n.interface ?? '—'}</td>
                <td className={TD}>{n.network?.name ?? n.vnicProfile?.name ?? '—'}</td>
                <td className={TD}>
                  {[n.plugged === false ? t('nic.unplugged') : t('nic.plugged'), n.linked === false ? t('nic.unlinked') : t('nic.linked')].join(' · ')}
                </td>
              </tr>
            ))
          )}
        </DataTable>
      )}
      {/* A VM's devices after creation (issue 19): the actions under the tables above. */}
      {tab === 'disks' && (
        <div className="mt-4 space-y-4">
          <Section title={tdev('sections.disks')} testId="vm-disk-actions">
            <VmDisksEditor vm={vm} />
          </Section>
          <Section title={tdev('sections.cdrom')} testId="vm-cdrom-section">
            <VmCdrom vm={vm} />
          </Section>
        </div>
      )}
      {tab === 'nics' && (
        <div className="mt-4">
          <Section title={tdev('sections.nics')} testId="vm-nic-actions">
            <VmNicsEditor vm={vm} />
          </Section>
        </div>
      )}
      {tab === 'settings' && (
        <div className="space-y-4">
          <Section title={t('tabs.settings')} testId="vm-settings-section">
            <VmSettingsEditor vm={vm} />
          </Section>
          <Section title={t('affinitySection')} testId="vm-affinity-section">
            <VmAffinityPanel vm={vm} />
          </Section>
        </div>
      )}
      {tab === 'snapshots' && (
        <Section title={t('tabs.snapshots')} testId="vm-snapshots">
          {/* The server's read, as the panel's first data: no spinner, and a failure named at once. */}
          {snapshotsError && <ConnectionFailures failures={[{ connectionId: vm.connectionId, connectionName: vm.name, error: snapshotsError }]} />}
          <SnapshotsPanel vm={vm} initial={snapshots} />
        </Section>
      )}
      {tab === 'manage' && <VmManage vm={vm} canClone={canClone} />}
      {tab === 'events' && (
        <Section title={t('tabs.events')} testId="vm-events">
          <ConnectionFailures failures={eventFailures ?? []} />
          {(events ?? []).length === 0 ? <p className="text-sm text-slate-500">{t('noEvents')}</p> : <EventRows events={toWire(events!)} />}
        </Section>
      )}
    </div>
  );
}
