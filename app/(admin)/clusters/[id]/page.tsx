import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Facts, Section } from '@/components/detail/detail';
import { ConnectionFailures } from '@/components/ui/failures';
import { detailHref } from '@/components/ui/paths';
import { HostMiniTable, VmMiniTable } from '@/components/detail/related';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { MAX_PAGE_SIZE } from '@/lib/domain';
import { clusterGroupId, clusterGroupOf } from '@/lib/inventory/cluster-groups';
import { getClusterGroup, getOne, listHostRows, listVmRows } from '@/lib/services/inventory';
import { DetailShell, DetailUnavailable, RelatedSection } from '@/components/detail/detail-shell';
import { AffinityPanel } from '@/components/clusters/affinity-panel';

/** The cluster page lists this many VMs; the VM list (filtered by cluster) has them all. */
const VMS_SHOWN = 100;

const back = (label: string) => ({ href: '/clusters', label });

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('clusters'))('detailTitle') };
}

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('clusters');
  const id = idParam((await params).id);
  const group = clusterGroupOf(id);
  if (group !== undefined) return <ClusterGroupPage name={group} />;
  const result = await readDetail(() => getOne('clusters', id));
  if (!result.ok) return <DetailUnavailable title={t('detailTitle')} error={result.error} back={back(t('back'))} />;
  const { item: cluster, connection } = result.value;
  // One connection's copy of a cluster that spans connections (links from a host or VM page): the group is the page.
  if (cluster.group !== undefined) redirect(detailHref.cluster(clusterGroupId(cluster.group)));
  const scope = { connectionId: connection.id };
  const [hosts, vms] = await Promise.all([
    listHostRows({ page: 1, pageSize: MAX_PAGE_SIZE, filters: { cluster: cluster.name } }, scope),
    listVmRows({ page: 1, pageSize: VMS_SHOWN, filters: { cluster: cluster.name }, sort: { field: 'name', dir: 'asc' } }, scope),
  ]);
  return (
    <DetailShell back={back(t('back'))} refresh={15_000} title={cluster.name} connection={connection} description={cluster.description}>
      <Section title={t('facts')}>
        <Facts
          items={[
            [t('dataCenter'), cluster.dataCenter ? <Link className="text-brand-700 hover:underline dark:text-brand-100" href={detailHref.dataCenter(cluster.dataCenter.id)}>{cluster.dataCenter.name ?? cluster.dataCenter.id}</Link> : '—'],
            [t('architecture'), cluster.cpuArchitecture ?? '—'],
            [t('cpuType'), cluster.cpuType ?? '—'],
            [t('version'), cluster.version ?? '—'],
          ]}
        />
      </Section>
      <RelatedSection title={t('hosts')} failures={hosts.failures}>
        <HostMiniTable hosts={hosts.items} empty={t('noHosts')} />
      </RelatedSection>
      <RelatedSection
        title={
          <Link href={`/vms?cluster=${encodeURIComponent(cluster.name)}&connection=${encodeURIComponent(connection.id)}`} className="hover:underline">
            {t('vms')}
          </Link>
        }
        failures={vms.failures}
      >
        <VmMiniTable vms={vms.items} empty={t('noVms')} />
        {vms.hasMore && <p className="mt-2 text-xs text-slate-500">{t('vmsShown', { count: VMS_SHOWN })}</p>}
      </RelatedSection>
      <Section title={t('affinity')} testId="cluster-affinity">
        <AffinityPanel
          clusterId={cluster.id}
          vms={vms.items.map((v) => ({ id: v.id, name: v.name }))}
          hosts={hosts.items.map((h) => ({ id: h.id, name: h.name }))}
        />
      </Section>
    </DetailShell>
  );
}

/**
 * A cluster that spans connections (libvirt hosts named together by `cluster=`):
 * the hosts and VMs of every member connection, each connection read on its own
 * so one host that does not answer leaves the others' rows.
 */
async function ClusterGroupPage({ name }: { name: string }) {
  const t = await getTranslations('clusters');
  const result = await readDetail(() => getClusterGroup(name));
  if (!result.ok) return <DetailUnavailable title={t('detailTitle')} error={result.error} back={back(t('back'))} />;
  const { cluster, members, failures } = result.value;
  const perConnection = await Promise.all(
    members.map(({ connection }) =>
      Promise.all([
        listHostRows({ page: 1, pageSize: MAX_PAGE_SIZE, filters: { cluster: name } }, { connectionId: connection.id }),
        listVmRows({ page: 1, pageSize: VMS_SHOWN, filters: { cluster: name }, sort: { field: 'name', dir: 'asc' } }, { connectionId: connection.id }),
      ]),
    ),
  );
  const hosts = perConnection.flatMap(([h]) => h.items).sort((a, b) => a.name.localeCompare(b.name));
  const allVms = perConnection.flatMap(([, v]) => v.items).sort((a, b) => a.name.localeCompare(b.name));
  const vms = allVms.slice(0, VMS_SHOWN);
  const vmsCut = allVms.length > VMS_SHOWN || perConnection.some(([, v]) => v.hasMore);
  return (
    <DetailShell back={back(t('back'))} refresh={15_000} title={cluster.name} description={t('groupNote')}>
      <ConnectionFailures failures={failures} />
      <Section title={t('facts')}>
        <Facts
          items={[
            [
              t('connections'),
              <span key="c" className="inline-flex flex-wrap gap-2">
                {members.map(({ connection }) => (
                  <ConnectionLabel key={connection.id} name={connection.name} simulated={connection.simulated} showName />
                ))}
              </span>,
            ],
            [t('architecture'), cluster.cpuArchitecture ?? '—'],
            [t('cpuType'), cluster.cpuType ?? '—'],
          ]}
        />
      </Section>
      <RelatedSection title={t('hosts')} failures={perConnection.flatMap(([h]) => h.failures)}>
        <HostMiniTable hosts={hosts} empty={t('noHosts')} />
      </RelatedSection>
      <RelatedSection
        title={
          <Link href={`/vms?cluster=${encodeURIComponent(name)}`} className="hover:underline">
            {t('vms')}
          </Link>
        }
        failures={perConnection.flatMap(([, v]) => v.failures)}
      >
        <VmMiniTable vms={vms} empty={t('noVms')} />
        {vmsCut && <p className="mt-2 text-xs text-slate-500">{t('vmsShown', { count: VMS_SHOWN })}</p>}
      </RelatedSection>
    </DetailShell>
  );
}
