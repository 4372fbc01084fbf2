import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { Card, PageHeader } from '@/components/ui/card';
import { IsoUpload } from '@/components/storage/iso-upload';
import { requireRole } from '@/lib/auth/guards';
import { infraChoices } from '@/lib/services/infra-operations';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('isoUpload'))('title') };
}

export default async function UploadPage({ searchParams }: { searchParams: Promise<{ domain?: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('isoUpload');
  const { domain } = await searchParams;
  const choices = await infraChoices('startDiskUpload');
  const names = new Map(choices.connections.map((c) => [c.id, c.name]));
  // Engines 4.4+ keep ISOs as disks on data domains; legacy ISO domains take no uploads over the API.
  const targets = choices.storageDomains
    .filter((s) => s.kind === 'data' && s.status === 'active')
    .map((s) => ({ id: s.id, name: s.name, connectionName: names.get(s.connectionId) ?? s.connectionId }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {choices.connections.length === 0 ? (
        <NoBackendYet />
      ) : targets.length === 0 ? (
        <Card className="max-w-xl p-6 text-sm">{t('noDomain')}</Card>
      ) : (
        <Card className="max-w-xl p-6">
          <IsoUpload targets={targets} initialDomain={domain} />
        </Card>
      )}
    </>
  );
}
