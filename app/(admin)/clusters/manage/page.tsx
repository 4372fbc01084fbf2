import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { PageHeader } from '@/components/ui/card';
import { ClusterForm, type CpuTypeTable } from '@/components/clusters/cluster-form';
import { ConfirmRemove } from '@/components/ui/confirm-remove';
import { ManageList } from '@/components/list/manage-list';
import { requireRole } from '@/lib/auth/guards';
import { clusterLevels, infraChoices } from '@/lib/services/infra-operations';
import { editClusterAction, removeClusterAction } from '@/lib/actions/clusters';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('clusterActions'))('manageTitle') };
}

export default async function ManageClustersPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('clusterActions');
  const { id } = await searchParams;
  const choices = await infraChoices('updateCluster');
  if (choices.connections.length === 0) return <NoBackendYet />;
  const names = new Map(choices.connections.map((c) => [c.id, c.name]));
  const dcNames = new Map(choices.dataCenters.map((d) => [d.id, d.name]));
  const rows = [...choices.clusters].sort((a, b) => a.name.localeCompare(b.name));
  const cluster = rows.find((c) => c.id === id);
  const cpuTypes: CpuTypeTable = {};
  if (cluster) {
    const levels = await clusterLevels(cluster.connectionId).catch(() => []);
    for (const level of levels) cpuTypes[`${cluster.connectionId}|${level.version}`] = level.cpuTypes.map((x) => x.name);
  }
  return (
    <>
      <PageHeader title={t('manageTitle')} description={t('manageDescription')} />
      <ManageList
        basePath="/clusters/manage"
        newHref="/clusters/new"
        newLabel={t('new')}
        selected={cluster?.id}
        empty={t('empty')}
        rows={rows.map((c) => ({
          id: c.id,
          name: c.name,
          facts: [c.dataCenter ? (c.dataCenter.name ?? dcNames.get(c.dataCenter.id) ?? '') : '', c.cpuType ?? '', names.get(c.connectionId) ?? ''],
        }))}
        panel={
          cluster && (
            <>
              <h2 className="text-lg font-semibold">{cluster.name}</h2>
              <ClusterForm
                key={cluster.id}
                action={editClusterAction}
                cpuTypes={cpuTypes}
                initial={{ id: cluster.id, name: cluster.name, description: cluster.description, cpuType: cluster.cpuType, connectionId: cluster.connectionId, version: cluster.version, virtService: cluster.virtService, glusterService: cluster.glusterService }}
              />
              <ConfirmRemove key={`rm-${cluster.id}`} action={removeClusterAction} id={cluster.id} name={cluster.name} namespace="clusterActions" />
            </>
          )
        }
      />
    </>
  );
}
