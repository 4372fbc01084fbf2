import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Facts, Section } from '@/components/detail/detail';
import { ConnectionFailures } from '@/components/ui/failures';
import { ClusterMiniTable, HostMiniTable, NetworkMiniTable, StorageMiniTable } from '@/components/detail/related';
import { StatusBadge } from '@/components/ui/status-badge';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { MAX_PAGE_SIZE } from '@/lib/domain';
import { getOne, listAcross, listDataCenterNetworks, listHostRows } from '@/lib/services/inventory';
import { DetailShell, DetailUnavailable, RelatedSection } from '@/components/detail/detail-shell';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dataCenters'))('detailTitle') };
}

export default async function DataCenterPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('dataCenters');
  const id = idParam((await params).id);
  const result = await readDetail(() => getOne('dataCenters', id));
  if (!result.ok) return <DetailUnavailable title={t('detailTitle')} error={result.error} back={{ href: '/datacenters', label: t('back') }} />;
  const { item: dc, connection } = result.value;
  // One filtered read per related kind (the engine searches by data center name), whatever the size.
  const scope = { connectionId: connection.id };
  const inDc = { page: 1, pageSize: MAX_PAGE_SIZE, filters: { dataCenter: dc.name } };
  const [clusters, hosts, domains, networks] = await Promise.all([
    listAcross('clusters', inDc, scope),
    listHostRows(inDc, scope),
    listAcross('storageDomains', inDc, scope),
    listDataCenterNetworks(dc),
  ]);
  return (
    <DetailShell
      back={{ href: '/datacenters', label: t('back') }}
      refresh={15_000}
      title={dc.name}
      status={<StatusBadge kind="dataCenter" status={dc.status} native={dc.nativeStatus} />}
      connection={connection}
      description={dc.description}
    >
      <Section title={t('facts')}>
        <Facts items={[[t('storageType'), dc.local ? t('local') : t('shared')], [t('version'), dc.version ?? '—'], [t('clusters'), String(clusters.items.length)], [t('hosts'), String(hosts.items.length)]]} />
      </Section>
      <RelatedSection title={t('clusters')} failures={clusters.failures}>
        <ClusterMiniTable clusters={clusters.items} empty={t('noClusters')} />
      </RelatedSection>
      <RelatedSection title={t('hosts')} failures={hosts.failures}>
        <HostMiniTable hosts={hosts.items} empty={t('noHosts')} />
      </RelatedSection>
      <RelatedSection title={t('storage')} failures={domains.failures}>
        <StorageMiniTable domains={domains.items} empty={t('noStorage')} />
      </RelatedSection>
      <section>
        <h2 className="mb-3 font-semibold">{t('networks')}</h2>
        {networks.error && <ConnectionFailures failures={[{ connectionId: connection.id, connectionName: connection.name, error: networks.error }]} />}
        <NetworkMiniTable networks={networks.items} empty={t('noNetworks')} />
      </section>
    </DetailShell>
  );
}
