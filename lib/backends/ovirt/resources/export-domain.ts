import 'server-only';
import type { QualifiedId } from '@/lib/domain';
import { nativeIdFor } from '../../ids';
import type { ExportedItem, ImportInput } from '../../infra-types';
import type { CallOptions, TaskRef } from '../../types';
import { listOf } from '../coerce';
import { ExportedItemTransform } from '../infra-transform';
import { runAction } from './actions';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

function domainPath(ctx: OvirtContext, id: QualifiedId): string {
  return itemPath(ctx, '/storagedomains', id, 'Storage domain');
}

/** VMs and templates stored on an export domain (two requests, whatever their number). */
export async function listExportedItems(ctx: OvirtContext, exportDomainId: QualifiedId, opts: CallOptions = {}): Promise<ExportedItem[]> {
  const base = domainPath(ctx, exportDomainId);
  const [vms, templates] = await Promise.all([
    withNotFound('Storage domain', () => ctx.transport.get(`${base}/vms`, undefined, opts.signal)),
    withNotFound('Storage domain', () => ctx.transport.get(`${base}/templates`, undefined, opts.signal)),
  ]);
  return [
    ...listOf(vms, 'vm').map((v) => ExportedItemTransform.toInternal(v, ctx.connectionId, 'vm')),
    ...listOf(templates, 'template').map((t) => ExportedItemTransform.toInternal(t, ctx.connectionId, 'template')),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * `POST …/vms/{id}/import` with the target cluster and data domain. `clone` gives new ids (and
 * the new name), for an item that exists already or whose name is taken.
 */
export function importFromExportDomain(ctx: OvirtContext, exportDomainId: QualifiedId, input: ImportInput, opts?: CallOptions): Promise<TaskRef> {
  const collection = input.kind === 'vm' ? 'vms' : 'templates';
  const itemId = encodeURIComponent(nativeIdFor(ctx.connectionId, input.itemId, input.kind === 'vm' ? 'VM' : 'Template'));
  const body: Record<string, unknown> = {
    cluster: { id: nativeIdFor(ctx.connectionId, input.clusterId, 'Cluster') },
    storage_domain: { id: nativeIdFor(ctx.connectionId, input.storageDomainId, 'Storage domain') },
    clone: input.clone,
  };
  if (input.name) body[input.kind] = { name: input.name };
  return runAction(ctx, input.kind === 'vm' ? 'VM' : 'Template', `${domainPath(ctx, exportDomainId)}/${collection}/${itemId}/import`, body, opts);
}
