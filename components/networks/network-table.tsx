'use client';

import { useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/card';
import { NameLink } from '@/components/list/list-cells';
import { ResourceList } from '@/components/list/resource-list';

const networkHref = (id: string) => `/networks/${encodeURIComponent(id)}`;

/** Every network of every connection: name, where, VLAN, MTU, VM traffic, roles, state; paged and searched by the backends. */
export function NetworkTable() {
  const t = useTranslations('networks');
  return (
    <ResourceList
      resource="networks"
      testId="networks-table"
      rowTestId="network-row"
      empty={t('none')}
      toolbar={{ searchLabel: t('search') }}
      columns={[
        { key: 'name', header: t('name'), sort: 'name', cell: (n, ctx) => <NameLink href={networkHref(n.id)} name={n.name} sub={n.description} context={{ ...ctx, connection: undefined }} /> },
        {
          key: 'where',
          header: t('where'),
          cell: (n, ctx) => (
            <>
              {ctx.connection?.name ?? n.connectionId}
              {n.dataCenter?.name && <span className="text-slate-500"> · {n.dataCenter.name}</span>}
            </>
          ),
        },
        { key: 'vlan', header: t('vlan'), cell: (n) => n.vlanId ?? '—' },
        { key: 'mtu', header: t('mtu'), cell: (n) => n.mtu || t('mtuDefault') },
        { key: 'vm', header: t('vmNetwork'), cell: (n) => (n.vmNetwork === undefined ? '—' : n.vmNetwork ? t('yes') : t('no')) },
        { key: 'roles', header: t('roles'), cell: (n) => (n.usages ?? []).filter((u) => u !== 'vm').map((u) => t(`role.${u}`)).join(', ') || '—' },
        {
          key: 'state',
          header: t('state'),
          cell: (n) => <Badge tone={n.status === 'operational' ? 'good' : n.status === 'non_operational' ? 'warn' : 'neutral'}>{t(`status.${n.status}`)}</Badge>,
        },
      ]}
    />
  );
}
