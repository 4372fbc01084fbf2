import 'server-only';
import { getTranslations } from 'next-intl/server';
import { catalogCreateAction, catalogDeleteAction, catalogPublishAction } from '@/lib/actions/portal-admin';
import { DataTable, TD, TH } from '@/components/list/table';
import { Badge, Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { NetworkChooser } from '@/components/vm/nics/network-chooser';
import { ActionForm } from '@/components/volumes/action-form';
import type { CatalogSources, listCatalog } from '@/lib/services/portal-catalog';

/** The catalog: what users may launch, and the form that publishes a template, an image, or an image to launch on a volume into it. */
export async function CatalogSection({ catalog, sources }: { catalog: Awaited<ReturnType<typeof listCatalog>>; sources: CatalogSources }) {
  const t = await getTranslations('portalAdmin');
  // Images to launch on a new volume: the same for every compute connection that boots from volumes.
  const boot = sources.connections.find((c) => c.bootChoices)?.bootChoices;
  const volumeImages = boot?.images ?? [];
  const volumeSideName = (id: string) => boot?.connections.find((c) => c.id === id)?.name ?? id;
  return (
    <section aria-labelledby="catalog-title" className="space-y-3">
      <h2 id="catalog-title" className="text-lg font-semibold">
        {t('catalog.title')}
      </h2>
      {sources.failed.map((f) => (
        <p key={f.connectionId} role="alert" className="text-sm text-red-700">
          {t('catalog.sourceFailed', { name: f.name, message: f.message })}
        </p>
      ))}
      <DataTable
        testId="catalog-table"
        head={
          <>
            <th className={TH}>{t('catalog.name')}</th>
            <th className={TH}>{t('catalog.source')}</th>
            <th className={TH}>{t('catalog.minDisk')}</th>
            <th className={TH}>{t('catalog.state')}</th>
            <th className={TH}>
              <span className="sr-only">{t('actions')}</span>
            </th>
          </>
        }
      >
        {catalog.map((item) => (
          <tr key={item.id} data-testid={`catalog-row-${item.name}`}>
            <td className={TD}>
              <p className="font-medium">{item.name}</p>
              {item.description && <p className="text-xs text-slate-500">{item.description}</p>}
            </td>
            <td className={`${TD} font-mono text-xs`}>{t(`catalog.kind.${item.sourceKind === 'image' || item.sourceKind === 'volume' ? item.sourceKind : 'template'}`, { id: item.sourceId, type: item.volumeType ?? '-' })}</td>
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
      </DataTable>
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
              {volumeImages.length > 0 && (
                <optgroup label={t('catalog.onVolumeGroup')}>
                  {volumeImages.map((i) => (
                    <option key={`${i.connectionId}:${i.id}`} value={`volume|${i.connectionId}:${i.id}`}>
                      {t('catalog.volumeOption', { name: i.name, connection: volumeSideName(i.connectionId) })}
                    </option>
                  ))}
                </optgroup>
              )}
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
          <Field label={t('catalog.network')} name="catalogNetwork" hint={t('catalog.networkHint')}>
            <NetworkChooser id="catalogNetwork" name="networkId" emptyLabel={t('catalog.none')} connections={sources.connections} />
          </Field>
          <Field label={t('catalog.volumeType')} name="catalogVolumeType" hint={t('catalog.volumeTypeHint')}>
            <Select id="catalogVolumeType" name="volumeType">
              <option value="">{t('catalog.defaultType')}</option>
              {sources.volumeTypes.flatMap((c) =>
                c.types.map((vt) => (
                  <option key={`${c.connectionId}/${vt.id}`} value={vt.name}>
                    {`${c.connectionName} / ${vt.name}`}
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
  );
}
