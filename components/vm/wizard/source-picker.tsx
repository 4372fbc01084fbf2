'use client';

import { useTranslations } from 'next-intl';
import { Field, Input, Select } from '@/components/ui/field';
import type { IsoFile } from '@/lib/backends/types';
import type { BootChoices, WizardChoices } from '@/lib/services/vm-create';
import type { VmSource } from '@/lib/validations/vm';
import { Section } from './section';
import type { WizardValues } from './values';

const GiB = 1024 ** 3;

/**
 * Where the new VM's disk comes from. Only the sources the connection's
 * backend honours are offered; the Cinder volume source is always listed, and
 * when it cannot be used it says why instead of pretending.
 */
export function SourcePicker({
  choices,
  values,
  isoFiles,
  errors,
  onSource,
  onTemplate,
  set,
}: {
  choices: WizardChoices;
  values: WizardValues;
  isoFiles: IsoFile[];
  errors: Record<string, string>;
  onSource: (source: VmSource) => void;
  onTemplate: (id: string) => void;
  set: <K extends keyof WizardValues>(key: K, value: WizardValues[K]) => void;
}) {
  const t = useTranslations('vmWizard');
  const f = choices.features;
  const sources: Array<{ id: VmSource; label: string; hint: string }> = [
    ...(f.templates ? [{ id: 'template' as const, label: t('source.template'), hint: t('source.templateHint') }] : []),
    ...(f.baseImages ? [{ id: 'image' as const, label: t('source.image'), hint: t('source.imageHint') }] : []),
    { id: 'blank', label: t('source.blank'), hint: t('source.blankHint') },
  ];
  const volume = choices.volumeSource;
  const boot = choices.bootChoices;
  return (
    <Section title={t('sections.source')}>
      <div role="radiogroup" aria-label={t('sections.source')} className="grid gap-2 sm:grid-cols-2">
        {sources.map((s) => (
          <label key={s.id} className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-500 dark:border-slate-700">
            <input type="radio" name="source" value={s.id} checked={values.source === s.id} onChange={() => onSource(s.id)} className="mt-1" />
            <span>
              <span className="block font-medium">{s.label}</span>
              <span className="block text-xs text-slate-500">{s.hint}</span>
            </span>
          </label>
        ))}
        {volume.available ? (
          <label
            data-testid="source-volume"
            className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-500 dark:border-slate-700"
          >
            <input type="radio" name="source" value="volume" checked={values.source === 'volume'} onChange={() => onSource('volume')} className="mt-1" />
            <span>
              <span className="block font-medium">{t('source.volume')}</span>
              <span className="block text-xs text-slate-500">{t('source.volumeHint')}</span>
            </span>
          </label>
        ) : (
          <div
            data-testid="source-volume"
            aria-disabled
            className="flex items-start gap-2 rounded-md border border-dashed border-slate-200 p-3 text-sm text-slate-500 dark:border-slate-700"
          >
            <span>
              <span className="block font-medium">{t('source.volume')}</span>
              <span className="block text-xs">{t(`source.${volume.reason}`)}</span>
            </span>
          </div>
        )}
      </div>

      {values.source === 'template' && (
        <Field label={t('template')} name="templateId" error={errors.templateId} hint={choices.templates.length ? undefined : t('noTemplates')}>
          <Select name="templateId" value={values.templateId} onChange={(e) => onTemplate(e.target.value)}>
            <option value="">{t('chooseTemplate')}</option>
            {choices.templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.description ? t('templateOption', { name: tpl.name, description: tpl.description }) : tpl.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {values.source === 'image' && (
        <Field label={t('baseImage')} name="baseImageId" error={errors.baseImageId} hint={choices.baseImages.length ? undefined : t('noBaseImages')}>
          <Select name="baseImageId" value={values.baseImageId} onChange={(e) => set('baseImageId', e.target.value)}>
            <option value="">{t('chooseBaseImage')}</option>
            {choices.baseImages.map((d) => (
              <option key={d.id} value={d.id}>
                {t('baseImageOption', { name: d.name, pool: d.storageDomain?.name ?? '', size: Math.ceil((d.provisionedBytes ?? 0) / GiB) })}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {values.source === 'volume' && boot && <BootVolumeFields boot={boot} values={values} errors={errors} set={set} />}
      {values.source !== 'blank' && values.source !== 'volume' && (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="cloneDisks" checked={values.cloneDisks} onChange={(e) => set('cloneDisks', e.target.checked)} className="mt-1" />
          <span>
            <span className="block">{t('cloneDisks')}</span>
            <span className="block text-xs text-slate-500">{t('cloneDisksHint')}</span>
          </span>
        </label>
      )}
      {values.source !== 'template' && values.source !== 'volume' && (
        <Field label={t('iso')} name="isoFileId" error={errors.isoFileId} hint={isoFiles.length ? undefined : t('noIsoFiles')}>
          <Select name="isoFileId" value={values.isoFileId} onChange={(e) => set('isoFileId', e.target.value)}>
            <option value="">{t('noIso')}</option>
            {isoFiles.map((iso) => (
              <option key={`${iso.storageDomain.id}/${iso.id}`} value={iso.id}>
                {t('isoOption', { name: iso.name, domain: iso.storageDomain.name ?? '' })}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </Section>
  );
}

/**
 * The boot volume: an existing bootable volume, or a new one made from an image (the volume
 * service clones it inside Ceph where it can).
 */
function BootVolumeFields({
  boot,
  values,
  errors,
  set,
}: {
  boot: BootChoices;
  values: WizardValues;
  errors: Record<string, string>;
  set: <K extends keyof WizardValues>(key: K, value: WizardValues[K]) => void;
}) {
  const t = useTranslations('vmWizard');
  const image = boot.images.find((i) => i.id === values.bootImageId && i.connectionId === values.volumeConnectionId);
  const connectionName = (id: string) => boot.connections.find((c) => c.id === id)?.name ?? id;
  return (
    <div className="space-y-3">
      <Field label={t('bootVolume')} name="bootVolumeId" error={errors.bootVolumeId}>
        <Select name="bootVolumeId" value={values.bootVolumeId} onChange={(e) => set('bootVolumeId', e.target.value)} data-testid="boot-volume">
          <option value="">{t('bootNewFromImage')}</option>
          {boot.volumes.map((v) => (
            <option key={v.id} value={v.id}>
              {t('bootVolumeOption', { name: v.name, size: v.sizeGiB, connection: v.connectionName })}
            </option>
          ))}
        </Select>
      </Field>
      {!values.bootVolumeId && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('bootImage')} name="bootImageId" error={errors.bootImageId} hint={boot.images.length ? undefined : t('noBootImages')}>
            <Select
              name="bootImageId"
              value={image ? `${image.connectionId}|${image.id}` : ''}
              onChange={(e) => {
                const [connectionId = '', imageId = ''] = e.target.value.split('|');
                set('volumeConnectionId', connectionId);
                set('bootImageId', imageId);
              }}
              data-testid="boot-image"
            >
              <option value="">{t('chooseBootImage')}</option>
              {boot.images.map((i) => (
                <option key={`${i.connectionId}|${i.id}`} value={`${i.connectionId}|${i.id}`}>
                  {t('bootImageOption', { name: i.name, size: Math.max(1, Math.ceil((i.sizeBytes ?? 0) / GiB)), connection: connectionName(i.connectionId) })}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('bootVolumeGiB')} name="bootVolumeGiB" error={errors.bootVolumeGiB}>
            <Input name="bootVolumeGiB" type="number" min={1} value={values.bootVolumeGiB} onChange={(e) => set('bootVolumeGiB', e.target.value)} data-testid="boot-volume-size" />
          </Field>
        </div>
      )}
    </div>
  );
}
