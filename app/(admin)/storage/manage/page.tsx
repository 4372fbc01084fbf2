import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { PageHeader } from '@/components/ui/card';
import { ManageList } from '@/components/list/manage-list';
import { RefreshWhile } from '@/components/list/refresh-while';
import { StorageDomainActions } from '@/components/storage/domain-actions';
import { requireRole } from '@/lib/auth/guards';
import { infraChoices } from '@/lib/services/infra-operations';
import { dataCenterManagedBlockRefusal } from '@/lib/services/managed-block';
import { attachStorageDomainAction, removeStorageDomainAction, storageDomainStateAction } from '@/lib/actions/storage';

/** Engine states that end by themselves: the panel follows them. */
const TRANSITIONAL = new Set(['locked', 'activating', 'detaching', 'preparing_for_maintenance']);

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('storageActions'))('manageTitle') };
}

export default async function ManageStoragePage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('storageActions');
  const { id } = await searchParams;
  const choices = await infraChoices('attachStorageDomain');
  if (choices.connections.length === 0) return <NoBackendYet />;
  const names = new Map(choices.connections.map((c) => [c.id, c.name]));
  const dcNames = new Map(choices.dataCenters.map((d) => [d.id, d.name]));
  const rows = [...choices.storageDomains].sort((a, b) => a.name.localeCompare(b.name));
  const sd = rows.find((s) => s.id === id);
  const sameConnection = <T extends { connectionId: string }>(list: T[]) => (sd ? list.filter((x) => x.connectionId === sd.connectionId) : []);
  // A managed block domain goes only to a data center at 4.3+: the others are left out, and said why.
  const managed = sd?.kind === 'managed_block';
  const dcRefusals = sameConnection(choices.dataCenters).map((d) => ({ dc: d, refusal: managed ? dataCenterManagedBlockRefusal(d) : null }));
  const refused = dcRefusals.filter((r) => r.refusal);
  return (
    <>
      <PageHeader title={t('manageTitle')} description={t('manageDescription')} />
      <ManageList
        basePath="/storage/manage"
        newHref="/storage/new"
        newLabel={t('new')}
        selected={sd?.id}
        empty={t('empty')}
        rows={rows.map((s) => ({
          id: s.id,
          name: s.name,
          facts: [s.nativeStatus ?? s.status, `${s.kind}/${s.nativeStorageType ?? s.storageType}`, s.dataCenter ? (dcNames.get(s.dataCenter.id) ?? '') : '', names.get(s.connectionId) ?? ''],
        }))}
        panel={
          sd && (
            <>
              <h2 className="text-lg font-semibold">{sd.name}</h2>
              <RefreshWhile active={TRANSITIONAL.has(sd.nativeStatus ?? '')} />
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-500">{t('status')}</dt>
                <dd data-testid="sd-status">{sd.nativeStatus ?? sd.status}</dd>
                <dt className="text-slate-500">{t('kind')}</dt>
                <dd>{sd.kind}</dd>
                <dt className="text-slate-500">{t('dataCenter')}</dt>
                <dd>{sd.dataCenter ? (dcNames.get(sd.dataCenter.id) ?? '—') : '—'}</dd>
              </dl>
              <StorageDomainActions
                key={`${sd.id}-${sd.status}`}
                sd={{ id: sd.id, name: sd.name, status: sd.status, kind: sd.kind, dataCenterId: sd.dataCenter?.id }}
                dataCenters={dcRefusals.filter((r) => !r.refusal).map(({ dc }) => ({ id: dc.id, name: dc.name }))}
                attachNote={
                  refused.length > 0
                    ? t('managedBlock.notThere', { names: refused.map((r) => r.dc.name).join(', '), reason: t(refused[0]!.refusal!.key.replace(/^storageActions\./, ''), refused[0]!.refusal!.values) })
                    : undefined
                }
                hosts={sameConnection(choices.hosts).filter((h) => h.status === 'up').map((h) => ({ id: h.id, name: h.name }))}
                attachAction={attachStorageDomainAction}
                stateAction={storageDomainStateAction}
                removeAction={removeStorageDomainAction}
              />
            </>
          )
        }
      />
    </>
  );
}
