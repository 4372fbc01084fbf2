import 'server-only';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ownershipAssignAction, ownershipReleaseAction, volumeOwnershipReleaseAction } from '@/lib/actions/portal-admin';
import { DataTable, TD, TH } from '@/components/list/table';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { ActionForm } from '@/components/volumes/action-form';
import type { listAllOwnership, listAllVolumeOwnership } from '@/lib/services/ownership';
import type { CatalogSources, listGroups } from '@/lib/services/portal-catalog';
import type { listUsers } from '@/lib/services/users';

/** Who owns which VM (with the form that assigns one by name) and which volume. */
export async function OwnershipSection({
  ownership,
  volumeOwnership,
  connections,
  users,
  groups,
}: {
  ownership: Awaited<ReturnType<typeof listAllOwnership>>;
  volumeOwnership: Awaited<ReturnType<typeof listAllVolumeOwnership>>;
  connections: CatalogSources['connections'];
  users: Awaited<ReturnType<typeof listUsers>>;
  groups: Awaited<ReturnType<typeof listGroups>>;
}) {
  const t = await getTranslations('portalAdmin');
  return (
    <section aria-labelledby="ownership-title" className="space-y-3">
      <h2 id="ownership-title" className="text-lg font-semibold">
        {t('ownership.title')}
      </h2>
      <Card className="p-5">
        <ActionForm action={ownershipAssignAction} hidden={{}} submit={t('ownership.assign')} variant="primary" testId="ownership-form" className="grid gap-3 md:grid-cols-4">
          <Field label={t('ownership.connection')} name="ownConnection">
            <Select id="ownConnection" name="connectionId">
              {connections.map((c) => (
                <option key={c.connectionId} value={c.connectionId}>
                  {c.connectionName}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('ownership.vmName')} name="ownVmName">
            <Input id="ownVmName" name="vmName" required maxLength={255} />
          </Field>
          <Field label={t('ownership.owner')} name="ownOwner">
            <Select id="ownOwner" name="ownerId">
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.username}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('ownership.group')} name="ownGroup">
            <Select id="ownGroup" name="groupId">
              <option value="">{t('ownership.noGroup')}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </Select>
          </Field>
        </ActionForm>
      </Card>
      <DataTable
        testId="ownership-table"
        head={
          <>
            <th className={TH}>{t('ownership.vm')}</th>
            <th className={TH}>{t('ownership.owner')}</th>
            <th className={TH}>{t('ownership.group')}</th>
            <th className={TH}>{t('ownership.allocation')}</th>
            <th className={TH}>
              <span className="sr-only">{t('actions')}</span>
            </th>
          </>
        }
      >
        {ownership.map((o) => (
          <tr key={o.vmId} data-testid={`ownership-row-${o.vmName}`}>
            <td className={TD}>{o.vmName}</td>
            <td className={TD}>{o.owner.username}</td>
            <td className={TD}>{o.group?.name ?? ''}</td>
            <td className={TD}>{t('ownership.allocationValue', { vcpus: o.vcpus, memory: o.memoryMiB, storage: o.storageGiB })}</td>
            <td className={`${TD} text-right`}>
              <ActionForm action={ownershipReleaseAction} hidden={{ vmId: o.vmId }} submit={t('ownership.release')} confirm={t('ownership.confirmRelease', { name: o.vmName })} />
            </td>
          </tr>
        ))}
      </DataTable>
      <h3 className="font-semibold">{t('ownership.volumesTitle')}</h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('ownership.volumesHint')}</p>
      <DataTable
        testId="volume-ownership-table"
        head={
          <>
            <th className={TH}>{t('ownership.volume')}</th>
            <th className={TH}>{t('ownership.owner')}</th>
            <th className={TH}>{t('ownership.group')}</th>
            <th className={TH}>{t('ownership.size')}</th>
            <th className={TH}>
              <span className="sr-only">{t('actions')}</span>
            </th>
          </>
        }
      >
        {volumeOwnership.map((o) => (
          <tr key={o.volumeId} data-testid={`volume-ownership-row-${o.volumeName}`}>
            <td className={TD}>
              <Link href={`/volumes/${encodeURIComponent(o.volumeId)}`} className="text-brand-700 hover:underline dark:text-brand-400">
                {o.volumeName}
              </Link>
            </td>
            <td className={TD}>{o.owner.username}</td>
            <td className={TD}>{o.group?.name ?? ''}</td>
            <td className={TD}>{t('ownership.sizeValue', { size: o.sizeGiB })}</td>
            <td className={`${TD} text-right`}>
              <ActionForm action={volumeOwnershipReleaseAction} hidden={{ volumeId: o.volumeId }} submit={t('ownership.release')} confirm={t('ownership.confirmRelease', { name: o.volumeName })} />
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
