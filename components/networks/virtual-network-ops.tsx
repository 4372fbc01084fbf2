'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { Network } from '@/lib/domain';
import type { FormAction } from './form-action';

/** Start/stop, autostart and the DHCP range of a libvirt network; libvirt's refusals in its words. */
export function VirtualNetworkOps({ network, opAction, dhcpAction }: { network: Network; opAction: FormAction; dhcpAction: FormAction }) {
  const t = useTranslations('networks');
  const [opState, op, opPending] = useActionState(opAction, undefined);
  const [dhcpState, dhcp, dhcpPending] = useActionState(dhcpAction, undefined);
  const running = network.status === 'operational';
  const range = network.virtual?.ipv4?.dhcp;
  return (
    <div className="space-y-4">
      <form onSubmit={keepValues(op)} className="flex flex-wrap gap-2">
        <input type="hidden" name="id" value={network.id} />
        <input type="hidden" name="op" value={running ? 'stop' : 'start'} />
        <Button size="sm" variant={running ? 'secondary' : 'primary'} disabled={opPending}>
          {running ? t('stop') : t('start')}
        </Button>
      </form>
      <form onSubmit={keepValues(op)}>
        <input type="hidden" name="id" value={network.id} />
        <input type="hidden" name="op" value={network.virtual?.autostart ? 'autostart-off' : 'autostart-on'} />
        <Button size="sm" variant="secondary" disabled={opPending}>
          {network.virtual?.autostart ? t('autostartOff') : t('autostartOn')}
        </Button>
      </form>
      <FormStatus state={opState} className="[overflow-wrap:anywhere]" />
      {network.virtual?.ipv4 && (
        <form onSubmit={keepValues(dhcp)} className="grid max-w-xl gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
          <input type="hidden" name="id" value={network.id} />
          <Field label={t('dhcpStart')} name="dhcp-start" error={dhcpState?.fieldErrors?.dhcpStart}>
            <Input id="dhcp-start" name="dhcpStart" defaultValue={range?.start ?? ''} />
          </Field>
          <Field label={t('dhcpEnd')} name="dhcp-end" error={dhcpState?.fieldErrors?.dhcpEnd}>
            <Input id="dhcp-end" name="dhcpEnd" defaultValue={range?.end ?? ''} />
          </Field>
          <Button size="sm" disabled={dhcpPending}>
            {t('saveRange')}
          </Button>
          <FormStatus state={dhcpState} className="[overflow-wrap:anywhere] sm:col-span-3" />
        </form>
      )}
    </div>
  );
}
