import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, PageHeader } from '@/components/ui/card';
import { FormStatus } from '@/components/ui/form-status';
import { ExportImport } from '@/components/storage/export-import';
import { requireRole } from '@/lib/auth/guards';
import { toClientError } from '@/lib/backends/errors';
import { importContext, type ImportContext } from '@/lib/services/infra-operations';
import { importExportedAction } from '@/lib/actions/storage';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('exportImport'))('title') };
}

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ domain?: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('exportImport');
  const tb = await getTranslations('backendErrors');
  const { domain } = await searchParams;
  let ctx: ImportContext | undefined;
  let failure: { message: string; detail?: string } | undefined;
  if (!domain) failure = { message: t('noDomain') };
  else {
    try {
      ctx = await importContext(domain);
    } catch (error) {
      // A backend that is down or refuses shows as such, with its own words.
      const e = toClientError(error);
      failure = { message: tb(e.code), detail: e.detail ?? e.message };
    }
  }
  return (
    <>
      <PageHeader title={ctx ? t('titleFor', { name: ctx.exportDomain.name }) : t('title')} description={t('description')} />
      <Card className="max-w-3xl p-6">
        {failure && <FormStatus state={{ ok: false, ...failure }} />}
        {ctx && ctx.items.length === 0 && <p className="text-sm">{t('empty')}</p>}
        {ctx && ctx.items.length > 0 && (
          <ExportImport
            action={importExportedAction}
            exportDomainId={ctx.exportDomain.id}
            items={ctx.items.map((i) => ({ id: i.id, name: i.name, kind: i.kind, description: i.description, nameTaken: i.nameTaken }))}
            clusters={ctx.clusters.map((c) => ({ id: c.id, name: c.name }))}
            storageDomains={ctx.dataDomains.map((s) => ({ id: s.id, name: s.name }))}
          />
        )}
      </Card>
    </>
  );
}
