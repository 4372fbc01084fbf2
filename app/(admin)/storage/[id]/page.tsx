import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AutoRefresh } from '@/components/detail/auto-refresh';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { BackLink, DetailProblem, Facts, Section } from '@/components/detail/detail';
import { ConnectionFailures } from '@/components/ui/failures';
import { formatBytes } from '@/components/ui/format';
import { ConnectionLabel } from '@/components/ui/simulated-badge';
import { StatusBadge } from '@/components/ui/status-badge';
import { StorageContentsView } from '@/components/storage/storage-contents';
import { PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { diskOperationsFor } from '@/lib/services/disk-operations';
import { getOne, storageDomainContents } from '@/lib/services/inventory';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('storage'))('detailTitle') };
}

export default async function StorageDomainPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('storage');
  const id = idParam((await params).id);
  const result = await readDetail(() => getOne('storageDomains', id));
  if (!result.ok) {
    return (
      <>
        <PageHeader title={t('detailTitle')} />
        <DetailProblem error={result.error} backHref="/storage" backLabel={t('back')} />
      </>
    );
  }
  const { item: d, connection } = result.value;
  const [contents, diskOps] = await Promise.all([storageDomainContents(d), diskOperationsFor(d.id)]);
  const total = d.totalBytes ?? (d.usedBytes ?? 0) + (d.availableBytes ?? 0);
  return (
    <>
      <AutoRefresh ms={15_000} />
      <BackLink href="/storage" label={t('back')} />
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {d.name}
            <StatusBadge kind="storage" status={d.status} native={d.nativeStatus} />
            <ConnectionLabel name={connection.name} simulated={connection.simulated} showName />
          </span>
        }
        description={d.description}
      />
      <div className="space-y-6">
        <Section title={t('facts')} testId="storage-facts">
          {total > 0 && (
            <CapacityBar
              className="mb-5 max-w-xl"
              label={t('capacityOf', { name: d.name })}
              used={d.usedBytes ?? 0}
              total={total}
              committed={d.committedBytes}
              text={t('usedOf', { used: formatBytes(d.usedBytes), total: formatBytes(total) })}
            />
          )}
          <Facts
            items={[
              [t('kind'), t.has(`kinds.${d.kind}`) ? t(`kinds.${d.kind}`) : d.kind],
              [t('storageType'), d.nativeStorageType ?? d.storageType],
              [t('address'), d.address ? <span className="font-mono text-xs">{d.address}</span> : '—'],
              [t('path'), d.path ? <span className="font-mono text-xs">{d.path}</span> : '—'],
              [t('dataCenter'), d.dataCenter ? d.dataCenter.name ?? d.dataCenter.id : t('noDataCenter')],
              [t('used'), formatBytes(d.usedBytes)],
              [t('free'), formatBytes(d.availableBytes)],
              [t('committed'), formatBytes(d.committedBytes)],
              [t('externalStatus'), d.externalStatus ?? '—'],
            ]}
          />
        </Section>
        {contents.error && <ConnectionFailures failures={[{ connectionId: connection.id, connectionName: connection.name, error: contents.error }]} />}
        {/* Volumes are made and deleted only in an active domain (an inactive pool cannot even list them). */}
        <StorageContentsView contents={contents} domainId={d.id} diskOps={d.status === 'active' ? diskOps : undefined} />
      </div>
    </>
  );
}
