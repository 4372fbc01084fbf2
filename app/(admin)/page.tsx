import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/card';
import { NoBackendYet } from '@/components/no-backend';
import { requireRole } from '@/lib/auth/guards';
import { db } from '@/lib/db/client';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('nav'))('overview') };
}

export default async function OverviewPage() {
  await requireRole('admin');
  const t = await getTranslations('overview');
  const connections = await db.backendConnection.count({ where: { enabled: true } });
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {connections === 0 && <NoBackendYet />}
    </>
  );
}
