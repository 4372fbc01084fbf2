import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { HardDrive } from 'lucide-react';
import { PortalVolumeCreateForm, RefreshWhileBusy, VolumeStatusText } from '@/components/portal/volumes';
import { QuotaSummary } from '@/components/portal/quota-summary';
import { Card, PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/guards';
import { isVolumeMoving } from '@/lib/domain/volumes';
import { groupsOf, quotaScopesFor } from '@/lib/services/ownership';
import { listMyVolumes } from '@/lib/services/portal-volumes';
import { listVolumeConnections } from '@/lib/services/volumes';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portal.volumes'))('title') };
}

const GIB = 1024 ** 3;

/** The user's own volumes (and their groups'), with a form for a new one within the storage quota. */
export default async function PortalVolumesPage() {
  const user = await requireUser();
  const t = await getTranslations('portal.volumes');
  const [rows, connections, groups, [userScope]] = await Promise.all([listMyVolumes(user), listVolumeConnections(), groupsOf(user.id), quotaScopesFor(user.id, null)]);
  const groupScopes = await Promise.all(groups.map(async (g) => ({ id: g.id, name: g.name, scope: (await quotaScopesFor(user.id, g.id))[1]! })));
  const busy = rows.some((r) => r.volume && isVolumeMoving(r.volume.state));
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <RefreshWhileBusy busy={busy} />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="space-y-6">
          {rows.length === 0 ? (
            <EmptyState icon={<HardDrive className="size-10" aria-hidden />} title={t('emptyTitle')}>
              <p>{t('emptyBody')}</p>
            </EmptyState>
          ) : (
            <Card className="overflow-x-auto p-0">
              <table className="w-full text-sm" data-testid="portal-volumes">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className="px-4 py-2 font-medium">{t('name')}</th>
                    <th className="px-4 py-2 font-medium">{t('status')}</th>
                    <th className="px-4 py-2 font-medium">{t('size')}</th>
                    <th className="px-4 py-2 font-medium">{t('group')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                  {rows.map((r) => (
                    <tr key={r.id} data-testid="portal-volume">
                      <td className="px-4 py-2">
                        <Link href={`/portal/volumes/${encodeURIComponent(r.id)}`} className="text-brand-700 hover:underline dark:text-brand-400">
                          {r.volume?.name ?? r.name}
                        </Link>
                      </td>
                      <td className="px-4 py-2">
                        {r.volume ? <VolumeStatusText state={r.volume.state} nativeStatus={r.volume.nativeStatus} /> : r.gone ? t('gone') : t('unreadable', { detail: r.problem ?? '' })}
                      </td>
                      <td className="px-4 py-2">{t('gib', { size: r.volume ? Math.ceil(r.volume.sizeBytes / GIB) : r.sizeGiB })}</td>
                      <td className="px-4 py-2">{r.group ?? t('justMe')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )}
          {connections.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t('noConnections')}</p>
          ) : (
            <PortalVolumeCreateForm connections={connections.map((c) => ({ id: c.id, name: c.name }))} groups={groupScopes} userScope={userScope!} />
          )}
        </div>
        <Card className="space-y-2 p-5">
          <h2 className="font-semibold">{t('quotaTitle')}</h2>
          <QuotaSummary scope={userScope!} />
        </Card>
      </div>
    </>
  );
}
