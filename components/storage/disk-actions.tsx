'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { useActionRunner } from '@/components/vm/use-action-runner';
import { diskCreateAction, diskRemoveAction, diskResizeAction } from '@/lib/actions/disks';
import type { ActionState } from '@/lib/actions/types';
import { DISK_FORMATS, DISK_MAX_GIB } from '@/lib/validations/disk';

/** What the backend behind this storage domain can do with its disks (the service's DiskOperations). */
export interface DiskOps {
  create: boolean;
  resize: boolean;
  remove: boolean;
}

const GiB = 1024 ** 3;

/** One status line for the whole disks section: a deleted disk's row is gone, its "removed" message must not be. */
const Report = createContext<(state: ActionState) => void>(() => undefined);

/** Create a disk in this storage domain, above its disk table; row actions report into the same status line. */
export function DiskActionsScope({ storageDomainId, ops, children }: { storageDomainId: string; ops: DiskOps; children: ReactNode }) {
  const [state, setState] = useState<ActionState>();
  return (
    <Report.Provider value={setState}>
      {ops.create && <DiskCreateForm storageDomainId={storageDomainId} onDone={setState} />}
      <FormStatus state={state} className="mb-3" />
      {children}
    </Report.Provider>
  );
}

function DiskCreateForm({ storageDomainId, onDone }: { storageDomainId: string; onDone: (s: ActionState) => void }) {
  const t = useTranslations('diskActions');
  const { state, pending, run } = useActionRunner();
  const [name, setName] = useState('');
  const [size, setSize] = useState('1');
  const [format, setFormat] = useState<(typeof DISK_FORMATS)[number]>('qcow2');
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form
      aria-label={t('createTitle')}
      className="mb-3 flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        run(diskCreateAction, { storageDomainId, name, sizeGiB: size, format }, (s) => {
          onDone(s);
          if (s.ok) setName('');
        });
      }}
    >
      <div className="min-w-56 flex-1">
        <Field label={t('name')} name="disk-name" error={errors?.name}>
          <Input name="disk-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
      </div>
      <div className="w-32">
        <Field label={t('sizeGiB')} name="disk-size" error={errors?.sizeGiB}>
          <Input name="disk-size" type="number" min={0.001} max={DISK_MAX_GIB} step="any" value={size} onChange={(e) => setSize(e.target.value)} />
        </Field>
      </div>
      <div className="w-56">
        <Field label={t('format')} name="disk-format" error={errors?.format}>
          <Select name="disk-format" value={format} onChange={(e) => setFormat(e.target.value as (typeof DISK_FORMATS)[number])}>
            {DISK_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`formats.${f}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Button type="submit" disabled={pending || name.trim() === ''}>
        {t('create')}
      </Button>
    </form>
  );
}

/** Grow and delete for one disk row. */
export function DiskRowActions({ disk, ops }: { disk: { id: string; name: string; provisionedBytes?: number }; ops: DiskOps }) {
  const t = useTranslations('diskActions');
  const report = useContext(Report);
  const { state, pending, run, clear } = useActionRunner();
  const [dialog, setDialog] = useState<'grow' | 'delete' | null>(null);
  const currentGiB = disk.provisionedBytes !== undefined ? Math.round((disk.provisionedBytes / GiB) * 1000) / 1000 : undefined;
  const [size, setSize] = useState('');
  const wanted = Number(size);
  // The server checks again against a fresh read; this only spares a round trip for the obvious case.
  const notLarger = size.trim() !== '' && currentGiB !== undefined && Number.isFinite(wanted) && wanted <= currentGiB;
  const close = () => {
    setDialog(null);
    clear();
  };
  const finish = (s: ActionState) => {
    if (s.ok) {
      report(s);
      close();
    }
  };
  if (!ops.resize && !ops.remove) return null;
  return (
    <div className="flex flex-wrap justify-end gap-1">
      {ops.resize && (
        <Button
          size="sm"
          variant="secondary"
          aria-label={t('growLabel', { name: disk.name })}
          disabled={pending}
          onClick={() => {
            setSize(currentGiB !== undefined ? String(currentGiB) : '');
            setDialog('grow');
          }}
        >
          {t('grow')}
        </Button>
      )}
      {ops.remove && (
        <Button size="sm" variant="danger" aria-label={t('deleteLabel', { name: disk.name })} disabled={pending} onClick={() => setDialog('delete')}>
          {t('delete')}
        </Button>
      )}
      <ConfirmDialog
        open={dialog === 'grow'}
        title={t('growTitle', { name: disk.name })}
        confirmLabel={t('grow')}
        pending={pending || notLarger || size.trim() === ''}
        onCancel={close}
        onConfirm={() => run(diskResizeAction, { diskId: disk.id, name: disk.name, sizeGiB: size }, finish)}
        extra={
          <>
            <Field
              label={t('newSizeGiB')}
              name={`grow-${disk.id}`}
              error={notLarger ? t('errors.mustGrow', { name: disk.name, current: currentGiB ?? 0 }) : state?.fieldErrors?.sizeGiB}
            >
              <Input name={`grow-${disk.id}`} type="number" min={currentGiB} max={DISK_MAX_GIB} step="any" value={size} onChange={(e) => setSize(e.target.value)} />
            </Field>
            <FormStatus state={state && !state.ok ? state : undefined} />
          </>
        }
      >
        <p>{currentGiB !== undefined ? t('growBody', { current: currentGiB }) : t('growBodyUnknown')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'delete'}
        danger
        title={t('deleteTitle', { name: disk.name })}
        confirmLabel={t('delete')}
        typeToConfirm={disk.name}
        typeLabel={t('typeName', { name: disk.name })}
        pending={pending}
        onCancel={close}
        onConfirm={(typed) => run(diskRemoveAction, { diskId: disk.id, name: disk.name, confirm: typed }, finish)}
        extra={<FormStatus state={state && !state.ok ? state : undefined} />}
      >
        <p>{t('deleteBody')}</p>
      </ConfirmDialog>
    </div>
  );
}
