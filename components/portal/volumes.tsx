'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { StatusWord } from '@/components/volumes/volume-status';
import type { VolumeState } from '@/lib/domain';
import type { VolumeSnapshotStatus } from '@/lib/domain/volumes';
import type { ActionState } from '@/lib/actions/types';
import { quotaProblem, ZERO, type QuotaScope } from '@/lib/portal/quota';
import {
  portalVolumeCreateAction,
  portalVolumeDeleteAction,
  portalVolumeExtendAction,
  portalVolumeSnapshotAction,
  portalVolumeSnapshotDeleteAction,
} from '@/lib/actions/portal-volumes';
import { QuotaProblemAlert } from './quota-problem';

type ServerAction = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

function useRunner() {
  const [state, setState] = useState<ActionState>();
  const [pending, start] = useTransition();
  const router = useRouter();
  const run = useCallback(
    (action: ServerAction, values: Record<string, string>, after?: (s: ActionState) => void) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(values)) form.set(k, v);
      start(async () => {
        const result = await action(undefined, form);
        setState(result);
        router.refresh();
        after?.(result);
      });
    },
    [router],
  );
  return { state, pending, run };
}

/** While a volume is still moving (creating, extending, deleting…), re-reads the page every few seconds. */
export function RefreshWhileBusy({ busy }: { busy: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(timer);
  }, [busy, router]);
  return null;
}

export function VolumeStatusText({ state, nativeStatus }: { state: VolumeState | VolumeSnapshotStatus; nativeStatus: string }) {
  return <StatusWord state={state} nativeStatus={nativeStatus} />;
}

interface Choice {
  id: string;
  name: string;
}

/** New blank volume: checked against the storage quota before submit, and again on the server. */
export function PortalVolumeCreateForm({ connections, groups, userScope }: { connections: Choice[]; groups: Array<Choice & { scope: QuotaScope }>; userScope: QuotaScope }) {
  const t = useTranslations('portal.volumes');
  const tAll = useTranslations();
  const create = useRunner();
  const [connectionId, setConnectionId] = useState(connections[0]?.id ?? '');
  const [name, setName] = useState('');
  const [size, setSize] = useState('1');
  const [groupId, setGroupId] = useState('');
  const sizeGiB = Number.parseInt(size, 10);
  const scopes = [userScope, ...groups.filter((g) => g.id === groupId).map((g) => g.scope)];
  const problem = Number.isInteger(sizeGiB) && sizeGiB > 0 ? quotaProblem(scopes, { ...ZERO, storageGiB: sizeGiB }) : null;
  return (
    <Card className="space-y-3 p-5">
      <h2 className="font-semibold">{t('createTitle')}</h2>
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.run(portalVolumeCreateAction, { connectionId, name, sizeGiB: size, groupId }, (s) => s.ok && setName(''));
        }}
      >
        <Field label={t('connection')} name="volumeConnection">
          <Select id="volumeConnection" name="volumeConnection" value={connectionId} onChange={(e) => setConnectionId(e.target.value)} required>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('name')} name="volumeName">
          <Input id="volumeName" name="volumeName" value={name} onChange={(e) => setName(e.target.value)} maxLength={255} required />
        </Field>
        <Field label={t('sizeGiB')} name="volumeSize">
          <Input id="volumeSize" name="volumeSize" type="number" min={1} max={16384} value={size} onChange={(e) => setSize(e.target.value)} required />
        </Field>
        {groups.length > 0 && (
          <Field label={t('group')} name="volumeGroup">
            <Select id="volumeGroup" name="volumeGroup" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
              <option value="">{t('justMe')}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <div className="sm:col-span-2">
          {problem && (
            <p role="alert" data-testid="quota-problem" className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
              {tAll(problem.key, problem.values)}
            </p>
          )}
          <Button type="submit" disabled={create.pending || !!problem || !connectionId}>
            {t('create')}
          </Button>
        </div>
      </form>
      <FormStatus state={create.state} />
    </Card>
  );
}

/** Extend (within quota), snapshot, delete (name typed) for one of the user's volumes. */
export function PortalVolumePanel({
  id,
  name,
  sizeGiB,
  recordedGiB,
  scopes,
  busy,
  snapshots,
}: {
  id: string;
  name: string;
  sizeGiB: number;
  recordedGiB: number;
  scopes: QuotaScope[];
  busy: boolean;
  /** How many snapshots the volume holds and the quota's limit (null: none): the form says so before submit. */
  snapshots: { count: number; limit: number | null };
}) {
  const t = useTranslations('portal.volumes');
  const router = useRouter();
  const extend = useRunner();
  const snap = useRunner();
  const remove = useRunner();
  const [newSize, setNewSize] = useState(String(sizeGiB + 1));
  const [snapName, setSnapName] = useState('');
  const [confirmName, setConfirmName] = useState('');
  const wanted = Number.parseInt(newSize, 10);
  const extendProblem = Number.isInteger(wanted) && wanted > sizeGiB ? quotaProblem(scopes, { ...ZERO, storageGiB: wanted - recordedGiB }) : null;
  return (
    <div className="space-y-6">
      <Card className="space-y-3 p-5">
        <h2 className="font-semibold">{t('extendTitle')}</h2>
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-48">
            <Field label={t('newSizeGiB')} name="newSize">
              <Input id="newSize" name="newSize" type="number" min={sizeGiB + 1} max={16384} value={newSize} onChange={(e) => setNewSize(e.target.value)} />
            </Field>
          </div>
          <Button disabled={busy || extend.pending || !(wanted > sizeGiB) || !!extendProblem} onClick={() => extend.run(portalVolumeExtendAction, { id, newSizeGiB: newSize })}>
            {t('extend')}
          </Button>
        </div>
        {extendProblem && (
          <QuotaProblemAlert problem={extendProblem} testId="quota-problem" />
        )}
        <FormStatus state={extend.state} />
      </Card>

      <Card className="space-y-3 p-5">
        <h2 className="font-semibold">{t('snapshotTitle')}</h2>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            snap.run(portalVolumeSnapshotAction, { volumeId: id, name: snapName }, (s) => s.ok && setSnapName(''));
          }}
        >
          <div className="min-w-64 flex-1">
            <Field label={t('snapshotName')} name="volumeSnapshotName">
              <Input id="volumeSnapshotName" name="volumeSnapshotName" value={snapName} onChange={(e) => setSnapName(e.target.value)} maxLength={255} required />
            </Field>
          </div>
          <Button type="submit" disabled={busy || snap.pending || (snapshots.limit !== null && snapshots.count >= snapshots.limit)}>
            {t('snapshot')}
          </Button>
        </form>
        {snapshots.limit !== null && (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="portal-volume-snapshot-allowance">
            {t('snapshotAllowance', { count: snapshots.count, limit: snapshots.limit })}
          </p>
        )}
        <FormStatus state={snap.state} />
      </Card>

      <Card className="space-y-3 border-red-200 p-5 dark:border-red-900">
        <h2 className="font-semibold">{t('deleteTitle')}</h2>
        <div className="flex flex-wrap items-end gap-2">
          <div className="min-w-64 flex-1">
            <Field label={t('deleteConfirm', { name })} name="volumeConfirmName">
              <Input id="volumeConfirmName" name="volumeConfirmName" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" />
            </Field>
          </div>
          <Button
            variant="danger"
            disabled={busy || remove.pending || confirmName !== name}
            onClick={() => remove.run(portalVolumeDeleteAction, { id, confirmName }, (s) => s.ok && router.push('/portal/volumes'))}
          >
            {t('delete')}
          </Button>
        </div>
        <FormStatus state={remove.state} />
      </Card>
    </div>
  );
}

/** Deletes one snapshot of the user's volume (a volume with snapshots cannot be deleted). */
export function PortalVolumeSnapshotDelete({ volumeId, snapshotId, disabled }: { volumeId: string; snapshotId: string; disabled: boolean }) {
  const t = useTranslations('portal.volumes');
  const remove = useRunner();
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="secondary" disabled={disabled || remove.pending} onClick={() => remove.run(portalVolumeSnapshotDeleteAction, { volumeId, snapshotId })}>
        {t('snapshotDelete')}
      </Button>
      <FormStatus state={remove.state} />
    </span>
  );
}
