'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { vmNicAddAction, vmNicRemoveAction, vmNicUpdateAction } from '@/lib/actions/nics';
import type { ActionState } from '@/lib/actions/types';
import type { Nic, Vm, VnicProfile } from '@/lib/domain';
import { vmNicAddSchema, vmNicRemoveSchema, vmNicUpdateSchema } from '@/lib/validations/vm-devices';
import { useDeviceAction, useVmDevices } from '../device-forms';
import { NicModelSelect } from '../device-selects';
import { useVmState } from '../live-state';
import { NetworkChooser } from './network-chooser';

/**
 * The NICs tab's actions (issue 19, and issue 17's profile choice in the NIC editor): add a NIC on
 * a vNIC profile with a model and optionally a MAC; per NIC link/unlink (the virtual cable),
 * plug/unplug (hot-plug on a running VM), edit its profile, model and MAC, remove it.
 */
export function VmNicsEditor({ vm: initial }: { vm: Vm }) {
  const t = useTranslations('vmDevices');
  const live = useVmState(initial.id, initial);
  const vm = live.data?.vm ?? initial;
  const devices = useVmDevices(vm.id);
  if (devices.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{t('loadFailed', { message: devices.error.message })}</p>;
  if (!devices.data) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  const { ops, vnicProfiles } = devices.data;
  return (
    <div className="space-y-4" data-testid="vm-nics-editor">
      {ops.addNic ? <AddNicForm vm={vm} profiles={vnicProfiles} /> : <p className="text-sm text-slate-500">{t('nic.addUnsupported')}</p>}
      {(vm.nics ?? []).length > 0 && (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {vm.nics!.map((n) => (
            <NicRow key={n.id} vm={vm} nic={n} profiles={vnicProfiles} canUpdate={ops.updateNic} canUnplug={ops.nicUnplug} canSettings={ops.nicSettings} canRemove={ops.removeNic} />
          ))}
        </ul>
      )}
      {ops.updateNic && (!ops.nicUnplug || !ops.nicSettings) && <p className="text-sm text-slate-500">{t('nic.settingsUnsupported')}</p>}
    </div>
  );
}

function AddNicForm({ vm, profiles }: { vm: Vm; profiles: VnicProfile[] }) {
  const t = useTranslations('vmDevices');
  const { state, pending, submit } = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  const nextName = () => `nic${(vm.nics?.length ?? 0) + 1}`;
  const [values, setValues] = useState({ name: nextName(), vnicProfileId: profiles[0]?.id ?? '', interface: 'virtio', mac: '' });
  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const shown = local ?? state;
  const errors = shown?.fieldErrors ?? {};
  return (
    <form
      noValidate
      data-testid="nic-add-form"
      className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        // Accepted: the next NIC gets the next name and a fresh MAC; refused: everything stays as typed.
        setLocal(submit(vmNicAddAction, vmNicAddSchema, { vmId: vm.id, ...values }, () => setValues((v) => ({ ...v, name: `nic${(vm.nics?.length ?? 0) + 2}`, mac: '' }))));
      }}
    >
      <h3 className="text-sm font-semibold">{t('nic.addTitle')}</h3>
      <div className="grid gap-3 sm:grid-cols-4">
        <Field label={t('nic.name')} name="nic-add-name" error={errors.name}>
          <Input name="nic-add-name" value={values.name} onChange={set('name')} />
        </Field>
        <Field label={t('nic.profile')} name="nic-add-profile" error={errors.vnicProfileId}>
          <NetworkChooser name="nic-add-profile" profiles={profiles} emptyLabel={t('nic.noNetwork')} value={values.vnicProfileId} onChange={set('vnicProfileId')} />
        </Field>
        <Field label={t('nic.model')} name="nic-add-model" error={errors.interface}>
          <NicModelSelect name="nic-add-model" value={values.interface} onChange={set('interface')} />
        </Field>
        <Field label={t('nic.mac')} name="nic-add-mac" error={errors.mac} hint={t('nic.macHint')}>
          <Input name="nic-add-mac" value={values.mac} onChange={set('mac')} />
        </Field>
      </div>
      <div className="flex justify-end">
        <Button type="submit" size="sm" disabled={pending}>
          {t('nic.add')}
        </Button>
      </div>
      <FormStatus state={shown} />
    </form>
  );
}

function NicRow({
  vm, nic, profiles, canUpdate, canUnplug, canSettings, canRemove,
}: { vm: Vm; nic: Nic; profiles: VnicProfile[]; canUpdate: boolean; canUnplug: boolean; canSettings: boolean; canRemove: boolean }) {
  const t = useTranslations('vmDevices');
  const [editing, setEditing] = useState(false);
  const { state, pending, submit, clear } = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  const [values, setValues] = useState({ vnicProfileId: nic.vnicProfile?.id ?? '', interface: nic.interface ?? 'virtio', mac: nic.mac ?? '' });
  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const shown = local ?? state;
  const errors = shown?.fieldErrors ?? {};
  const base = { vmId: vm.id, nicId: nic.id, name: nic.name };
  const linked = nic.linked !== false;
  const plugged = nic.plugged !== false;
  return (
    <li className="space-y-2 p-3" data-testid={`nic-row-${nic.name}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{nic.name}</span>
        <span className="font-mono text-xs text-slate-500">{nic.mac ?? '—'}</span>
        <span className="text-xs text-slate-500">
          {nic.vnicProfile?.name ?? nic.network?.name ?? t('nic.noNetwork')} · {plugged ? t('nic.plugged') : t('nic.unplugged')} · {linked ? t('nic.linked') : t('nic.unlinked')}
        </span>
        <span className="ml-auto flex flex-wrap gap-1">
          {canUpdate && (
            <>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => setLocal(submit(vmNicUpdateAction, vmNicUpdateSchema, { ...base, linked: String(!linked) }))}>
                {linked ? t('nic.unlink') : t('nic.link')}
              </Button>
              {canUnplug && (
                <Button size="sm" variant="secondary" disabled={pending} onClick={() => setLocal(submit(vmNicUpdateAction, vmNicUpdateSchema, { ...base, plugged: String(!plugged) }))}>
                  {plugged ? t('nic.unplug') : t('nic.plug')}
                </Button>
              )}
              <Button size="sm" variant="secondary" onClick={() => { setEditing(!editing); setLocal(undefined); clear(); }}>
                {t('nic.edit')}
              </Button>
            </>
          )}
          {canRemove && (
            <Button size="sm" variant="danger" disabled={pending} onClick={() => setLocal(submit(vmNicRemoveAction, vmNicRemoveSchema, base))}>
              {t('nic.remove')}
            </Button>
          )}
        </span>
      </div>
      {editing && (
        <form
          noValidate
          className="grid gap-2 sm:grid-cols-4 sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            // Model and MAC only where the backend changes them in place.
            const sent = { ...base, edit: 'true', vnicProfileId: values.vnicProfileId, ...(canSettings ? { interface: values.interface, mac: values.mac } : {}) };
            setLocal(submit(vmNicUpdateAction, vmNicUpdateSchema, sent, () => setEditing(false)));
          }}
        >
          <Field label={t('nic.profile')} name={`nic-profile-${nic.id}`} error={errors.vnicProfileId}>
            <NetworkChooser name={`nic-profile-${nic.id}`} profiles={profiles} emptyLabel={t('nic.noNetwork')} value={values.vnicProfileId} onChange={set('vnicProfileId')} />
          </Field>
          {canSettings && (
            <>
              <Field label={t('nic.model')} name={`nic-model-${nic.id}`} error={errors.interface}>
                <NicModelSelect name={`nic-model-${nic.id}`} value={values.interface} onChange={set('interface')} />
              </Field>
              <Field label={t('nic.mac')} name={`nic-mac-${nic.id}`} error={errors.mac}>
                <Input name={`nic-mac-${nic.id}`} value={values.mac} onChange={set('mac')} />
              </Field>
            </>
          )}
          <Button type="submit" size="sm" disabled={pending}>{t('save')}</Button>
        </form>
      )}
      <FormStatus state={shown} />
    </li>
  );
}
