'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { VIRTUAL_NETWORK_MODES } from '@/lib/domain/networks';
import { BandwidthFields } from './bandwidth-form';
import type { FormAction } from './form-action';

/** A libvirt virtual network: mode, the host's address and DHCP range, or the host bridge to use. */
export function VirtualNetworkForm({ action, connections }: { action: FormAction; connections: { id: string; name: string }[] }) {
  const t = useTranslations('networks');
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-4" noValidate data-testid="virtual-network-create">
      <Field label={t('connection')} name="vn-connection" error={errors.connectionId}>
        <Select id="vn-connection" name="connectionId" defaultValue={connections[0]?.id}>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('name')} name="vn-name" error={errors.name} hint={t('nameHint')}>
        <Input id="vn-name" name="name" maxLength={50} />
      </Field>
      <Field label={t('mode')} name="vn-mode" error={errors.mode}>
        <Select id="vn-mode" name="mode" defaultValue="nat">
          {VIRTUAL_NETWORK_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`modes.${m}`)}
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('hostAddress')} name="vn-address" error={errors.address}>
          <Input id="vn-address" name="address" placeholder="192.168.150.1" />
        </Field>
        <Field label={t('prefix')} name="vn-prefix" error={errors.prefix}>
          <Input id="vn-prefix" name="prefix" inputMode="numeric" defaultValue="24" />
        </Field>
        <Field label={t('dhcpStart')} name="vn-dhcp-start" error={errors.dhcpStart}>
          <Input id="vn-dhcp-start" name="dhcpStart" />
        </Field>
        <Field label={t('dhcpEnd')} name="vn-dhcp-end" error={errors.dhcpEnd}>
          <Input id="vn-dhcp-end" name="dhcpEnd" />
        </Field>
        <Field label={t('bridge')} name="vn-bridge" error={errors.bridge} hint={t('bridgeHint')}>
          <Input id="vn-bridge" name="bridge" maxLength={15} />
        </Field>
        <Field label={t('forwardDev')} name="vn-dev" error={errors.forwardDev}>
          <Input id="vn-dev" name="forwardDev" maxLength={15} />
        </Field>
      </div>
      <BandwidthFields idPrefix="vn" errors={errors} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="autostart" />
        {t('autostart')}
      </label>
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
      <Button disabled={pending}>{pending ? t('saving') : t('createVirtual')}</Button>
    </form>
  );
}
