'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { keepValues } from '@/components/ui/keep-values';
import { GLUSTER_MAX_BRICKS } from '@/lib/validations/gluster';
import { BrickRows, layoutOk, type BrickRow } from './brick-rows';
import type { FormAction, GlusterClusterOption } from './types';

const defaultRows = (c: GlusterClusterOption | undefined, replica: number, name: string): BrickRow[] => {
  const up = (c?.hosts ?? []).filter((h) => h.up);
  const dir = `/gluster_bricks/${name || 'data'}/${name || 'data'}`;
  return Array.from({ length: Math.max(1, replica) }, (_, i) => ({ hostId: up[i]?.id ?? '', dir }));
};

/** A new volume: cluster, name, layout, bricks on the cluster's hosts, the virt store profile. */
export function GlusterCreateForm({ action, clusters }: { action: FormAction; clusters: GlusterClusterOption[] }) {
  const t = useTranslations('gluster');
  const [state, formAction, pending] = useActionState(action, undefined);
  const errors = state?.fieldErrors ?? {};
  const [clusterId, setClusterId] = useState(clusters[0]?.id ?? '');
  const [name, setName] = useState('');
  const [replica, setReplica] = useState(3);
  const cluster = clusters.find((c) => c.id === clusterId);
  const [rows, setRows] = useState<BrickRow[]>(() => defaultRows(cluster, 3, ''));
  const [touchedDirs, setTouchedDirs] = useState(false);
  const reset = (c: GlusterClusterOption | undefined, r: number, n: string) => setRows(defaultRows(c, r, n));
  return (
    <form onSubmit={keepValues(formAction)} className="space-y-4" noValidate>
      <Field label={t('cluster')} name="clusterId" error={errors.clusterId}>
        <Select
          name="clusterId"
          value={clusterId}
          onChange={(e) => {
            setClusterId(e.target.value);
            reset(clusters.find((c) => c.id === e.target.value), replica, name);
          }}
        >
          {clusters.map((c) => (
            <option key={c.id} value={c.id}>
              {t('clusterOption', { name: c.name, connection: c.connectionName })}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('name')} name="name" error={errors.name} hint={t('nameHint')}>
        <Input
          name="name"
          value={name}
          maxLength={64}
          required
          onChange={(e) => {
            setName(e.target.value);
            // Brick directories follow the name until the operator edits one.
            if (!touchedDirs) setRows(rows.map((r) => ({ ...r, dir: `/gluster_bricks/${e.target.value || 'data'}/${e.target.value || 'data'}` })));
          }}
        />
      </Field>
      <Field label={t('layoutLabel')} name="replicaCount" error={errors.replicaCount} hint={t('arbiterUnavailable')}>
        <Select
          name="replicaCount"
          value={String(replica)}
          onChange={(e) => {
            const r = Number(e.target.value);
            setReplica(r);
            reset(cluster, r, name);
          }}
        >
          <option value="3">{t('layoutReplica3')}</option>
          <option value="1">{t('layoutDistribute')}</option>
          <option value="arbiter" disabled>
            {t('layoutArbiter')}
          </option>
        </Select>
      </Field>
      <BrickRows
        hosts={cluster?.hosts ?? []}
        rows={rows}
        setRows={(next) => {
          setTouchedDirs(true);
          setRows(next);
        }}
        replicaCount={replica}
        max={GLUSTER_MAX_BRICKS}
        error={errors.bricks}
      />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="optimize" defaultChecked />
        {t('optimizeOnCreate')}
      </label>
      <FormStatus state={state} className="[overflow-wrap:anywhere]" />
      <Button disabled={pending || !layoutOk(rows, replica) || !name.trim()}>{pending ? t('creating') : t('create')}</Button>
    </form>
  );
}
