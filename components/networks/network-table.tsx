import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import { Badge } from '@/components/ui/card';
import type { Network } from '@/lib/domain';
import type { NetworkConnection } from '@/lib/services/networks';

/** Every network of every connection: name, where, VLAN, MTU, VM traffic, roles, state. */
export function NetworkTable({ rows }: { rows: Array<{ network: Network; connection: NetworkConnection }> }) {
  const t = useTranslations('networks');
  return (
    <DataTable
      testId="networks-table"
      head={
        <>
          <th className={TH}>{t('name')}</th>
          <th className={TH}>{t('where')}</th>
          <th className={TH}>{t('vlan')}</th>
          <th className={TH}>{t('mtu')}</th>
          <th className={TH}>{t('vmNetwork')}</th>
          <th className={TH}>{t('roles')}</th>
          <th className={TH}>{t('state')}</th>
        </>
      }
    >
      {rows.length === 0 ? (
        <EmptyRow colSpan={7}>{t('none')}</EmptyRow>
      ) : (
        rows.map(({ network: n, connection }) => (
          <tr key={n.id}>
            <td className={TD}>
              <Link href={`/networks/${encodeURIComponent(n.id)}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                {n.name}
              </Link>
              {n.description && <p className="text-xs text-slate-500">{n.description}</p>}
            </td>
            <td className={TD}>
              {connection.name}
              {n.dataCenter?.name && <span className="text-slate-500"> · {n.dataCenter.name}</span>}
            </td>
            <td className={TD}>{n.vlanId ?? '—'}</td>
            <td className={TD}>{n.mtu || t('mtuDefault')}</td>
            <td className={TD}>{n.vmNetwork === undefined ? '—' : n.vmNetwork ? t('yes') : t('no')}</td>
            <td className={TD}>{(n.usages ?? []).filter((u) => u !== 'vm').map((u) => t(`role.${u}`)).join(', ') || '—'}</td>
            <td className={TD}>
              <Badge tone={n.status === 'operational' ? 'good' : n.status === 'non_operational' ? 'warn' : 'neutral'}>{t(`status.${n.status}`)}</Badge>
            </td>
          </tr>
        ))
      )}
    </DataTable>
  );
}
