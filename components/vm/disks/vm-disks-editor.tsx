'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { formatBytes } from '@/components/ui/format';
import { vmDiskAddAction, vmDiskDetachAction, vmDiskGrowAction, vmDiskUpdateAction } from '@/lib/actions/disks';
import type { ActionState } from '@/lib/actions/types';
import type { Disk, Vm } from '@/lib/domain';
import { vmDiskAddSchema, vmDiskDetachSchema, vmDiskGrowSchema, vmDiskUpdateSchema } from '@/lib/validations/vm-devices';
import { useDeviceAction, useVmDevices } from '../device-forms';
import { DiskInterfaceSelect } from '../device-selects';
import { useVmState } from '../live-state';

const GiB = 1024 ** 3;

/**
 * The disks tab's actions (issue 19): add a new disk, and per disk grow it (one action, online on
 * a running VM where the backend can), change its interface and bootable flag, deactivate or
 * activate it (hot-unplug/plug), detach it (kept as a floating disk) or remove it with its data.
 * What the backend refuses (a disk a snapshot holds, an active disk of a running VM) is shown in
 * its words, and the form keeps what was typed.
 */
export function VmDisksEditor({ vm: initial }: { vm: Vm }) {
  const t = useTranslations('vmDevices');
  const live = useVmState(initial.id, initial);
  const vm = live.data?.vm ?? initial;
  const devices = useVmDevices(vm.id);
  if (devices.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{t('loadFailed', { message: devices.error.message })}</p>;
  if (!devices.data) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  const { ops } = devices.data;
  return (
    <div className="space-y-4" data-testid="vm-disks-editor">
      {ops.addDisk ? <AddDiskForm vm={vm} storageDomains={devices.data.storageDomains} /> : <p className="text-sm text-slate-500">{t('disk.addUnsupported')}</p>}
      {ops.addDisk && !ops.managedBlockDisks && <p className="text-xs text-slate-500">{t('disk.managedBlockOvirtOnly')}</p>}
      {(vm.disks ?? []).length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {vm.disks!.map((d) => (
            <DiskRow key={d.id} vm={vm} disk={d} canUpdate={ops.updateDisk} canSettings={ops.diskSettings} canDetach={ops.detachDisk} />
          ))}
        </ul>
      )}
      {!ops.updateDisk && !ops.detachDisk && <p className="text-sm text-slate-500">{t('disk.changeUnsupported')}</p>}
      {ops.updateDisk && !ops.diskSettings && <p className="text-sm text-slate-500">{t('disk.settingsUnsupported')}</p>}
    </div>
  );
}

function AddDiskForm({ vm, storageDomains }: { vm: Vm; storageDomains: { id: string; name: string; kind?: string }[] }) {
  const t = useTranslations('vmDevices');
  const td = useTranslations('diskActions');
  const { state, pending, submit } = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  const [values, setValues] = useState({
    name: `${vm.name}_Disk${(vm.disks?.length ?? 0) + 1}`,
    sizeGiB: '10',
    storageDomainId: storageDomains[0]?.id ?? '',
    format: 'qcow2',
    interface: 'virtio_scsi',
    bootable: 'false',
  });
  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));
  // A managed block domain's disks are Cinder volumes: raw only, and the form says why.
  const managedBlock = storageDomains.find((d) => d.id === values.storageDomainId)?.kind === 'managed_block';
  const format = managedBlock ? 'raw' : values.format;
  const shown = local ?? state;
  const errors = shown?.fieldErrors ?? {};
  return (
    <form
      noValidate
      data-testid="disk-add-form"
      className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        setLocal(submit(vmDiskAddAction, vmDiskAddSchema, { vmId: vm.id, ...values, format }));
      }}
    >
      <h3 className="text-sm font-semibold">{t('disk.addTitle')}</h3>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={td('name')} name="disk-add-name" error={errors.name}>
          <Input name="disk-add-name" value={values.name} onChange={set('name')} />
        </Field>
        <Field label={td('sizeGiB')} name="disk-add-size" error={errors.sizeGiB}>
          <Input name="disk-add-size" type="number" min={1} value={values.sizeGiB} onChange={set('sizeGiB')} />
        </Field>
        <Field label={t('disk.storageDomain')} name="disk-add-domain" error={errors.storageDomainId}>
          <Select name="disk-add-domain" value={values.storageDomainId} onChange={set('storageDomainId')}>
            {storageDomains.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={td('format')} name="disk-add-format" error={errors.format} hint={managedBlock ? t('disk.managedBlockRaw') : undefined}>
          <Select name="disk-add-format" value={format} onChange={set('format')} disabled={managedBlock}>
            <option value="qcow2">{td('formats.qcow2')}</option>
            <option value="raw">{td('formats.raw')}</option>
          </Select>
        </Field>
        <Field label={t('disk.interface')} name="disk-add-interface" error={errors.interface}>
          <DiskInterfaceSelect name="disk-add-interface" value={values.interface} onChange={set('interface')} />
        </Field>
        <label className="flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" name="disk-add-bootable" checked={values.bootable === 'true'} onChange={(e) => setValues((v) => ({ ...v, bootable: String(e.target.checked) }))} />
          {t('disk.bootable')}
        </label>
      </div>
      <div className="flex justify-end">
        <Button type="submit" size="sm" disabled={pending}>
          {t('disk.add')}
        </Button>
      </div>
      <FormStatus state={shown} />
    </form>
  );
}

type Panel = 'grow' | 'edit' | 'detach' | 'remove' | null;

function DiskRow({ vm, disk, canUpdate, canSettings, canDetach }: { vm: Vm; disk: Disk; canUpdate: boolean; canSettings: boolean; canDetach: boolean }) {
  const t = useTranslations('vmDevices');
  const td = useTranslations('diskActions');
  const [panel, setPanel] = useState<Panel>(null);
  const { state, pending, submit, clear } = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  const [size, setSize] = useState(String(Math.ceil(((disk.provisionedBytes ?? GiB) / GiB) + 1)));
  const [iface, setIface] = useState(disk.interface ?? 'virtio_scsi');
  const [bootable, setBootable] = useState(!!disk.bootable);
  const [confirm, setConfirm] = useState('');
  const shown = local ?? state;
  const errors = shown?.fieldErrors ?? {};
  const base = { vmId: vm.id, diskId: disk.id, name: disk.name };
  const open = (p: Panel) => {
    setPanel(panel === p ? null : p);
    setLocal(undefined);
    clear();
  };
  const go = (action: Parameters<typeof submit>[0], schema: Parameters<typeof submit>[1], values: Record<string, string>) =>
    setLocal(submit(action, schema, { ...base, ...values }, () => setPanel(null)));
  const active = disk.active !== false;
  return (
    <li className="space-y-2 p-3" data-testid={`disk-row-${disk.name}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{disk.name}</span>
        <span className="text-xs text-slate-500">
          {formatBytes(disk.provisionedBytes)} · {disk.interface ?? '—'}
          {disk.bootable ? ` · ${t('disk.bootable')}` : ''} · {active ? t('disk.active') : t('disk.inactive')}
        </span>
        <span className="ml-auto flex flex-wrap gap-1">
          {canUpdate && (
            <>
              <Button size="sm" variant="secondary" onClick={() => open('grow')}>{td('grow')}</Button>
              {canSettings && (
                <>
                  <Button size="sm" variant="secondary" onClick={() => open('edit')}>{t('disk.edit')}</Button>
                  <Button size="sm" variant="secondary" disabled={pending} onClick={() => go(vmDiskUpdateAction, vmDiskUpdateSchema, { active: String(!active) })}>
                    {active ? t('disk.deactivate') : t('disk.activate')}
                  </Button>
                </>
              )}
            </>
          )}
          {canDetach && (
            <>
              <Button size="sm" variant="secondary" onClick={() => open('detach')}>{t('disk.detach')}</Button>
              <Button size="sm" variant="danger" onClick={() => open('remove')}>{t('disk.remove')}</Button>
            </>
          )}
        </span>
      </div>
      {panel === 'grow' && (
        <form noValidate className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); go(vmDiskGrowAction, vmDiskGrowSchema, { sizeGiB: size }); }}>
          <Field label={td('newSizeGiB')} name={`grow-${disk.id}`} error={errors.sizeGiB}>
            <Input name={`grow-${disk.id}`} aria-label={td('newSizeGiB')} type="number" value={size} onChange={(e) => setSize(e.target.value)} />
          </Field>
          <Button type="submit" size="sm" disabled={pending}>{td('grow')}</Button>
          <p className="w-full text-xs text-slate-500">{t(vm.status === 'running' ? 'disk.growLive' : 'disk.growStopped')}</p>
        </form>
      )}
      {panel === 'edit' && (
        <form noValidate className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); go(vmDiskUpdateAction, vmDiskUpdateSchema, { interface: iface, bootable: String(bootable) }); }}>
          <Field label={t('disk.interface')} name={`iface-${disk.id}`} error={errors.interface}>
            <DiskInterfaceSelect name={`iface-${disk.id}`} value={iface} onChange={(e) => setIface(e.target.value)} />
          </Field>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" checked={bootable} onChange={(e) => setBootable(e.target.checked)} />
            {t('disk.bootable')}
          </label>
          <Button type="submit" size="sm" disabled={pending}>{t('save')}</Button>
        </form>
      )}
      {panel === 'detach' && (
        <div className="space-y-2 text-sm">
          <p>{t('disk.detachBody', { name: disk.name })}</p>
          <Button size="sm" disabled={pending} onClick={() => go(vmDiskDetachAction, vmDiskDetachSchema, { removeData: 'false' })}>{t('disk.detachConfirm')}</Button>
        </div>
      )}
      {panel === 'remove' && (
        <form noValidate className="space-y-2 text-sm" onSubmit={(e) => { e.preventDefault(); go(vmDiskDetachAction, vmDiskDetachSchema, { removeData: 'true', confirm }); }}>
          <p>{t('disk.removeBody', { name: disk.name })}</p>
          <Field label={td('typeName', { name: disk.name })} name={`confirm-${disk.id}`} error={errors.confirm}>
            <Input name={`confirm-${disk.id}`} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
          </Field>
          <Button type="submit" size="sm" variant="danger" disabled={pending}>{t('disk.removeConfirm')}</Button>
        </form>
      )}
      <FormStatus state={shown} />
    </li>
  );
}
