import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { NetworkTable } from '@/components/networks/network-table';
import { PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
import { listNetworkRows } from '@/lib/services/networks';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('networks'))('title') };
}

export default async function NetworksPage() {
  await requireRole('admin');
  const t = await getTranslations('networks');
  const rows = await listNetworkRows();
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Link href="/networks/new" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t('new')}
          </Link>
        }
      />
      {rows.failures.map((f) => (
        <p key={f.connection.id} role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
          {t('connectionFailed', { name: f.connection.name })} <span className="font-mono text-xs">{f.error.detail ?? f.error.message}</span>
        </p>
      ))}
      <NetworkTable rows={rows.items} />
    </>
  );
}
