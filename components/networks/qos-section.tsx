'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { QOS_TYPES, type NetworkQos, type QosType } from '@/lib/domain/networks';
import type { FormAction } from './form-action';

const NETWORK_FIELDS = ['inAverage', 'inPeak', 'inBurst', 'outAverage', 'outPeak', 'outBurst'] as const;
const HOST_FIELDS = ['linkShare', 'upperLimit', 'realTime'] as const;

function limits(q: NetworkQos, t: ReturnType<typeof useTranslations>): string {
  if (q.type === 'network') {
    const dir = (label: string, r?: NetworkQos['inbound']) => (r ? `${label} ${r.average}/${r.peak} Mbps, ${r.burst} MB` : undefined);
    return [dir(t('qosIn'), q.inbound), dir(t('qosOut'), q.outbound)].filter(Boolean).join(' · ') || t('qosUnlimited');
  }
  return (
    [
      q.linkShare !== undefined ? `${t('qosField.linkShare')} ${q.linkShare}` : undefined,
      q.upperLimitMbps !== undefined ? `${t('qosField.upperLimit')} ${q.upperLimitMbps} Mbps` : undefined,
      q.realTimeMbps !== undefined ? `${t('qosField.realTime')} ${q.realTimeMbps} Mbps` : undefined,
    ]
      .filter(Boolean)
      .join(' · ') || t('qosUnlimited')
  );
}

function RemoveQos({ action, dataCenterId, qos }: { action: FormAction; dataCenterId: string; qos: NetworkQos }) {
  const t = useTranslations('networks');
  const [state, formAction, pending] = useActionState(action, undefined);
  return (
    <form onSubmit={keepValues(formAction)} className="flex flex-col items-end gap-1">
      <input type="hidden" name="dataCenterId" value={dataCenterId} />
      <input type="hidden" name="id" value={qos.id} />
      <input type="hidden" name="name" value={qos.name} />
      <Button size="sm" variant="danger" disabled={pending} aria-label={t('qosRemoveNamed', { name: qos.name })}>
        {t('removeConfirm')}
      </Button>
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
    </form>
  );
}

/**
 * The data center's network QoS entries (what vNIC profiles limit VM NICs with) and host network
 * QoS entries (what a logical network gets on the hosts): listed, created, removed. The engine
 * decides which values go together and says so in its words.
 */
export function QosSection({
  dataCenterId,
  qos,
  createAction,
  removeAction,
}: {
  dataCenterId: string;
  qos: NetworkQos[];
  createAction: FormAction;
  removeAction: FormAction;
}) {
  const t = useTranslations('networks');
  const [state, formAction, pending] = useActionState(createAction, undefined);
  const [type, setType] = useState<QosType>('network');
  const errors = state?.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      {qos.length === 0 ? (
        <p className="text-sm text-slate-500">{t('qosNoneYet')}</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="qos-list">
          {qos.map((q) => (
            <li key={q.id} className="flex items-start justify-between gap-3 py-2">
              <div>
                <p className="font-medium">
                  {q.name} <span className="text-xs font-normal text-slate-500">{t(`qosType.${q.type}`)}</span>
                </p>
                <p className="text-xs text-slate-600 dark:text-slate-400">{limits(q, t)}</p>
              </div>
              <RemoveQos action={removeAction} dataCenterId={dataCenterId} qos={q} />
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={keepValues(formAction)} className="space-y-3" noValidate data-testid="qos-create">
        <input type="hidden" name="dataCenterId" value={dataCenterId} />
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label={t('qosName')} name="qos-name" error={errors.name}>
            <Input id="qos-name" name="name" maxLength={50} />
          </Field>
          <Field label={t('descriptionLabel')} name="qos-description" error={errors.description}>
            <Input id="qos-description" name="description" maxLength={255} />
          </Field>
          <Field label={t('qosTypeLabel')} name="qos-type" error={errors.type}>
            <Select id="qos-type" name="type" value={type} onChange={(e) => setType(e.target.value as QosType)}>
              {QOS_TYPES.map((q) => (
                <option key={q} value={q}>
                  {t(`qosType.${q}`)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <p className="text-xs text-slate-500">{type === 'network' ? t('qosNetworkHint') : t('qosHostHint')}</p>
        <div className="grid gap-3 sm:grid-cols-3">
          {(type === 'network' ? NETWORK_FIELDS : HOST_FIELDS).map((f) => (
            <Field key={f} label={t(`qosField.${f}`)} name={`qos-${f}`} error={errors[f]}>
              <Input id={`qos-${f}`} name={f} inputMode="numeric" />
            </Field>
          ))}
        </div>
        <FormStatus state={state} className="[overflow-wrap:anywhere]" />
        <Button size="sm" disabled={pending}>
          {t('qosCreate')}
        </Button>
      </form>
    </div>
  );
}
