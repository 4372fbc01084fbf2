import { useTranslations } from 'next-intl';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import type { NetworkLease } from '@/lib/domain';

/** DHCP leases of a virtual network: which MAC has which address (and so which VM). */
export function LeaseTable({ leases }: { leases: NetworkLease[] }) {
  const t = useTranslations('networks');
  return (
    <DataTable
      testId="leases-table"
      head={
        <>
          <th className={TH}>{t('mac')}</th>
          <th className={TH}>{t('address')}</th>
          <th className={TH}>{t('hostname')}</th>
          <th className={TH}>{t('vm')}</th>
          <th className={TH}>{t('expires')}</th>
        </>
      }
    >
      {leases.length === 0 ? (
        <EmptyRow colSpan={5}>{t('noLeases')}</EmptyRow>
      ) : (
        leases.map((l) => (
          <tr key={`${l.mac}-${l.ipAddress}`}>
            <td className={`${TD} font-mono text-xs`}>{l.mac}</td>
            <td className={TD}>
              {l.ipAddress}/{l.prefix}
            </td>
            <td className={TD}>{l.hostname ?? '—'}</td>
            <td className={TD}>{l.vm?.name ?? '—'}</td>
            <td className={TD}>{l.expiresAt ? l.expiresAt.toISOString().replace('T', ' ').slice(0, 19) : '—'}</td>
          </tr>
        ))
      )}
    </DataTable>
  );
}
