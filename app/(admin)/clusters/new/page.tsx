import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { Card, PageHeader } from '@/components/ui/card';
import { ClusterForm, type CpuTypeTable } from '@/components/clusters/cluster-form';
import { requireRole } from '@/lib/auth/guards';
import { clusterLevels, infraChoices } from '@/lib/services/infra-operations';
import { createClusterAction } from '@/lib/actions/clusters';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('clusterActions'))('newTitle') };
}

export default async function NewClusterPage({ searchParams }: { searchParams: Promise<{ dataCenter?: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('clusterActions');
  const { dataCenter } = await searchParams;
  const choices = await infraChoices('createCluster');
  const names = new Map(choices.connections.map((c) => [c.id, c.name]));
  const cpuTypes: CpuTypeTable = {};
  await Promise.all(
    choices.connections.map(async (c) => {
      // An engine that cannot list its levels still gets the form; the CPU list is then empty.
      const levels = await clusterLevels(c.id).catch(() => []);
      for (const level of levels) cpuTypes[`${c.id}|${level.version}`] = level.cpuTypes.map((x) => x.name);
    }),
  );
  const dataCenters = choices.dataCenters
    .map((d) => ({ id: d.id, name: d.name, connectionId: d.connectionId, connectionName: names.get(d.connectionId) ?? d.connectionId, version: d.version }))
    // The data center asked for in the URL first (from its page's "New cluster").
    .sort((a, b) => Number(b.id === dataCenter) - Number(a.id === dataCenter) || a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newDescription')} />
      {choices.connections.length === 0 ? (
        <NoBackendYet />
      ) : dataCenters.length === 0 ? (
        <Card className="max-w-xl p-6 text-sm">{t('noDataCenter')}</Card>
      ) : (
        <Card className="max-w-xl p-6">
          <ClusterForm action={createClusterAction} dataCenters={dataCenters} cpuTypes={cpuTypes} />
        </Card>
      )}
    </>
  );
}
