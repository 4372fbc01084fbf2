'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { keepValues } from '@/components/ui/keep-values';
import { GLUSTER_MAX_BRICKS } from '@/lib/validations/gluster';
import { BrickRows, layoutOk, type BrickRow } from './brick-rows';
import type { BrickHost, FormAction } from './types';

/** Grow the volume by whole replica sets on the cluster's hosts. */
export function GlusterAddBricksForm({ action, volumeId, hosts, replicaCount }: { action: FormAction; volumeId: string; hosts: BrickHost[]; replicaCount: number }) {
  const t = useTranslations('gluster');
  const [state, formAction, pending] = useActionState(action, undefined);
  const set = Math.max(1, replicaCount);
  const up = hosts.filter((h) => h.up);
  const [rows, setRows] = useState<BrickRow[]>(() => Array.from({ length: set }, (_, i) => ({ hostId: up[i]?.id ?? '', dir: '' })));
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-3" noValidate>
      <input type="hidden" name="id" value={volumeId} />
      <input type="hidden" name="replicaCount" value={String(set)} />
      <BrickRows hosts={hosts} rows={rows} setRows={setRows} replicaCount={set} max={GLUSTER_MAX_BRICKS} error={state?.fieldErrors?.bricks} />
      <FormStatus state={state} className="text-xs [overflow-wrap:anywhere]" />
      <Button size="sm" disabled={pending || !layoutOk(rows, set)}>
        {t('addBricks')}
      </Button>
    </form>
  );
}
