import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NetworkForm } from '@/components/networks/network-form';
import { NoBackendYet } from '@/components/shell/no-backend';
import { Card, PageHeader } from '@/components/ui/card';
import { createNetworkAction, createVirtualNetworkAction } from '@/lib/actions/networks';
import { requireRole } from '@/lib/auth/guards';
import { networkConnections, networkDataCenters } from '@/lib/services/networks';
import { VirtualNetworkForm } from '@/components/networks/virtual-network-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('networks'))('newTitle') };
}

export default async function NewNetworkPage() {
  await requireRole('admin');
  const t = await getTranslations('networks');
  const [dcs, connections] = await Promise.all([networkDataCenters(), networkConnections()]);
  const virtual = connections.filter((c) => c.virtual);
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newDescription')} />
      {dcs.length === 0 && virtual.length === 0 && <NoBackendYet />}
      {dcs.length > 0 && (
        <Card className="max-w-xl p-6">
          <NetworkForm action={createNetworkAction} dataCenters={dcs.map((d) => ({ id: d.dataCenter.id, label: `${d.connection.name} · ${d.dataCenter.name}` }))} />
        </Card>
      )}
      {virtual.length > 0 && (
        <Card className="mt-6 max-w-xl p-6">
          <h2 className="mb-4 font-semibold">{t('newVirtual')}</h2>
          <VirtualNetworkForm action={createVirtualNetworkAction} connections={virtual} />
        </Card>
      )}
    </>
  );
}
