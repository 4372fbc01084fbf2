'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { vmCdromAction } from '@/lib/actions/cdrom';
import type { ActionState } from '@/lib/actions/types';
import type { Vm } from '@/lib/domain';
import { vmCdromSchema } from '@/lib/validations/vm-devices';
import { useDeviceAction, useVmDevices } from '../device-forms';
import { useVmState } from '../live-state';

/**
 * The CD-ROM (issue 19): what the running VM's drive holds and what its definition boots with,
 * apart when they differ; insert, change or eject an ISO now, from the next start, or both.
 */
export function VmCdrom({ vm: initial }: { vm: Vm }) {
  const t = useTranslations('vmDevices');
  const live = useVmState(initial.id, initial);
  const vm = live.data?.vm ?? initial;
  const devices = useVmDevices(vm.id);
  const { state, pending, submit } = useDeviceAction();
  const [local, setLocal] = useState<ActionState>();
  const [iso, setIso] = useState<string>();
  const running = vm.status === 'running' || vm.status === 'paused';
  const [scope, setScope] = useState<string>();
  if (devices.isError) return <p role="alert" className="text-sm text-red-700 dark:text-red-300">{t('loadFailed', { message: devices.error.message })}</p>;
  if (!devices.data) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  if (!devices.data.ops.cdrom) return <p className="text-sm text-slate-500" data-testid="vm-cdrom">{t('cd.unsupported')}</p>;
  const { cdrom, isoFiles } = devices.data;
  const nameOf = (id?: string) => (id ? (isoFiles.find((f) => f.id === id)?.name ?? id) : t('cd.empty'));
  const chosenScope = scope ?? (running ? 'both' : 'persistent');
  const chosenIso = iso ?? cdrom?.persistentIsoFileId ?? '';
  const shown = local ?? state;
  const send = (isoFileId: string) => setLocal(submit(vmCdromAction, vmCdromSchema, { vmId: vm.id, isoFileId, scope: chosenScope }));
  return (
    <div className="space-y-3" data-testid="vm-cdrom">
      <dl className="grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
        {running && (
          <>
            <dt className="text-slate-500">{t('cd.now')}</dt>
            <dd data-testid="cd-current">{nameOf(cdrom?.currentIsoFileId)}</dd>
          </>
        )}
        <dt className="text-slate-500">{t('cd.nextStart')}</dt>
        <dd data-testid="cd-persistent">{nameOf(cdrom?.persistentIsoFileId)}</dd>
      </dl>
      <form
        noValidate
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          send(chosenIso);
        }}
      >
        <Field label={t('cd.iso')} name="cd-iso">
          <Select name="cd-iso" value={chosenIso} onChange={(e) => setIso(e.target.value)}>
            <option value="">{t('cd.empty')}</option>
            {isoFiles.map((f) => (
              <option key={`${f.storageDomain.id}/${f.id}`} value={f.id}>
                {f.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('cd.scope')} name="cd-scope" error={shown?.fieldErrors?.scope}>
          <Select name="cd-scope" value={chosenScope} onChange={(e) => setScope(e.target.value)}>
            {running && <option value="both">{t('cd.scopes.both')}</option>}
            {running && <option value="live">{t('cd.scopes.live')}</option>}
            <option value="persistent">{t('cd.scopes.persistent')}</option>
          </Select>
        </Field>
        <Button type="submit" size="sm" disabled={pending}>
          {t('cd.change')}
        </Button>
        <Button type="button" size="sm" variant="secondary" disabled={pending} onClick={() => send('')}>
          {t('cd.eject')}
        </Button>
      </form>
      <FormStatus state={shown} />
    </div>
  );
}
