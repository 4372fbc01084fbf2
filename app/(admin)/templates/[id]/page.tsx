import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { Facts, Section } from '@/components/detail/detail';
import { formatBytes, formatDateTime } from '@/components/ui/format';
import { VmMiniTable } from '@/components/detail/related';
import { StatusBadge } from '@/components/ui/status-badge';
import { Card } from '@/components/ui/card';
import { TemplateActions } from '@/components/templates/template-actions';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { vcpusOf } from '@/lib/inventory/rows';
import { getOne, listVmRows } from '@/lib/services/inventory';
import { DetailShell, DetailUnavailable, RelatedSection } from '@/components/detail/detail-shell';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('templates'))('detailTitle') };
}

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('templates');
  const locale = await getLocale();
  const id = idParam((await params).id);
  const result = await readDetail(() => getOne('templates', id));
  if (!result.ok) return <DetailUnavailable title={t('detailTitle')} error={result.error} back={{ href: '/templates', label: t('back') }} />;
  const { item: tp, connection } = result.value;
  const vms = await listVmRows({ page: 1, pageSize: 100, filters: { template: tp.name } }, { connectionId: connection.id });
  return (
    <DetailShell
      back={{ href: '/templates', label: t('back') }}
      title={tp.name}
      status={<StatusBadge kind="template" status={tp.status} native={tp.nativeStatus} />}
      connection={connection}
      description={tp.description}
    >
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
      <RelatedSection title={t('vms')} failures={vms.failures}>
        <VmMiniTable vms={vms.items} empty={t('noVms')} />
      </RelatedSection>
    </DetailShell>
  );
}
