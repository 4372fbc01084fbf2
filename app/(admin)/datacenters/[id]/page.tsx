import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AutoRefresh } from '@/components/detail/auto-refresh';
import { BackLink, DetailProblem, Facts, Section } from '@/components/detail/detail';
import { ConnectionFailures } from '@/components/ui/failures';
import { ClusterMiniTable, HostMiniTable, NetworkMiniTable, StorageMiniTable } from '@/components/detail/related';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { StatusBadge } from '@/components/ui/status-badge';
import { PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { MAX_PAGE_SIZE } from '@/lib/domain';
import { getOne, listAcross, listDataCenterNetworks, listHostRows } from '@/lib/services/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dataCenters'))('detailTitle') };
}

export default async function DataCenterPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('dataCenters');
  const id = idParam((await params).id);
  const result = await readDetail(() => getOne('dataCenters', id));
  if (!result.ok) {
    return (
      <>
        <PageHeader title={t('detailTitle')} />
        <DetailProblem error={result.error} backHref="/datacenters" backLabel={t('back')} />
      </>
    );
  }
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
    <>
      <AutoRefresh ms={15_000} />
      <BackLink href="/datacenters" label={t('back')} />
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {dc.name}
            <StatusBadge kind="dataCenter" status={dc.status} native={dc.nativeStatus} />
            <ConnectionLabel name={connection.name} simulated={connection.simulated} showName />
          </span>
        }
        description={dc.description}
      />
      <div className="space-y-6">
        <Section title={t('facts')}>
          <Facts items={[[t('storageType'), dc.local ? t('local') : t('shared')], [t('version'), dc.version ?? '—'], [t('clusters'), String(clusters.items.length)], [t('hosts'), String(hosts.items.length)]]} />
        </Section>
        <section>
          <h2 className="mb-3 font-semibold">{t('clusters')}</h2>
          <ConnectionFailures failures={clusters.failures} />
          <ClusterMiniTable clusters={clusters.items} empty={t('noClusters')} />
        </section>
        <section>
          <h2 className="mb-3 font-semibold">{t('hosts')}</h2>
          <ConnectionFailures failures={hosts.failures} />
          <HostMiniTable hosts={hosts.items} empty={t('noHosts')} />
        </section>
        <section>
          <h2 className="mb-3 font-semibold">{t('storage')}</h2>
          <ConnectionFailures failures={domains.failures} />
          <StorageMiniTable domains={domains.items} empty={t('noStorage')} />
        </section>
        <section>
          <h2 className="mb-3 font-semibold">{t('networks')}</h2>
          {networks.error && <ConnectionFailures failures={[{ connectionId: connection.id, connectionName: connection.name, error: networks.error }]} />}
          <NetworkMiniTable networks={networks.items} empty={t('noNetworks')} />
        </section>
      </div>
    </>
  );
}
