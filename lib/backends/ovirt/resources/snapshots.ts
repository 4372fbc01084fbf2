import 'server-only';
import type { QualifiedId, Snapshot } from '@/lib/domain';
import type { CallOptions } from '../../types';
import { listOf } from '../coerce';
import { SnapshotTransform } from '../transform';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/** A VM has few snapshots (the engine includes the "Active VM" one): one request, no paging. */
export async function listSnapshots(ctx: OvirtContext, vmId: QualifiedId, opts: CallOptions = {}): Promise<Snapshot[]> {
  const path = `${itemPath(ctx, '/vms', vmId, 'VM')}/snapshots`;
  const body = await withNotFound('VM', () => ctx.transport.get(path, undefined, opts.signal));
  return listOf(body, 'snapshot').map((s) => SnapshotTransform.toInternal(s, ctx.connectionId, { id: vmId }));
}
