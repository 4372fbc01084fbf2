import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/card';
import type { GlusterVolumeRow } from '@/lib/services/gluster';

/** Every Gluster volume: cluster, type, status, bricks up of all, and a flag when a brick is down. */
export async function GlusterVolumeTable({ rows }: { rows: GlusterVolumeRow[] }) {
  const t = await getTranslations('gluster');
  if (!rows.length) return <p className="text-sm text-slate-500">{t('empty')}</p>;
  return (
    <table className="w-full text-sm" data-testid="gluster-volumes">
      <thead>
        <tr className="text-left text-xs text-slate-500">
          <th className="py-2">{t('name')}</th>
          <th className="py-2">{t('cluster')}</th>
          <th className="py-2">{t('connection')}</th>
          <th className="py-2">{t('type')}</th>
          <th className="py-2">{t('status')}</th>
          <th className="py-2">{t('bricksUp')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ volume: v, cluster, connection, degraded }) => {
          const bricks = v.bricks ?? [];
          return (
            <tr key={v.id} className="border-t border-slate-100 dark:border-slate-800" data-testid="gluster-volume-row" data-name={v.name}>
              <td className="py-2">
                <Link href={`/gluster/${encodeURIComponent(v.id)}`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
                  {v.name}
                </Link>
              </td>
              <td className="py-2">{cluster.name}</td>
              <td className="py-2">{connection.name}</td>
              <td className="py-2">{t(`types.${v.type}`, { replica: v.replicaCount })}</td>
              <td className="py-2">
                <Badge tone={v.status === 'up' ? 'good' : v.status === 'down' ? 'neutral' : 'warn'}>{t(`volumeStatus.${v.status}`)}</Badge>{' '}
                {degraded && <Badge tone="bad">{t('degraded')}</Badge>}
              </td>
              <td className="py-2">{t('bricksUpOf', { up: bricks.filter((b) => b.status === 'up').length, total: bricks.length })}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
