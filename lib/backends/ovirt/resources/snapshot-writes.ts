import 'server-only';
import type { QualifiedId } from '@/lib/domain';
import { nativeIdFor } from '../../ids';
import type { CallOptions, CreatedRef, SnapshotCreateSpec, TaskRef } from '../../types';
import { asString } from '../coerce';
import { newCorrelationId } from '../transport';
import { runAction } from './actions';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';
import { readCreatedId } from './vm-writes';

/** Snapshots, previews and what is made from them (clones). All answer at once and work on in a job. */

const vmPath = (ctx: OvirtContext, vmId: QualifiedId) => itemPath(ctx, '/vms', vmId, 'VM');
const snapshotNative = (ctx: OvirtContext, id: QualifiedId) => nativeIdFor(ctx.connectionId, id, 'Snapshot');

export async function createSnapshot(ctx: OvirtContext, vmId: QualifiedId, spec: SnapshotCreateSpec, opts: CallOptions = {}): Promise<CreatedRef> {
  const correlationId = newCorrelationId();
  const { body } = await withNotFound('VM', () =>
    ctx.transport.request({
      method: 'POST',
      path: `${vmPath(ctx, vmId)}/snapshots`,
      body: { description: spec.description, persist_memorystate: spec.persistMemory ?? false },
      correlationId,
      signal: opts.signal,
    }),
  );
  return { id: readCreatedId(ctx, body), correlationId };
}

export async function removeSnapshot(ctx: OvirtContext, vmId: QualifiedId, snapshotId: QualifiedId, opts: CallOptions = {}): Promise<TaskRef> {
  const correlationId = newCorrelationId();
  await withNotFound('Snapshot', () =>
    ctx.transport.request({
      method: 'DELETE',
      path: `${vmPath(ctx, vmId)}/snapshots/${encodeURIComponent(snapshotNative(ctx, snapshotId))}`,
      correlationId,
      signal: opts.signal,
    }),
  );
  // The Correlation-Id names the engine's jobs of this operation; findTask looks them up when asked.
  return { correlationId };
}

/** Boots the VM's disks as they were in the snapshot until commit (keep) or undo (go back). */
export function previewSnapshot(ctx: OvirtContext, vmId: QualifiedId, snapshotId: QualifiedId, opts: CallOptions = {}): Promise<TaskRef> {
  return runAction(ctx, 'VM', `${vmPath(ctx, vmId)}/previewsnapshot`, { snapshot: { id: snapshotNative(ctx, snapshotId) } }, opts);
}

export function commitSnapshot(ctx: OvirtContext, vmId: QualifiedId, opts: CallOptions = {}): Promise<TaskRef> {
  return runAction(ctx, 'VM', `${vmPath(ctx, vmId)}/commitsnapshot`, {}, opts);
}

export function undoSnapshot(ctx: OvirtContext, vmId: QualifiedId, opts: CallOptions = {}): Promise<TaskRef> {
  return runAction(ctx, 'VM', `${vmPath(ctx, vmId)}/undosnapshot`, {}, opts);
}

/** The engine clones from a snapshot through `POST /vms` naming the snapshot (and the source VM's cluster). */
export async function cloneVmFromSnapshot(
  ctx: OvirtContext,
  vmId: QualifiedId,
  snapshotId: QualifiedId,
  name: string,
  opts: CallOptions = {},
): Promise<CreatedRef> {
  const source = await withNotFound('VM', () => ctx.transport.get(vmPath(ctx, vmId), undefined, opts.signal));
  const clusterId = asString((source.cluster as { id?: unknown } | undefined)?.id);
  const correlationId = newCorrelationId();
  const { body } = await ctx.transport.request({
    method: 'POST',
    path: '/vms',
    body: {
      name,
      cluster: clusterId ? { id: clusterId } : undefined,
      snapshots: { snapshot: [{ id: snapshotNative(ctx, snapshotId) }] },
    },
    correlationId,
    signal: opts.signal,
  });
  return { id: readCreatedId(ctx, body), correlationId };
}
