import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { PageHeader } from '@/components/ui/card';
import { ConfirmRemove } from '@/components/ui/confirm-remove';
import { DataCenterForm } from '@/components/datacenters/datacenter-form';
import { ManageList } from '@/components/list/manage-list';
import { requireRole } from '@/lib/auth/guards';
import { infraChoices } from '@/lib/services/infra-operations';
import { editDataCenterAction, removeDataCenterAction } from '@/lib/actions/datacenters';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dcActions'))('manageTitle') };
}

export default async function ManageDataCentersPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('dcActions');
  const { id } = await searchParams;
  const choices = await infraChoices('updateDataCenter');
  const names = new Map(choices.connections.map((c) => [c.id, c.name]));
  const rows = [...choices.dataCenters].sort((a, b) => a.name.localeCompare(b.name));
  const dc = rows.find((d) => d.id === id);
  if (choices.connections.length === 0) return <NoBackendYet />;
  return (
    <>
      <PageHeader title={t('manageTitle')} description={t('manageDescription')} />
      <ManageList
        basePath="/datacenters/manage"
        newHref="/datacenters/new"
        newLabel={t('new')}
        selected={dc?.id}
        empty={t('empty')}
        rows={rows.map((d) => ({ id: d.id, name: d.name, facts: [d.nativeStatus, d.version ?? '', names.get(d.connectionId) ?? ''] }))}
        panel={
          dc && (
            <>
              <h2 className="text-lg font-semibold">{dc.name}</h2>
              <DataCenterForm key={dc.id} action={editDataCenterAction} initial={{ id: dc.id, name: dc.name, description: dc.description }} />
              <ConfirmRemove key={`rm-${dc.id}`} action={removeDataCenterAction} id={dc.id} name={dc.name} namespace="dcActions">
                <label className="flex items-center gap-2 text-xs">
                  <input type="checkbox" name="force" />
                  {t('force')}
                </label>
              </ConfirmRemove>
            </>
          )
        }
      />
    </>
  );
}
