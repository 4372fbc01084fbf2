import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { Card, PageHeader } from '@/components/ui/card';
import { HostAddForm } from '@/components/hosts/host-add-form';
import { requireRole } from '@/lib/auth/guards';
import { infraChoices } from '@/lib/services/infra-operations';
import { addHostAction } from '@/lib/actions/hosts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('hostAdd'))('newTitle') };
}

export default async function NewHostPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('hostAdd');
  const { cluster } = await searchParams;
  const choices = await infraChoices('addHost');
  const names = new Map(choices.connections.map((c) => [c.id, c.name]));
  const dcNames = new Map(choices.dataCenters.map((d) => [d.id, d.name]));
  const clusters = choices.clusters
    .map((c) => ({
      id: c.id,
      name: c.name,
      connectionName: names.get(c.connectionId) ?? c.connectionId,
      dataCenterName: c.dataCenter ? (c.dataCenter.name ?? dcNames.get(c.dataCenter.id)) : undefined,
    }))
    .sort((a, b) => Number(b.id === cluster) - Number(a.id === cluster) || a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newDescription')} />
      {choices.connections.length === 0 ? (
        <NoBackendYet />
      ) : clusters.length === 0 ? (
        <Card className="max-w-xl p-6 text-sm">{t('noCluster')}</Card>
      ) : (
        <Card className="max-w-xl p-6">
          <HostAddForm action={addHostAction} clusters={clusters} />
        </Card>
      )}
    </>
  );
}
