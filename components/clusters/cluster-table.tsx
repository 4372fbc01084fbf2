'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { detailHref } from '@/components/ui/paths';
import { LINK, NameLink } from '@/components/list/list-cells';
import { ResourceList } from '@/components/list/resource-list';

export function ClusterTable() {
  const t = useTranslations('clusters');
  return (
    <ResourceList
      resource="clusters"
      testId="cluster-table"
      rowTestId="cluster-row"
      empty={t('empty')}
      toolbar={{ searchLabel: t('search') }}
      columns={[
        { key: 'name', header: t('name'), sort: 'name', cell: (c, ctx) => <NameLink href={detailHref.cluster(c.id)} name={c.name} sub={c.description} context={ctx} /> },
        {
          key: 'dataCenter',
          header: t('dataCenter'),
          cell: (c) =>
            c.dataCenter ? (
              <Link className={LINK} href={detailHref.dataCenter(c.dataCenter.id)}>
                {c.dataCenter.name ?? c.dataCenter.id}
              </Link>
            ) : (
              '—'
            ),
        },
        { key: 'cpuType', header: t('cpuType'), cell: (c) => [c.cpuArchitecture, c.cpuType].filter(Boolean).join(' · ') || '—' },
        { key: 'version', header: t('version'), cell: (c) => c.version ?? '—' },
      ]}
    />
  );
}
