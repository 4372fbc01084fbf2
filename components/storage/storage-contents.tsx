import { useTranslations } from 'next-intl';
import { DiskActionsScope, DiskRowActions, type DiskOps } from '@/components/storage/disk-actions';
import type { StorageContents } from '@/lib/services/inventory';
import { Section } from '@/components/detail/detail';
import { formatBytes } from '@/components/ui/format';
import { StatusBadge } from '@/components/ui/status-badge';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';

const NO_DISK_OPS: DiskOps = { create: false, resize: false, remove: false };

/**
 * A domain's disks (data), files (ISO) or exported VMs and templates (export).
 * With `diskOps` (a backend that manages volumes itself, libvirt pools), the
 * disks can be created, grown and deleted here.
 */
export function StorageContentsView({ contents, domainId, diskOps = NO_DISK_OPS }: { contents: StorageContents; domainId?: string; diskOps?: DiskOps }) {
  const t = useTranslations('storage');
  if (contents.unsupported) return <p className="text-sm text-slate-500">{t('contentsNotSupported')}</p>;
  const rowActions = diskOps.resize || diskOps.remove;
  return (
    <>
      {contents.disks && (
        <section>
          <h2 className="mb-3 font-semibold">{t('disks')}</h2>
          <DiskActionsScope storageDomainId={domainId ?? ''} ops={domainId ? diskOps : NO_DISK_OPS}>
          <DataTable
            testId="storage-disks"
            head={
              <>
                <th className={TH}>{t('diskName')}</th>
                <th className={TH}>{t('diskStatus')}</th>
                <th className={`${TH} text-right`}>{t('diskSize')}</th>
                <th className={`${TH} text-right`}>{t('diskActual')}</th>
                <th className={TH}>{t('diskContent')}</th>
                {rowActions && (
                  <th className={TH}>
                    <span className="sr-only">{t('diskActions')}</span>
                  </th>
                )}
              </>
            }
          >
            {contents.disks.length === 0 ? (
              <EmptyRow colSpan={rowActions ? 6 : 5}>{t('noDisks')}</EmptyRow>
            ) : (
              contents.disks.map((d) => (
                <tr key={d.id} data-testid="storage-disk-row">
                  <td className={`${TD} font-medium`}>{d.name}</td>
                  <td className={TD}>
                    <StatusBadge kind="disk" status={d.status} native={d.nativeStatus} />
                  </td>
                  <td className={`${TD} text-right tabular-nums`}>{formatBytes(d.provisionedBytes)}</td>
                  <td className={`${TD} text-right tabular-nums`}>{formatBytes(d.actualBytes)}</td>
                  <td className={TD}>{d.contentType ?? '—'}</td>
                  {rowActions && (
                    <td className={TD}>
                      <DiskRowActions disk={{ id: d.id, name: d.name, provisionedBytes: d.provisionedBytes }} ops={diskOps} />
                    </td>
                  )}
                </tr>
              ))
            )}
          </DataTable>
          </DiskActionsScope>
          {contents.truncated && <p className="mt-2 text-xs text-slate-500">{t('shownFirst', { count: contents.disks.length })}</p>}
        </section>
      )}
      {contents.files && (
        <Section title={t('files')} testId="storage-files">
          {contents.files.length === 0 ? (
            <p className="text-sm text-slate-500">{t('noFiles')}</p>
          ) : (
            <ul className="divide-y divide-slate-100 font-mono text-sm dark:divide-slate-800">
              {contents.files.map((f) => (
                <li key={f.id} className="py-1.5">
                  {f.name}
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {contents.exported && (
        <div className="grid gap-6 lg:grid-cols-2">
          {(['vm', 'template'] as const).map((kind) => {
            const items = contents.exported!.filter((i) => i.kind === kind);
            return (
              <Section key={kind} title={kind === 'vm' ? t('vms') : t('templates')} testId={`storage-exported-${kind}`}>
                {items.length === 0 ? (
                  <p className="text-sm text-slate-500">{kind === 'vm' ? t('noVms') : t('noTemplates')}</p>
                ) : (
                  <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
                    {items.map((i) => (
                      <li key={i.id} className="flex justify-between gap-2 py-1.5">
                        <span className="font-medium">{i.name}</span>
                        <span className="text-xs text-slate-500">{[i.os, i.memoryBytes ? formatBytes(i.memoryBytes) : undefined].filter(Boolean).join(' · ')}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </Section>
            );
          })}
        </div>
      )}
    </>
  );
}
