import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { Card, PageHeader } from '@/components/ui/card';
import { DataCenterForm } from '@/components/datacenters/datacenter-form';
import { requireRole } from '@/lib/auth/guards';
import { connectionsSupporting } from '@/lib/services/infra-operations';
import { createDataCenterAction } from '@/lib/actions/datacenters';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dcActions'))('newTitle') };
}

export default async function NewDataCenterPage() {
  await requireRole('admin');
  const t = await getTranslations('dcActions');
  const connections = await connectionsSupporting('createDataCenter');
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newDescription')} />
      {connections.length === 0 ? (
        <NoBackendYet />
      ) : (
        <Card className="max-w-xl p-6">
          <DataCenterForm action={createDataCenterAction} connections={connections} />
        </Card>
      )}
    </>
  );
}
