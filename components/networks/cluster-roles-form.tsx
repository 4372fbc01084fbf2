'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { keepValues } from '@/components/ui/keep-values';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import type { ClusterNetwork } from '@/lib/domain';
import { CLUSTER_ROLES } from '@/lib/validations/network';
import type { FormAction } from './form-action';

/** One cluster row: attached or not, required, and the network's roles there (one save). */
export function ClusterRolesForm({
  action,
  clusterId,
  clusterName,
  networkId,
  attachment,
}: {
  action: FormAction;
  clusterId: string;
  clusterName: string;
  networkId: string;
  attachment?: ClusterNetwork;
}) {
  const t = useTranslations('networks');
  const [state, formAction, pending] = useActionState(action, undefined);
  const has = (r: string) => attachment?.usages.includes(r as never) ?? false;
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-2" data-testid={`cluster-roles-${clusterName}`} aria-label={t('clusterRolesOf', { name: clusterName })}>
      <input type="hidden" name="clusterId" value={clusterId} />
      <input type="hidden" name="networkId" value={networkId} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <label className="flex items-center gap-1.5 font-medium">
          <input type="checkbox" name="attached" defaultChecked={!!attachment} />
          {t('attached')}
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" name="required" defaultChecked={attachment?.required ?? false} />
          {t('required')}
        </label>
        {CLUSTER_ROLES.map((r) => (
          <label key={r} className="flex items-center gap-1.5">
            <input type="checkbox" name={`role_${r}`} defaultChecked={has(r)} />
            {t(`role.${r}`)}
          </label>
        ))}
        <Button size="sm" variant="secondary" disabled={pending}>
          {t('save')}
        </Button>
      </div>
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
    </form>
  );
}
