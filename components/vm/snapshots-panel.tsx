'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { Snapshot } from '@/lib/domain';
import { snapshotCloneAction, snapshotCreateAction, snapshotOpAction } from '@/lib/actions/vms';
import { useSnapshots, useVmState } from './live-state';
import { StatusPill } from './status-pill';
import { useActionRunner } from './use-action-runner';

type Dialog = { kind: 'delete' | 'clone' | 'preview' | 'revert'; snapshot: Snapshot } | { kind: 'commit' | 'undo' } | null;

/**
 * Snapshots of one VM: take (with memory), then, as the backend works, preview
 * and commit or undo (oVirt) or revert at once (libvirt); delete, clone into a
 * new VM. Operations the backend lacks are not shown (the poll says which it has).
 */
export function SnapshotsPanel({ vm, initial }: { vm: { id: string; name: string }; initial?: Snapshot[] }) {
  const t = useTranslations('snapshots');
  const format = useFormatter();
  const list = useSnapshots(vm.id, initial);
  // Shares the power toolbar's poll (same query): preview, commit and undo need a stopped VM,
  // a new snapshot a VM that is up, down or paused, as the engine demands.
  const status = useVmState(vm.id).data?.vm?.status;
  const down = status === 'stopped';
  // Unknown until the first poll answers (the server's first read carries no operations): nothing offered meanwhile.
  const ops = list.data?.ops;
  const canSnapshot = status === undefined || status === 'running' || status === 'stopped' || status === 'paused';
  const { state, pending, run } = useActionRunner();
  const [description, setDescription] = useState('');
  const [memory, setMemory] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [cloneName, setCloneName] = useState('');
  const snapshots = list.data?.snapshots ?? [];
  const inPreview = snapshots.find((s) => s.status === 'in_preview');
  const busy = snapshots.some((s) => s.status === 'locked');
  const close = () => setDialog(null);

  return (
    <section aria-label={t('title')} className="space-y-3" data-testid="snapshots-panel">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          run(snapshotCreateAction, { vmId: vm.id, description, persistMemory: String(memory) }, (s) => s.ok && setDescription(''));
        }}
      >
        <div className="min-w-56 flex-1">
          <Field label={t('description')} name="snapshot-description" error={state?.fieldErrors?.description}>
            <Input name="snapshot-description" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" checked={memory} onChange={(e) => setMemory(e.target.checked)} />
          {t('withMemory')}
        </label>
        <Button type="submit" disabled={pending || !canSnapshot || !!inPreview}>
          {t('create')}
        </Button>
      </form>
      {inPreview && (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-md bg-sky-50 px-3 py-2 text-sm dark:bg-sky-950/40">
          <span>{t('previewing', { description: inPreview.description ?? inPreview.name })}</span>
          <Button size="sm" disabled={pending || !down} onClick={() => setDialog({ kind: 'commit' })}>
            {t('commit')}
          </Button>
          <Button size="sm" variant="secondary" disabled={pending || !down} onClick={() => setDialog({ kind: 'undo' })}>
            {t('undo')}
          </Button>
        </div>
      )}
      {ops?.preview && status !== undefined && !down && <p className="text-xs text-slate-500">{t('previewNeedsDown')}</p>}
      <FormStatus state={state} />
      {list.error && <p className="text-sm text-red-700 dark:text-red-400">{t('unavailable')}</p>}
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">{t('description')}</th>
            <th className="py-1 pr-3 font-medium">{t('date')}</th>
            <th className="py-1 pr-3 font-medium">{t('status')}</th>
            <th className="py-1 pr-3 font-medium">{t('memory')}</th>
            <th className="py-1 font-medium">
              <span className="sr-only">{t('actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.isLoading && (
            <tr>
              <td colSpan={5} className="py-2 text-slate-500">
                {t('loading')}
              </td>
            </tr>
          )}
          {snapshots.map((s) => {
            const regular = s.snapshotType === 'regular';
            const usable = regular && s.status === 'ok' && !inPreview && !busy;
            return (
              <tr key={s.id} data-testid="snapshot-row" className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1.5 pr-3">{s.snapshotType === 'active' ? t('current') : (s.description ?? s.name)}</td>
                <td className="py-1.5 pr-3 whitespace-nowrap">{s.date ? format.dateTime(new Date(s.date), { dateStyle: 'short', timeStyle: 'short' }) : '—'}</td>
                <td className="py-1.5 pr-3">
                  <StatusPill status={s.status} busy={s.status === 'locked'} />
                </td>
                <td className="py-1.5 pr-3">{s.persistMemory ? t('yes') : t('no')}</td>
                <td className="py-1.5">
                  {regular && (
                    <div className="flex flex-wrap justify-end gap-1">
                      {ops?.preview && (
                        <Button size="sm" variant="secondary" disabled={!usable || !down || pending} onClick={() => setDialog({ kind: 'preview', snapshot: s })}>
                          {t('preview')}
                        </Button>
                      )}
                      {ops?.revert && (
                        <Button size="sm" variant="secondary" disabled={!usable || pending} onClick={() => setDialog({ kind: 'revert', snapshot: s })}>
                          {t('revert')}
                        </Button>
                      )}
                      {ops?.clone && (
                        <Button size="sm" variant="secondary" disabled={!usable || pending} onClick={() => { setCloneName(''); setDialog({ kind: 'clone', snapshot: s }); }}>
                          {t('clone')}
                        </Button>
                      )}
                      {ops?.remove && (
                        <Button size="sm" variant="danger" disabled={!usable || pending} onClick={() => setDialog({ kind: 'delete', snapshot: s })}>
                          {t('delete')}
                        </Button>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <ConfirmDialog
        open={dialog?.kind === 'preview'}
        title={t('previewTitle')}
        confirmLabel={t('preview')}
        pending={pending}
        onCancel={close}
        onConfirm={() => dialog?.kind === 'preview' && run(snapshotOpAction, { vmId: vm.id, op: 'preview', snapshotId: dialog.snapshot.id }, close)}
      >
        <p>{t('previewBody', { name: vm.name })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'revert'}
        title={t('revertTitle')}
        confirmLabel={t('revert')}
        danger
        pending={pending}
        onCancel={close}
        onConfirm={() => dialog?.kind === 'revert' && run(snapshotOpAction, { vmId: vm.id, op: 'revert', snapshotId: dialog.snapshot.id }, close)}
      >
        <p>{dialog?.kind === 'revert' ? t('revertBody', { name: vm.name, description: dialog.snapshot.description ?? dialog.snapshot.name }) : null}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'commit'}
        title={t('commitTitle')}
        confirmLabel={t('commit')}
        danger
        pending={pending}
        onCancel={close}
        onConfirm={() => run(snapshotOpAction, { vmId: vm.id, op: 'commit' }, close)}
      >
        <p>{t('commitBody')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'undo'}
        title={t('undoTitle')}
        confirmLabel={t('undo')}
        pending={pending}
        onCancel={close}
        onConfirm={() => run(snapshotOpAction, { vmId: vm.id, op: 'undo' }, close)}
      >
        <p>{t('undoBody')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title={t('deleteTitle')}
        confirmLabel={t('delete')}
        danger
        pending={pending}
        onCancel={close}
        onConfirm={() => dialog?.kind === 'delete' && run(snapshotOpAction, { vmId: vm.id, op: 'delete', snapshotId: dialog.snapshot.id }, close)}
      >
        <p>{dialog?.kind === 'delete' ? t('deleteBody', { description: dialog.snapshot.description ?? dialog.snapshot.name }) : null}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog?.kind === 'clone'}
        title={t('cloneTitle')}
        confirmLabel={t('clone')}
        pending={pending || cloneName.trim() === ''}
        onCancel={close}
        onConfirm={() => dialog?.kind === 'clone' && run(snapshotCloneAction, { vmId: vm.id, snapshotId: dialog.snapshot.id, name: cloneName }, close)}
        extra={
          <Field label={t('cloneName')} name="clone-name">
            <Input name="clone-name" value={cloneName} onChange={(e) => setCloneName(e.target.value)} />
          </Field>
        }
      >
        <p>{t('cloneBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
