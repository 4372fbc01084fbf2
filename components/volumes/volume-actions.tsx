'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Input, Select } from '@/components/ui/field';
import type { ActionState } from '@/lib/actions/types';
import type { VolumeState } from '@/lib/domain';
import { VOLUME_MIGRATION_POLICIES } from '@/lib/domain/volumes';
import { ActionForm } from './action-form';

type Action = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface VolumeActionTarget {
  id: string;
  name: string;
  sizeGiB: number;
  bootable: boolean;
  volumeType?: string;
  state: VolumeState;
  attached: boolean;
}

const LABEL = 'block text-xs font-medium text-slate-600 dark:text-slate-400';

export function ExtendForm({ action, volume }: { action: Action; volume: VolumeActionTarget }) {
  const t = useTranslations('volumes.detail');
  return (
    <ActionForm action={action} hidden={{ id: volume.id, name: volume.name, currentSizeGiB: String(volume.sizeGiB) }} submit={t('extend')} testId="volume-extend">
      <label className={LABEL}>
        {t('newSize')}
        <Input name="newSizeGiB" type="number" min={volume.sizeGiB + 1} step={1} defaultValue={volume.sizeGiB + 1} required className="mt-1 w-32" />
      </label>
      <p className="text-xs text-slate-500">{t('extendHint')}</p>
    </ActionForm>
  );
}

export function BootableForm({ action, volume }: { action: Action; volume: VolumeActionTarget }) {
  const t = useTranslations('volumes.detail');
  return (
    <ActionForm
      action={action}
      hidden={{ id: volume.id, name: volume.name, bootable: volume.bootable ? 'false' : 'true' }}
      submit={volume.bootable ? t('makeNotBootable') : t('makeBootable')}
      testId="volume-bootable"
    >
      <p className="text-xs text-slate-500">{t('bootableHint')}</p>
    </ActionForm>
  );
}

export function RetypeForm({ action, volume, types }: { action: Action; volume: VolumeActionTarget; types: Array<{ name: string; description?: string }> }) {
  const t = useTranslations('volumes.detail');
  const others = types.filter((ty) => ty.name !== volume.volumeType);
  const [policy, setPolicy] = useState<(typeof VOLUME_MIGRATION_POLICIES)[number]>('never');
  if (others.length === 0) return <p className="text-xs text-slate-500">{t('retypeNoOther')}</p>;
  return (
    <ActionForm action={action} hidden={{ id: volume.id, name: volume.name }} submit={t('retype')} testId="volume-retype">
      <label className={LABEL}>
        {t('newType')}
        <Select name="newType" defaultValue="" required className="mt-1">
          <option value="" disabled>
            {t('pickType')}
          </option>
          {others.map((ty) => (
            <option key={ty.name} value={ty.name}>
              {ty.description ? `${ty.name} — ${ty.description}` : ty.name}
            </option>
          ))}
        </Select>
      </label>
      <fieldset className="space-y-1">
        <legend className={LABEL}>{t('migrationPolicy')}</legend>
        {VOLUME_MIGRATION_POLICIES.map((p) => (
          <label key={p} className="flex items-start gap-1.5 text-sm">
            <input type="radio" name="migrationPolicy" value={p} checked={policy === p} onChange={() => setPolicy(p)} className="mt-1" />
            <span>
              {t(`policy.${p === 'never' ? 'never' : 'onDemand'}`)}
              <span className="block text-xs text-slate-500">{t(`policyHint.${p === 'never' ? 'never' : 'onDemand'}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </ActionForm>
  );
}

export function DeleteForm({ action, volume, doneHref }: { action: Action; volume: VolumeActionTarget; doneHref: string }) {
  const t = useTranslations('volumes.detail');
  return (
    <ActionForm action={action} hidden={{ id: volume.id, name: volume.name }} submit={t('delete')} variant="danger" doneHref={doneHref} testId="volume-delete">
      {volume.attached && <p className="text-xs text-amber-700 dark:text-amber-300">{t('deleteAttached')}</p>}
      <label className={LABEL}>
        {t('deleteConfirm', { name: volume.name })}
        <Input name="confirm" autoComplete="off" className="mt-1" />
      </label>
    </ActionForm>
  );
}

export function SnapshotCreateForm({ action, volume }: { action: Action; volume: VolumeActionTarget }) {
  const t = useTranslations('volumes.snapshots');
  return (
    <ActionForm action={action} hidden={{ volumeId: volume.id }} submit={t('create')} testId="snapshot-create" className="flex flex-wrap items-end gap-3">
      <label className={LABEL}>
        {t('name')}
        <Input name="name" required maxLength={255} className="mt-1" />
      </label>
      <label className={LABEL}>
        {t('description')}
        <Input name="description" maxLength={255} className="mt-1" />
      </label>
      {volume.attached && (
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" name="force" />
          {t('force')}
        </label>
      )}
    </ActionForm>
  );
}

export function SnapshotDeleteForm({ action, volumeId, snapshot }: { action: Action; volumeId: string; snapshot: { id: string; name: string } }) {
  const t = useTranslations('volumes.snapshots');
  return (
    <ActionForm
      action={action}
      hidden={{ id: snapshot.id, volumeId, name: snapshot.name }}
      submit={t('delete')}
      variant="danger"
      confirm={t('deleteConfirm', { name: snapshot.name })}
      testId={`snapshot-delete-${snapshot.name}`}
      className="inline-block space-y-1"
    />
  );
}

export function SnapshotRevertForm({ action, volume, snapshot }: { action: Action; volume: VolumeActionTarget; snapshot: { id: string; name: string } }) {
  const t = useTranslations('volumes.snapshots');
  return (
    <ActionForm
      action={action}
      hidden={{ volumeId: volume.id, snapshotId: snapshot.id, name: volume.name }}
      submit={t('revert')}
      confirm={t('revertConfirm', { volume: volume.name, snapshot: snapshot.name })}
      testId={`snapshot-revert-${snapshot.name}`}
      className="inline-block space-y-1"
    />
  );
}
