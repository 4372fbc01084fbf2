import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { BackLink, DetailProblem, Facts, Section } from '@/components/detail/detail';
import { ConnectionFailures } from '@/components/ui/failures';
import { formatBytes, formatDateTime } from '@/components/ui/format';
import { VmMiniTable } from '@/components/detail/related';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { StatusBadge } from '@/components/ui/status-badge';
import { Card, PageHeader } from '@/components/ui/card';
import { TemplateActions } from '@/components/templates/template-actions';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { vcpusOf } from '@/lib/inventory/rows';
import { getOne, listVmRows } from '@/lib/services/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('templates'))('detailTitle') };
}

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('templates');
  const locale = await getLocale();
  const id = idParam((await params).id);
  const result = await readDetail(() => getOne('templates', id));
  if (!result.ok) {
    return (
      <>
        <PageHeader title={t('detailTitle')} />
        <DetailProblem error={result.error} backHref="/templates" backLabel={t('back')} />
      </>
    );
  }
  const { item: tp, connection } = result.value;
  const vms = await listVmRows({ page: 1, pageSize: 100, filters: { template: tp.name } }, { connectionId: connection.id });
  return (
    <>
      <BackLink href="/templates" label={t('back')} />
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {tp.name}
            <StatusBadge kind="template" status={tp.status} native={tp.nativeStatus} />
            <ConnectionLabel name={connection.name} simulated={connection.simulated} showName />
          </span>
        }
        description={tp.description}
      />
      <div className="space-y-6">
        <Card className="p-4">
          <TemplateActions template={tp} />
        </Card>
        <Section title={t('facts')}>
          <Facts
            items={[
              [t('os'), tp.os ?? '—'],
              [t('cpu'), String(vcpusOf(tp.cpu) ?? '—')],
              [t('memory'), formatBytes(tp.memoryBytes)],
              [t('cluster'), tp.cluster ? tp.cluster.name ?? tp.cluster.id : t('anyCluster')],
              [t('version'), tp.versionName ?? (tp.versionNumber !== undefined ? String(tp.versionNumber) : '—')],
              [t('created'), formatDateTime(tp.createdAt, locale)],
            ]}
          />
        </Section>
        <section>
          <h2 className="mb-3 font-semibold">{t('vms')}</h2>
          <ConnectionFailures failures={vms.failures} />
          <VmMiniTable vms={vms.items} empty={t('noVms')} />
        </section>
      </div>
    </>
  );
}
