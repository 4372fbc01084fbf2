import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NetworkForm } from '@/components/networks/network-form';
import { NoBackendYet } from '@/components/no-backend';
import { Card, PageHeader } from '@/components/ui/card';
import { createNetworkAction } from '@/lib/actions/networks';
import { requireRole } from '@/lib/auth/guards';
import { networkDataCenters } from '@/lib/services/networks';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('networks'))('newTitle') };
}

export default async function NewNetworkPage() {
  await requireRole('admin');
  const t = await getTranslations('networks');
  const dcs = await networkDataCenters();
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newDescription')} />
      {dcs.length === 0 ? (
        <NoBackendYet />
      ) : (
        <Card className="max-w-xl p-6">
          <NetworkForm action={createNetworkAction} dataCenters={dcs.map((d) => ({ id: d.dataCenter.id, label: `${d.connection.name} · ${d.dataCenter.name}` }))} />
        </Card>
      )}
    </>
  );
}
