'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { Network, NetworkBandwidth } from '@/lib/domain';
import type { FormAction } from './form-action';

const FIELDS = [
  ['in', 'inbound'],
  ['out', 'outbound'],
] as const;

/**
 * libvirt's <bandwidth> as six number fields (average, peak in KiB/s; burst in KiB) per direction,
 * shared by the create form and the edit form; an empty direction has no limit.
 */
export function BandwidthFields({ idPrefix, value, errors }: { idPrefix: string; value?: NetworkBandwidth; errors: Record<string, string> }) {
  const t = useTranslations('networks');
  return (
    <fieldset className="space-y-2" data-testid={`${idPrefix}-bandwidth`}>
      <legend className="text-sm font-medium">{t('bandwidth')}</legend>
      <p className="text-xs text-slate-500">{t('bandwidthHint')}</p>
      {FIELDS.map(([dir, key]) => (
        <div key={dir} className="grid gap-3 sm:grid-cols-3">
          {(['Average', 'Peak', 'Burst'] as const).map((part) => {
            const name = `${dir}${part}`;
            const id = `${idPrefix}-${name}`;
            const current = value?.[key]?.[part.toLowerCase() as 'average' | 'peak' | 'burst'];
            return (
              <Field key={name} label={t(`rate.${name}`)} name={id} error={errors[name]}>
                <Input id={id} name={name} inputMode="numeric" defaultValue={current === undefined ? '' : String(current)} />
              </Field>
            );
          })}
        </div>
      ))}
    </fieldset>
  );
}

/** Change a virtual network's bandwidth: libvirt applies it when the network next starts. */
export function BandwidthForm({ network, action }: { network: Network; action: FormAction }) {
  const t = useTranslations('networks');
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form onSubmit={keepValues(formAction)} className="max-w-xl space-y-3" noValidate data-testid="bandwidth-form">
      <input type="hidden" name="id" value={network.id} />
      <BandwidthFields
        idPrefix="bw"
        value={network.virtual?.bandwidthOnStart !== undefined ? (network.virtual.bandwidthOnStart ?? undefined) : network.virtual?.bandwidth}
        errors={state?.fieldErrors ?? {}}
      />
      {network.virtual?.bandwidthOnStart !== undefined && (
        <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="bandwidth-pending">
          {t('bandwidthPending')}
        </p>
      )}
      {network.status === 'operational' && <p className="text-xs text-slate-500">{t('bandwidthNextStart')}</p>}
      <Button size="sm" disabled={pending}>
        {t('saveBandwidth')}
      </Button>
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
    </form>
  );
}
