import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ActionForm } from '@/components/volumes/action-form';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { requireRole } from '@/lib/auth/guards';
import { listAllOwnership, listAllVolumeOwnership } from '@/lib/services/ownership';
import { catalogSources, listCatalog, listFlavors, listGroups, listQuotas } from '@/lib/services/portal-catalog';
import { listUsers } from '@/lib/services/users';
import {
  catalogCreateAction,
  catalogDeleteAction,
  catalogPublishAction,
  flavorCreateAction,
  flavorDeleteAction,
  groupAddMemberAction,
  groupCreateAction,
  groupDeleteAction,
  groupRemoveMemberAction,
  ownershipAssignAction,
  ownershipReleaseAction,
  volumeOwnershipReleaseAction,
  quotaClearAction,
  quotaSetAction,
} from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portalAdmin'))('title') };
}

const TH = 'px-4 py-2 font-medium';
const TD = 'px-4 py-2 align-top';

/** The self-service portal's setup: catalog, flavors, groups, quotas and VM ownership. */
export default async function PortalAdminPage() {
  await requireRole('admin');
  const t = await getTranslations('portalAdmin');
  const [catalog, sources, flavors, groups, quotas, ownership, users, volumeOwnership] = await Promise.all([
    listCatalog({ publishedOnly: false }),
    catalogSources(),
    listFlavors(),
    listGroups(),
    listQuotas(),
    listAllOwnership(),
    listUsers(),
    listAllVolumeOwnership(),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.username]));
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const defaultQuota = quotas.find((q) => q.scope === 'default');
  const limitInputs = (q?: { maxVms: number | null; maxVcpus: number | null; maxMemoryMiB: number | null; maxStorageGiB: number | null }, prefix = '') => (
    <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
      {(['maxVms', 'maxVcpus', 'maxMemoryMiB', 'maxStorageGiB'] as const).map((k) => (
        <Field key={k} label={t(`quotas.${k}`)} name={`${prefix}${k}`}>
          <Input id={`${prefix}${k}`} name={k} type="number" min={0} defaultValue={q?.[k] ?? ''} placeholder={t('quotas.unlimited')} />
        </Field>
      ))}
    </div>
  );

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="space-y-8">
        <section aria-labelledby="catalog-title" className="space-y-3">
          <h2 id="catalog-title" className="text-lg font-semibold">
            {t('catalog.title')}
          </h2>
          {sources.failed.map((f) => (
            <p key={f.connectionId} role="alert" className="text-sm text-red-700">
              {t('catalog.sourceFailed', { name: f.name, message: f.message })}
            </p>
          ))}
          <Card className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="catalog-table">
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  <th className={TH}>{t('catalog.name')}</th>
                  <th className={TH}>{t('catalog.source')}</th>
                  <th className={TH}>{t('catalog.minDisk')}</th>
                  <th className={TH}>{t('catalog.state')}</th>
                  <th className={TH}>
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {catalog.map((item) => (
                  <tr key={item.id} data-testid={`catalog-row-${item.name}`}>
                    <td className={TD}>
                      <p className="font-medium">{item.name}</p>
                      {item.description && <p className="text-xs text-slate-500">{item.description}</p>}
                    </td>
                    <td className={`${TD} font-mono text-xs`}>{t(`catalog.kind.${item.sourceKind === 'image' ? 'image' : 'template'}`, { id: item.sourceId })}</td>
                    <td className={TD}>{item.minDiskGiB}</td>
                    <td className={TD}>
                      <Badge tone={item.published ? 'good' : 'neutral'}>{item.published ? t('catalog.published') : t('catalog.hidden')}</Badge>
                    </td>
                    <td className={`${TD} flex flex-wrap justify-end gap-2`}>
                      <ActionForm action={catalogPublishAction} hidden={{ id: item.id, published: String(!item.published) }} submit={item.published ? t('catalog.unpublish') : t('catalog.publish')} />
                      <ActionForm action={catalogDeleteAction} hidden={{ id: item.id }} submit={t('remove')} variant="danger" confirm={t('confirmRemove', { name: item.name })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <Card className="p-5">
            <h3 className="mb-3 font-semibold">{t('catalog.addTitle')}</h3>
            <ActionForm action={catalogCreateAction} hidden={{}} submit={t('catalog.add')} variant="primary" testId="catalog-form" className="grid gap-3 md:grid-cols-2">
              <Field label={t('catalog.name')} name="catalogName">
                <Input id="catalogName" name="name" required maxLength={64} />
              </Field>
              <Field label={t('catalog.descriptionLabel')} name="catalogDescription">
                <Input id="catalogDescription" name="description" maxLength={255} />
              </Field>
              <Field label={t('catalog.source')} name="catalogSource">
                <Select id="catalogSource" name="source" required>
                  {sources.connections.map((c) => (
                    <optgroup key={c.connectionId} label={c.connectionName}>
                      {c.templates.map((tpl) => (
                        <option key={tpl.id} value={`template|${tpl.id}`}>
                          {t('catalog.templateOption', { name: tpl.name })}
                        </option>
                      ))}
                      {c.baseImages.map((d) => (
                        <option key={d.id} value={`image|${d.id}`}>
                          {t('catalog.imageOption', { name: d.name })}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </Select>
              </Field>
              <Field label={t('catalog.cluster')} name="catalogCluster">
                <Select id="catalogCluster" name="clusterId" required>
                  {sources.connections.flatMap((c) =>
                    c.clusters.map((cl) => (
                      <option key={cl.id} value={cl.id}>
                        {`${c.connectionName} / ${cl.name}`}
                      </option>
                    )),
                  )}
                </Select>
              </Field>
              <Field label={t('catalog.storageDomain')} name="catalogStorage" hint={t('catalog.storageDomainHint')}>
                <Select id="catalogStorage" name="storageDomainId">
                  <option value="">{t('catalog.none')}</option>
                  {sources.connections.flatMap((c) =>
                    c.storageDomains.map((d) => (
                      <option key={d.id} value={d.id}>
                        {`${c.connectionName} / ${d.name}`}
                      </option>
                    )),
                  )}
                </Select>
              </Field>
              <Field label={t('catalog.minDisk')} name="catalogMinDisk">
                <Input id="catalogMinDisk" name="minDiskGiB" type="number" min={1} defaultValue={10} required />
              </Field>
            </ActionForm>
          </Card>
        </section>

        <section aria-labelledby="flavors-title" className="space-y-3">
          <h2 id="flavors-title" className="text-lg font-semibold">
            {t('flavors.title')}
          </h2>
          <Card className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="flavor-table">
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  <th className={TH}>{t('flavors.name')}</th>
                  <th className={TH}>{t('flavors.vcpus')}</th>
                  <th className={TH}>{t('flavors.memoryMiB')}</th>
                  <th className={TH}>{t('flavors.diskGiB')}</th>
                  <th className={TH}>
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
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
              </tbody>
            </table>
          </Card>
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

        <section aria-labelledby="groups-title" className="space-y-3">
          <h2 id="groups-title" className="text-lg font-semibold">
            {t('groups.title')}
          </h2>
          <div className="grid gap-4 md:grid-cols-2">
            {groups.map((g) => (
              <Card key={g.id} className="space-y-2 p-4" data-testid={`group-${g.name}`}>
                <div className="flex items-center justify-between">
                  <h3 className="font-semibold">{g.name}</h3>
                  <ActionForm action={groupDeleteAction} hidden={{ id: g.id }} submit={t('remove')} variant="danger" confirm={t('confirmRemove', { name: g.name })} />
                </div>
                <ul className="space-y-1 text-sm">
                  {g.members.map((m) => (
                    <li key={m.userId} className="flex items-center justify-between gap-2">
                      <span>{m.user.username}</span>
                      <ActionForm action={groupRemoveMemberAction} hidden={{ groupId: g.id, userId: m.userId }} submit={t('groups.removeMember')} />
                    </li>
                  ))}
                </ul>
                <ActionForm action={groupAddMemberAction} hidden={{ groupId: g.id }} submit={t('groups.addMember')} className="flex flex-wrap items-end gap-2">
                  <Field label={t('groups.member')} name={`member-${g.id}`}>
                    <Select id={`member-${g.id}`} name="userId">
                      {users.map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.username}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </ActionForm>
              </Card>
            ))}
            <Card className="p-4">
              <ActionForm action={groupCreateAction} hidden={{}} submit={t('groups.add')} variant="primary" className="space-y-2">
                <Field label={t('groups.name')} name="groupName">
                  <Input id="groupName" name="name" required maxLength={64} />
                </Field>
              </ActionForm>
            </Card>
          </div>
        </section>

        <section aria-labelledby="quotas-title" className="space-y-3">
          <h2 id="quotas-title" className="text-lg font-semibold">
            {t('quotas.title')}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('quotas.description')}</p>
          <Card className="space-y-3 p-5" data-testid="quota-default">
            <h3 className="font-semibold">{t('quotas.default')}</h3>
            <ActionForm action={quotaSetAction} hidden={{ scope: 'default' }} submit={t('quotas.save')} variant="primary">
              {limitInputs(defaultQuota, 'default-')}
            </ActionForm>
          </Card>
          <Card className="space-y-3 p-5" data-testid="quota-subject">
            <h3 className="font-semibold">{t('quotas.subjectTitle')}</h3>
            <ActionForm action={quotaSetAction} hidden={{}} submit={t('quotas.save')} variant="primary">
              <div className="grid gap-2 md:grid-cols-2">
                <Field label={t('quotas.scope')} name="quotaScope">
                  <Select id="quotaScope" name="scope">
                    <option value="user">{t('quotas.scopeUser')}</option>
                    <option value="group">{t('quotas.scopeGroup')}</option>
                  </Select>
                </Field>
                <Field label={t('quotas.subject')} name="quotaSubject">
                  <Select id="quotaSubject" name="subjectId">
                    <optgroup label={t('quotas.scopeUser')}>
                      {users.map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.username}
                        </option>
                      ))}
                    </optgroup>
                    <optgroup label={t('quotas.scopeGroup')}>
                      {groups.map((g) => (
                        <option key={g.id} value={g.id}>
                          {g.name}
                        </option>
                      ))}
                    </optgroup>
                  </Select>
                </Field>
              </div>
              {limitInputs(undefined, 'subject-')}
            </ActionForm>
            <table className="w-full text-left text-sm" data-testid="quota-table">
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {quotas
                  .filter((q) => q.scope !== 'default')
                  .map((q) => {
                    const name = (q.scope === 'user' ? userName.get(q.subjectId) : groupName.get(q.subjectId)) ?? q.subjectId;
                    return (
                      <tr key={`${q.scope}:${q.subjectId}`}>
                        <td className={TD}>{t(q.scope === 'user' ? 'quotas.forUser' : 'quotas.forGroup', { name })}</td>
                        <td className={TD}>
                          {t('quotas.summary', {
                            vms: q.maxVms ?? '∞',
                            vcpus: q.maxVcpus ?? '∞',
                            memory: q.maxMemoryMiB ?? '∞',
                            storage: q.maxStorageGiB ?? '∞',
                          })}
                        </td>
                        <td className={`${TD} text-right`}>
                          <ActionForm action={quotaClearAction} hidden={{ scope: q.scope, subjectId: q.subjectId }} submit={t('quotas.clear')} />
                        </td>
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          </Card>
        </section>

        <section aria-labelledby="ownership-title" className="space-y-3">
          <h2 id="ownership-title" className="text-lg font-semibold">
            {t('ownership.title')}
          </h2>
          <Card className="p-5">
            <ActionForm action={ownershipAssignAction} hidden={{}} submit={t('ownership.assign')} variant="primary" testId="ownership-form" className="grid gap-3 md:grid-cols-4">
              <Field label={t('ownership.connection')} name="ownConnection">
                <Select id="ownConnection" name="connectionId">
                  {sources.connections.map((c) => (
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
          <Card className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="ownership-table">
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  <th className={TH}>{t('ownership.vm')}</th>
                  <th className={TH}>{t('ownership.owner')}</th>
                  <th className={TH}>{t('ownership.group')}</th>
                  <th className={TH}>{t('ownership.allocation')}</th>
                  <th className={TH}>
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
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
              </tbody>
            </table>
          </Card>
          <h3 className="font-semibold">{t('ownership.volumesTitle')}</h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('ownership.volumesHint')}</p>
          <Card className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="volume-ownership-table">
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  <th className={TH}>{t('ownership.volume')}</th>
                  <th className={TH}>{t('ownership.owner')}</th>
                  <th className={TH}>{t('ownership.group')}</th>
                  <th className={TH}>{t('ownership.size')}</th>
                  <th className={TH}>
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
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
              </tbody>
            </table>
          </Card>
        </section>
      </div>
    </>
  );
}
