import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { Cluster, Network, StorageDomain, Template } from '@/lib/domain';
import type { HostRow, VmRow } from '@/lib/inventory/types';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { formatBytes } from '@/components/ui/format';
import { detailHref } from '@/components/ui/paths';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';

/**
 * Small read-only tables of related objects on detail pages (a host's VMs, a
 * data center's clusters …), rendered on the server from one filtered read.
 */
const LINK = 'font-medium text-brand-700 hover:underline dark:text-brand-100';

export function VmMiniTable({ vms, empty }: { vms: VmRow[]; empty: string }) {
  const t = useTranslations('vms');
  return (
    <DataTable
      testId="related-vms"
      head={
        <>
          <th className={TH}>{t('name')}</th>
          <th className={TH}>{t('status')}</th>
          <th className={TH}>{t('host')}</th>
          <th className={`${TH} text-right`}>{t('cpu')}</th>
          <th className={`${TH} text-right`}>{t('memory')}</th>
        </>
      }
    >
      {vms.length === 0 ? (
        <EmptyRow colSpan={5}>{empty}</EmptyRow>
      ) : (
        vms.map((vm) => (
          <tr key={vm.id}>
            <td className={TD}>
              <Link className={LINK} href={detailHref.vm(vm.id)}>
                {vm.name}
              </Link>
            </td>
            <td className={TD}>
              <StatusBadge kind="vm" status={vm.status} native={vm.nativeStatus} />
            </td>
            <td className={TD}>{vm.hostName ?? '—'}</td>
            <td className={`${TD} text-right tabular-nums`}>{vm.vcpus ?? '—'}</td>
            <td className={`${TD} text-right tabular-nums`}>{formatBytes(vm.memoryBytes)}</td>
          </tr>
        ))
      )}
    </DataTable>
  );
}

export function HostMiniTable({ hosts, empty }: { hosts: HostRow[]; empty: string }) {
  const t = useTranslations('hosts');
  return (
    <DataTable
      testId="related-hosts"
      head={
        <>
          <th className={TH}>{t('name')}</th>
          <th className={TH}>{t('status')}</th>
          <th className={TH}>{t('cluster')}</th>
          <th className={`${TH} text-right`}>{t('vms')}</th>
        </>
      }
    >
      {hosts.length === 0 ? (
        <EmptyRow colSpan={4}>{empty}</EmptyRow>
      ) : (
        hosts.map((h) => (
          <tr key={h.id}>
            <td className={TD}>
              <Link className={LINK} href={detailHref.host(h.id)}>
                {h.name}
              </Link>
            </td>
            <td className={TD}>
              <StatusBadge kind="host" status={h.status} native={h.nativeStatus} />
            </td>
            <td className={TD}>{h.clusterName ?? '—'}</td>
            <td className={`${TD} text-right tabular-nums`}>{h.vmsActive ?? '—'}</td>
          </tr>
        ))
      )}
    </DataTable>
  );
}

export function ClusterMiniTable({ clusters, empty }: { clusters: Cluster[]; empty: string }) {
  const t = useTranslations('clusters');
  return (
    <DataTable
      testId="related-clusters"
      head={
        <>
          <th className={TH}>{t('name')}</th>
          <th className={TH}>{t('cpuType')}</th>
          <th className={TH}>{t('version')}</th>
        </>
      }
    >
      {clusters.length === 0 ? (
        <EmptyRow colSpan={3}>{empty}</EmptyRow>
      ) : (
        clusters.map((c) => (
          <tr key={c.id}>
            <td className={TD}>
              <Link className={LINK} href={detailHref.cluster(c.id)}>
                {c.name}
              </Link>
              {c.description && <p className="text-xs text-slate-500">{c.description}</p>}
            </td>
            <td className={TD}>{[c.cpuArchitecture, c.cpuType].filter(Boolean).join(' · ') || '—'}</td>
            <td className={TD}>{c.version ?? '—'}</td>
          </tr>
        ))
      )}
    </DataTable>
  );
}

export function StorageMiniTable({ domains, empty }: { domains: StorageDomain[]; empty: string }) {
  const t = useTranslations('storage');
  return (
    <DataTable
      testId="related-storage"
      head={
        <>
          <th className={TH}>{t('name')}</th>
          <th className={TH}>{t('kind')}</th>
          <th className={TH}>{t('status')}</th>
          <th className={TH}>{t('capacity')}</th>
        </>
      }
    >
      {domains.length === 0 ? (
        <EmptyRow colSpan={4}>{empty}</EmptyRow>
      ) : (
        domains.map((d) => {
          const total = d.totalBytes ?? (d.usedBytes ?? 0) + (d.availableBytes ?? 0);
          return (
            <tr key={d.id}>
              <td className={TD}>
                <Link className={LINK} href={detailHref.storage(d.id)}>
                  {d.name}
                </Link>
              </td>
              <td className={TD}>{t.has(`kinds.${d.kind}`) ? t(`kinds.${d.kind}`) : d.kind}</td>
              <td className={TD}>
                <StatusBadge kind="storage" status={d.status} native={d.nativeStatus} />
              </td>
              <td className={`${TD} w-48`}>
                {total > 0 ? (
                  <CapacityBar label={t('capacityOf', { name: d.name })} used={d.usedBytes ?? 0} total={total} text={t('usedOf', { used: formatBytes(d.usedBytes), total: formatBytes(total) })} />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          );
        })
      )}
    </DataTable>
  );
}

export function NetworkMiniTable({ networks, empty }: { networks: Network[]; empty: string }) {
  const t = useTranslations('dataCenters');
  return (
    <DataTable
      testId="related-networks"
      head={
        <>
          <th className={TH}>{t('network')}</th>
          <th className={TH}>{t('vlan')}</th>
          <th className={TH}>{t('mtu')}</th>
          <th className={TH}>{t('vmNetwork')}</th>
        </>
      }
    >
      {networks.length === 0 ? (
        <EmptyRow colSpan={4}>{empty}</EmptyRow>
      ) : (
        networks.map((n) => (
          <tr key={n.id}>
            <td className={TD}>
              <span className="font-medium">{n.name}</span>
              {n.description && <p className="text-xs text-slate-500">{n.description}</p>}
            </td>
            <td className={TD}>{n.vlanId ?? '—'}</td>
            <td className={TD}>{n.mtu || '—'}</td>
            <td className={TD}>{n.vmNetwork === undefined ? '—' : n.vmNetwork ? t('yes') : t('no')}</td>
          </tr>
        ))
      )}
    </DataTable>
  );
}

export function TemplateMiniTable({ templates, empty }: { templates: Template[]; empty: string }) {
  const t = useTranslations('templates');
  return (
    <DataTable
      testId="related-templates"
      head={
        <>
          <th className={TH}>{t('name')}</th>
          <th className={TH}>{t('status')}</th>
          <th className={`${TH} text-right`}>{t('memory')}</th>
        </>
      }
    >
      {templates.length === 0 ? (
        <EmptyRow colSpan={3}>{empty}</EmptyRow>
      ) : (
        templates.map((tp) => (
          <tr key={tp.id}>
            <td className={TD}>
              <Link className={LINK} href={detailHref.template(tp.id)}>
                {tp.name}
              </Link>
            </td>
            <td className={TD}>
              <StatusBadge kind="template" status={tp.status} native={tp.nativeStatus} />
            </td>
            <td className={`${TD} text-right tabular-nums`}>{formatBytes(tp.memoryBytes)}</td>
          </tr>
        ))
      )}
    </DataTable>
  );
}
