import 'server-only';
import { getTranslations } from 'next-intl/server';
import { flavorCreateAction, flavorDeleteAction } from '@/lib/actions/portal-admin';
import { DataTable, TD, TH } from '@/components/list/table';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { ActionForm } from '@/components/volumes/action-form';
import type { listFlavors } from '@/lib/services/portal-catalog';

/** The sizes users can pick when they launch, and the form that adds one. */
export async function FlavorsSection({ flavors }: { flavors: Awaited<ReturnType<typeof listFlavors>> }) {
  const t = await getTranslations('portalAdmin');
  return (
    <section aria-labelledby="flavors-title" className="space-y-3">
      <h2 id="flavors-title" className="text-lg font-semibold">
        {t('flavors.title')}
      </h2>
      <DataTable
        testId="flavor-table"
        head={
          <>
            <th className={TH}>{t('flavors.name')}</th>
            <th className={TH}>{t('flavors.vcpus')}</th>
            <th className={TH}>{t('flavors.memoryMiB')}</th>
            <th className={TH}>{t('flavors.diskGiB')}</th>
            <th className={TH}>
              <span className="sr-only">{t('actions')}</span>
            </th>
          </>
        }
      >
        {flavors.map((f) => (
          <tr key={f.id} data-testid={`flavor-row-${f.name}`}>
            <td className={TD}>{f.name}</td>
            <td className={TD}>{f.vcpus}</td>
            <td className={TD}>{f.memoryMiB}</td>
            <td className={TD}>{f.diskGiB}</td>
            <td className={`${TD} text-right`}>
              <ActionForm action={flavorDeleteAction} hidden={{ id: f.id }} submit={t('remove')} variant="danger" confirm={t('confirmRemove', { name: f.name })} />
            </td>
          </tr>
        ))}
      </DataTable>
      <Card className="p-5">
        <ActionForm action={flavorCreateAction} hidden={{}} submit={t('flavors.add')} variant="primary" testId="flavor-form" className="grid gap-3 md:grid-cols-4">
          <Field label={t('flavors.name')} name="flavorName">
            <Input id="flavorName" name="name" required maxLength={64} />
          </Field>
          <Field label={t('flavors.vcpus')} name="flavorVcpus">
            <Input id="flavorVcpus" name="vcpus" type="number" min={1} defaultValue={1} required />
          </Field>
          <Field label={t('flavors.memoryMiB')} name="flavorMemory">
            <Input id="flavorMemory" name="memoryMiB" type="number" min={256} step={256} defaultValue={1024} required />
          </Field>
          <Field label={t('flavors.diskGiB')} name="flavorDisk">
            <Input id="flavorDisk" name="diskGiB" type="number" min={1} defaultValue={10} required />
          </Field>
        </ActionForm>
      </Card>
    </section>
  );
}
