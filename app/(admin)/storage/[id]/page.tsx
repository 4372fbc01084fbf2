import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CapacityBar } from '@/components/ui/capacity-bar';
import { Facts, Section } from '@/components/detail/detail';
import { ConnectionFailures } from '@/components/ui/failures';
import { formatBytes } from '@/components/ui/format';
import { StatusBadge } from '@/components/ui/status-badge';
import { StorageContentsView } from '@/components/storage/storage-contents';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { diskOperationsFor } from '@/lib/services/disk-operations';
import { getOne, storageDomainContents } from '@/lib/services/inventory';
import { DetailShell, DetailUnavailable } from '@/components/detail/detail-shell';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('storage'))('detailTitle') };
}

export default async function StorageDomainPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('storage');
  const id = idParam((await params).id);
  const result = await readDetail(() => getOne('storageDomains', id));
  if (!result.ok) return <DetailUnavailable title={t('detailTitle')} error={result.error} back={{ href: '/storage', label: t('back') }} />;
  const { item: d, connection } = result.value;
  const [contents, diskOps] = await Promise.all([storageDomainContents(d), diskOperationsFor(d.id)]);
  const total = d.totalBytes ?? (d.usedBytes ?? 0) + (d.availableBytes ?? 0);
  return (
    <DetailShell
      back={{ href: '/storage', label: t('back') }}
      refresh={15_000}
      title={d.name}
      status={<StatusBadge kind="storage" status={d.status} native={d.nativeStatus} />}
      connection={connection}
      description={d.description}
    >
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
    </DetailShell>
  );
}
