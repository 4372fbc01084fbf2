'use client';

import { useTranslations } from 'next-intl';
import { TEMPLATE_STATUSES } from '@/lib/domain/status';
import { formatBytes } from '@/components/ui/format';
import { detailHref } from '@/components/ui/paths';
import { StatusBadge } from '@/components/ui/status-badge';
import { NameLink } from '@/components/list/list-cells';
import { ResourceList } from '@/components/list/resource-list';

export function TemplateTable() {
  const t = useTranslations('templates');
  return (
    <ResourceList
      resource="templates"
      testId="template-table"
      rowTestId="template-row"
      empty={t('empty')}
      toolbar={{ statuses: TEMPLATE_STATUSES, statusKind: 'template', nativeQuery: true, searchLabel: t('search') }}
      columns={[
        { key: 'name', header: t('name'), sort: 'name', cell: (tp, ctx) => <NameLink href={detailHref.template(tp.id)} name={tp.name} sub={tp.description} context={ctx} /> },
        { key: 'status', header: t('status'), cell: (tp) => <StatusBadge kind="template" status={tp.status} native={tp.nativeStatus} /> },
        { key: 'os', header: t('os'), cell: (tp) => tp.os ?? '—' },
        { key: 'cluster', header: t('cluster'), className: 'hidden md:table-cell', cell: (tp) => (tp.cluster ? tp.cluster.name ?? tp.cluster.id : t('anyCluster')) },
        { key: 'memory', header: t('memory'), className: 'text-right', cellClassName: 'tabular-nums', cell: (tp) => formatBytes(tp.memoryBytes) },
        { key: 'version', header: t('version'), cell: (tp) => tp.versionName ?? (tp.versionNumber !== undefined ? String(tp.versionNumber) : '—') },
      ]}
    />
  );
}
