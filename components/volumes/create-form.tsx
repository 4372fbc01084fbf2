'use client';

import { useActionState, useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { VOLUME_SOURCES } from '@/lib/validations/volume';

type Action = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface CreateFormProps {
  action: Action;
  connectionId: string;
  types: Array<{ name: string; description?: string }>;
  volumes: Array<{ id: string; name: string; sizeGiB: number }>;
  /** Set when the page was opened from a snapshot's "New volume". */
  snapshot?: { id: string; name: string; sizeGiB: number };
  preset?: { source: (typeof VOLUME_SOURCES)[number]; sourceVolumeId?: string };
  /** What the project's quotas leave, as read with the page (undefined: unlimited or unknown). */
  room?: { volumes?: number; gigabytes?: number };
  /** Active images of the image service in the same catalog; undefined when there is none (the id is typed). */
  images?: Array<{ id: string; name: string; sizeBytes?: number; diskFormat?: string }>;
  doneHref: string;
}

/** The create form: blank, from an image (cloned by the storage back end), from a snapshot or another volume. */
export function CreateVolumeForm({ action, connectionId, types, volumes, snapshot, preset, room, images, doneHref }: CreateFormProps) {
  const t = useTranslations('volumes');
  const [state, formAction, pending] = useActionState(action, undefined);
  const [source, setSource] = useState(snapshot ? 'snapshot' : (preset?.source ?? 'blank'));
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.push(doneHref);
  }, [state, doneHref, router]);
  const err = (field: string) => state?.fieldErrors?.[field];
  const [sourceVolumeId, setSourceVolumeId] = useState(preset?.sourceVolumeId ?? '');
  const minSize = source === 'snapshot' && snapshot ? snapshot.sizeGiB : source === 'volume' ? (volumes.find((v) => v.id === sourceVolumeId)?.sizeGiB ?? 1) : 1;
  const [size, setSize] = useState(String(minSize));
  // Checked here before submitting, from the quotas read with the page; Cinder checks again
  // (another request may have used the room since) and its 413 is explained by the action.
  const sizeGiB = Number(size);
  const quotaProblem =
    room?.volumes !== undefined && room.volumes < 1
      ? t('form.quotaVolumes')
      : room?.gigabytes !== undefined && Number.isFinite(sizeGiB) && sizeGiB > room.gigabytes
        ? t('form.quotaGigabytes', { size: sizeGiB, left: room.gigabytes })
        : undefined;

  return (
    <form action={formAction} className="space-y-4" data-testid="volume-create-form">
      <input type="hidden" name="connectionId" value={connectionId} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">{t('form.source')}</legend>
        <div className="flex flex-wrap gap-3">
          {VOLUME_SOURCES.map((s) => (
            <label key={s} className="flex items-center gap-1 text-sm">
              <input type="radio" name="source" value={s} checked={source === s} disabled={s === 'snapshot' && !snapshot} onChange={() => setSource(s)} />
              {t(`form.sources.${s}`)}
            </label>
          ))}
        </div>
        {!snapshot && <p className="text-xs text-slate-500">{t('form.snapshotHint')}</p>}
      </fieldset>
      <Field label={t('form.name')} name="name" error={err('name')}>
        <Input name="name" required maxLength={255} />
      </Field>
      <Field label={t('form.size')} name="sizeGiB" error={err('sizeGiB')} hint={t('form.sizeHint')}>
        <Input name="sizeGiB" type="number" min={minSize} step={1} value={size} onChange={(e) => setSize(e.target.value)} required />
      </Field>
      <Field label={t('form.type')} name="volumeType" error={err('volumeType')}>
        <Select name="volumeType" defaultValue="">
          <option value="">{t('form.defaultType')}</option>
          {types.map((ty) => (
            <option key={ty.name} value={ty.name}>
              {ty.description ? `${ty.name} — ${ty.description}` : ty.name}
            </option>
          ))}
        </Select>
      </Field>
      {source === 'image' && images && (
        <Field label={t('form.imagePick')} name="imageId" error={err('imageId')} hint={t('form.imagePickHint')}>
          <Select name="imageId" defaultValue="" required data-testid="volume-image-pick">
            <option value="" disabled>
              {images.length === 0 ? t('form.noImages') : t('form.pickImage')}
            </option>
            {images.map((i) => (
              <option key={i.id} value={i.id}>
                {t('form.imageChoice', { name: i.name, format: i.diskFormat ?? '?', size: i.sizeBytes === undefined ? '?' : Math.ceil(i.sizeBytes / 1024 ** 2) })}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {source === 'image' && !images && (
        <Field label={t('form.image')} name="imageId" error={err('imageId')} hint={t('form.imageHint')}>
          <Input name="imageId" required />
        </Field>
      )}
      {source === 'snapshot' && snapshot && (
        <>
          <input type="hidden" name="snapshotId" value={snapshot.id} />
          <p className="text-sm">{t('form.fromSnapshot', { name: snapshot.name, size: snapshot.sizeGiB })}</p>
        </>
      )}
      {source === 'volume' && (
        <Field label={t('form.sourceVolume')} name="sourceVolumeId" error={err('sourceVolumeId')}>
          <Select
            name="sourceVolumeId"
            value={sourceVolumeId}
            onChange={(e) => {
              setSourceVolumeId(e.target.value);
              const picked = volumes.find((v) => v.id === e.target.value);
              if (picked && Number(size) < picked.sizeGiB) setSize(String(picked.sizeGiB));
            }}
            required
          >
            <option value="" disabled>
              {t('form.pick')}
            </option>
            {volumes.map((v) => (
              <option key={v.id} value={v.id}>
                {t('form.volumeOption', { name: v.name, size: v.sizeGiB })}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label={t('form.description')} name="description" error={err('description')}>
        <Input name="description" maxLength={255} />
      </Field>
      {quotaProblem && (
        <p role="alert" data-testid="volume-quota-precheck" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
          {quotaProblem}
        </p>
      )}
      <Button type="submit" disabled={pending || quotaProblem !== undefined}>
        {t('create')}
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
