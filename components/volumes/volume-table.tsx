'use client';

import { useTranslations } from 'next-intl';
import { VOLUME_FILTER_STATUSES } from '@/lib/domain/status';
import { Badge } from '@/components/ui/card';
import { formatBytes } from '@/components/ui/format';
import { NameLink } from '@/components/list/list-cells';
import { ResourceList } from '@/components/list/resource-list';
import { VolumeStatus } from './volume-status';

const volumeHref = (id: string) => `/volumes/${encodeURIComponent(id)}`;

/** Every volume of every volume service: searched, filtered, sorted and paged by the service itself. */
export function VolumeTable() {
  const t = useTranslations('volumes');
  return (
    <ResourceList
      resource="volumes"
      testId="volume-table"
      rowTestId="volume-row"
      empty={t('empty')}
      toolbar={{
        statuses: VOLUME_FILTER_STATUSES,
        statusKind: 'volume',
        searchLabel: t('filter.text'),
        bootable: { label: t('filter.bootable'), any: t('filter.anyBootable'), yes: t('filter.bootableOnly'), no: t('filter.notBootable') },
      }}
      columns={[
        {
          key: 'name',
          header: t('col.name'),
          sort: 'name',
          cell: (v, ctx) => (
            <NameLink
              href={volumeHref(v.id)}
              name={v.name}
              mark={
                v.bootable && (
                  <span className="ml-2">
                    <Badge>{t('bootable')}</Badge>
                  </span>
                )
              }
              context={ctx}
            />
          ),
        },
        { key: 'status', header: t('col.status'), sort: 'status', cell: (v) => <VolumeStatus id={v.id} state={v.state} nativeStatus={v.nativeStatus} /> },
        { key: 'size', header: t('col.size'), sort: 'size', className: 'text-right', cellClassName: 'tabular-nums', cell: (v) => formatBytes(v.sizeBytes) },
        { key: 'type', header: t('col.type'), cell: (v) => v.volumeType ?? '—' },
        { key: 'attached', header: t('col.attached'), cellClassName: 'text-xs', cell: (v) => v.attachments.map((a) => a.device ?? a.serverId).join(', ') || '—' },
        {
          key: 'created',
          header: t('col.created'),
          sort: 'created',
          cellClassName: 'text-xs text-slate-500',
          cell: (v) => (v.createdAt ? v.createdAt.slice(0, 16).replace('T', ' ') : '—'),
        },
      ]}
    />
  );
}
