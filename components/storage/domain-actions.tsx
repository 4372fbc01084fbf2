'use client';

import { useActionState } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { ConfirmRemove } from '@/components/ui/confirm-remove';

type FormAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface StorageDomainSummary {
  id: string;
  name: string;
  /** Common status word: active, maintenance, unattached, locked … */
  status: string;
  kind: string;
  dataCenterId?: string;
}

/**
 * What an operator does with one storage domain, offered according to its state: attach an
 * unattached one, move an active one to maintenance, activate or detach one in maintenance,
 * remove an unattached one. The engine still has the last word; its refusals show as they are.
 */
export function StorageDomainActions({
  sd,
  dataCenters,
  hosts,
  attachAction,
  stateAction,
  removeAction,
  attachNote,
}: {
  sd: StorageDomainSummary;
  dataCenters: { id: string; name: string }[];
  /** Why some data centers are not offered for attaching (already translated). */
  attachNote?: string;
  hosts: { id: string; name: string }[];
  attachAction: FormAction;
  stateAction: FormAction;
  removeAction: FormAction;
}) {
  const t = useTranslations('storageActions');
  const [attachState, attach, attaching] = useActionState(attachAction, undefined);
  const [opState, runOp, running] = useActionState(stateAction, undefined);
  const unattached = !sd.dataCenterId || sd.status === 'unattached';
  const op = (name: 'activate' | 'deactivate' | 'detach', variant: 'secondary' | 'danger' = 'secondary') => (
    <form action={runOp}>
      <input type="hidden" name="id" value={sd.id} />
      <input type="hidden" name="dataCenterId" value={sd.dataCenterId ?? ''} />
      <input type="hidden" name="op" value={name} />
      <Button size="sm" variant={variant} disabled={running}>
        {t(`ops.${name}`)}
      </Button>
    </form>
  );
  return (
    <div className="space-y-3" aria-label={t('actionsFor', { name: sd.name })} role="group">
      <div className="flex flex-wrap items-center gap-2">
        {unattached && dataCenters.length > 0 && (
          <form action={attach} className="flex items-center gap-2">
            <input type="hidden" name="id" value={sd.id} />
            <label htmlFor={`attach-${sd.id}`} className="sr-only">
              {t('attachTo')}
            </label>
            <Select id={`attach-${sd.id}`} name="dataCenterId" className="w-auto py-1 text-xs">
              {dataCenters.map((dc) => (
                <option key={dc.id} value={dc.id}>
                  {dc.name}
                </option>
              ))}
            </Select>
            <Button size="sm" disabled={attaching}>
              {t('attach')}
            </Button>
          </form>
        )}
        {unattached && attachNote && <p className="basis-full text-xs text-slate-500">{attachNote}</p>}
        {!unattached && sd.status === 'active' && op('deactivate')}
        {!unattached && (sd.status === 'maintenance' || sd.status === 'inactive') && op('activate')}
        {!unattached && (sd.status === 'maintenance' || sd.status === 'inactive') && op('detach', 'danger')}
        {sd.kind === 'export' && !unattached && (
          <Link href={{ pathname: '/storage/import', query: { domain: sd.id } }} className="text-xs font-medium text-brand-600 hover:underline">
            {t('importFrom')}
          </Link>
        )}
        {sd.kind === 'data' && sd.status === 'active' && (
          <Link href={{ pathname: '/storage/upload', query: { domain: sd.id } }} className="text-xs font-medium text-brand-600 hover:underline">
            {t('uploadTo')}
          </Link>
        )}
      </div>
      <FormStatus state={attachState} className="[overflow-wrap:anywhere]" />
      <FormStatus state={opState} className="[overflow-wrap:anywhere]" />
      {unattached && hosts.length > 0 && (
        <ConfirmRemove action={removeAction} id={sd.id} name={sd.name} namespace="storageActions">
          <label className="block text-xs font-medium">
            {t('removeHost')}
            <Select name="hostId" className="mt-1 py-1 text-xs">
              {hosts.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </Select>
          </label>
          <label className="flex items-center gap-2 text-xs">
            <input type="checkbox" name="format" />
            {t('format')}
          </label>
        </ConfirmRemove>
      )}
    </div>
  );
}
