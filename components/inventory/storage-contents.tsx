import { useTranslations } from 'next-intl';
import type { StorageContents } from '@/lib/services/inventory';
import { Section } from './detail';
import { formatBytes } from './format';
import { StatusBadge } from './status-badge';
import { DataTable, EmptyRow, TD, TH } from './table';

/** A domain's disks (data), files (ISO) or exported VMs and templates (export). */
export function StorageContentsView({ contents }: { contents: StorageContents }) {
  const t = useTranslations('storage');
  if (contents.unsupported) return <p className="text-sm text-slate-500">{t('contentsNotSupported')}</p>;
  return (
    <>
      {contents.disks && (
        <section>
          <h2 className="mb-3 font-semibold">{t('disks')}</h2>
          <DataTable
            testId="storage-disks"
            head={
              <>
                <th className={TH}>{t('diskName')}</th>
                <th className={TH}>{t('diskStatus')}</th>
                <th className={`${TH} text-right`}>{t('diskSize')}</th>
                <th className={`${TH} text-right`}>{t('diskActual')}</th>
                <th className={TH}>{t('diskContent')}</th>
              </>
            }
          >
            {contents.disks.length === 0 ? (
              <EmptyRow colSpan={5}>{t('noDisks')}</EmptyRow>
            ) : (
              contents.disks.map((d) => (
                <tr key={d.id}>
                  <td className={`${TD} font-medium`}>{d.name}</td>
                  <td className={TD}>
                    <StatusBadge kind="disk" status={d.status} native={d.nativeStatus} />
                  </td>
                  <td className={`${TD} text-right tabular-nums`}>{formatBytes(d.provisionedBytes)}</td>
                  <td className={`${TD} text-right tabular-nums`}>{formatBytes(d.actualBytes)}</td>
                  <td className={TD}>{d.contentType ?? '—'}</td>
                </tr>
              ))
            )}
          </DataTable>
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
