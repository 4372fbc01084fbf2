'use client';

import { useTranslations } from 'next-intl';
import { DATA_CENTER_STATUSES } from '@/lib/domain/status';
import { detailHref } from '@/components/ui/paths';
import { StatusBadge } from '@/components/ui/status-badge';
import { NameLink } from '@/components/list/list-cells';
import { ResourceList } from '@/components/list/resource-list';

export function DataCenterTable() {
  const t = useTranslations('dataCenters');
  return (
    <ResourceList
      resource="dataCenters"
      testId="datacenter-table"
      rowTestId="datacenter-row"
      empty={t('empty')}
      toolbar={{ statuses: DATA_CENTER_STATUSES, statusKind: 'dataCenter', searchLabel: t('search') }}
      columns={[
        { key: 'name', header: t('name'), sort: 'name', cell: (dc, ctx) => <NameLink href={detailHref.dataCenter(dc.id)} name={dc.name} sub={dc.description} context={ctx} /> },
        { key: 'status', header: t('status'), sort: 'status', cell: (dc) => <StatusBadge kind="dataCenter" status={dc.status} native={dc.nativeStatus} /> },
        { key: 'storageType', header: t('storageType'), cell: (dc) => (dc.local ? t('local') : t('shared')) },
        { key: 'version', header: t('version'), cell: (dc) => dc.version ?? '—' },
      ]}
    />
  );
}
