import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, PageHeader } from '@/components/ui/card';
import { NoBackendYet } from '@/components/shell/no-backend';
import { VmWizard } from '@/components/vm/wizard/vm-wizard';
import { requireRole } from '@/lib/auth/guards';
import { parseQualifiedId } from '@/lib/domain';
import { vmCreateConnections } from '@/lib/services/vm-operations';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('vmWizard'))('title') };
}

/** /vms/new, or /vms/new?template=<id> from a template's page: that template's connection and the template chosen. */
export default async function NewVmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const t = await getTranslations('vmWizard');
  const connections = await vmCreateConnections();
  const raw = (await searchParams).template;
  const templateId = typeof raw === 'string' ? raw : undefined;
  const templateConnection = templateId ? parseQualifiedId(templateId)?.connectionId : undefined;
  const preset = templateId && templateConnection && connections.some((c) => c.id === templateConnection) ? { connectionId: templateConnection, templateId } : undefined;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {connections.length === 0 ? (
        // Cinder-only or disabled connections cannot create VMs: say so rather than "no backend".
        <NoBackendYet words={{ title: t('noConnections'), body: t('noConnectionsBody'), action: t('addConnection') }} />
      ) : (
        <Card className="max-w-4xl p-6">
          <VmWizard connections={connections.map(({ id, name }) => ({ id, name }))} preset={preset} />
        </Card>
      )}
    </>
  );
}
