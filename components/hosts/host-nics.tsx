import { useTranslations } from 'next-intl';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import { Badge } from '@/components/ui/card';
import type { HostNic, NetworkAttachment } from '@/lib/domain';

function ipText(ip?: { bootProtocol: string; address?: string; netmask?: string }): string | undefined {
  if (!ip || ip.bootProtocol === 'none') return undefined;
  return ip.address ? `${ip.address}${ip.netmask ? ` / ${ip.netmask}` : ''} (${ip.bootProtocol})` : ip.bootProtocol;
}

/** A host's NICs as the host reports them: bonds with their slaves, VLAN devices, the networks on each, addresses, out-of-sync marks. */
export function HostNicTable({ nics, attachments }: { nics: HostNic[]; attachments: NetworkAttachment[] }) {
  const t = useTranslations('hostNetworks');
  const onNic = (name: string) => attachments.filter((a) => a.nicName === name);
  return (
    <DataTable
      testId="host-nics"
      head={
        <>
          <th className={TH}>{t('nic')}</th>
          <th className={TH}>{t('mac')}</th>
          <th className={TH}>{t('speed')}</th>
          <th className={TH}>{t('link')}</th>
          <th className={TH}>{t('kind')}</th>
          <th className={TH}>{t('networks')}</th>
          <th className={TH}>{t('ip')}</th>
        </>
      }
    >
      {nics.length === 0 ? (
        <EmptyRow colSpan={7}>{t('noNics')}</EmptyRow>
      ) : (
        nics.map((nic) => (
          <tr key={nic.id} data-nic={nic.name}>
            <td className={`${TD} font-medium`}>{nic.name}</td>
            <td className={`${TD} font-mono text-xs`}>{nic.mac ?? '—'}</td>
            <td className={TD}>{nic.speedMbps ? t('mbps', { value: nic.speedMbps }) : '—'}</td>
            <td className={TD}>{nic.linkUp === undefined ? '—' : <Badge tone={nic.linkUp ? 'good' : 'warn'}>{nic.linkUp ? t('up') : t('down')}</Badge>}</td>
            <td className={TD}>
              {nic.bond
                ? t('bondOf', { mode: nic.bond.mode ?? '?', slaves: nic.bond.slaves.join(', ') })
                : nic.vlan
                  ? t('vlanOf', { id: nic.vlan.id, base: nic.vlan.baseName ?? '?' })
                  : nic.bondedTo
                    ? t('slaveOf', { bond: nic.bondedTo })
                    : t('physical')}
            </td>
            <td className={TD}>
              {onNic(nic.name).map((a) => (
                <span key={a.id} className="mr-2 inline-flex items-center gap-1">
                  {a.network.name ?? a.network.id}
                  {!a.inSync && (
                    <Badge tone="warn">
                      <span title={a.outOfSync?.join('; ')}>{t('outOfSync')}</span>
                    </Badge>
                  )}
                </span>
              ))}
            </td>
            <td className={`${TD} text-xs`}>
              {/* IPv4 and IPv6 as the host reports them, one line each (the engine reports IPv6 where configured). */}
              {[ipText(nic.ipv4), ipText(nic.ipv6)].filter((ip): ip is string => Boolean(ip)).map((ip) => <div key={ip}>{ip}</div>)}
              {!ipText(nic.ipv4) && !ipText(nic.ipv6) && '—'}
            </td>
          </tr>
        ))
      )}
    </DataTable>
  );
}
