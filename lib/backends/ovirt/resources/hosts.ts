import 'server-only';
import type { Host, QualifiedId } from '@/lib/domain';
import type { CallOptions, HostFenceType, TaskRef } from '../../types';
import { HOST_STATUS, HostTransform } from '../transform';
import { runAction } from './actions';
import type { CollectionSpec } from './collection';
import { itemPath, type OvirtContext } from './context';

export const HOSTS: CollectionSpec<Host> = {
  path: '/hosts',
  key: 'host',
  what: 'Host',
  search: {
    fields: { name: 'name', status: 'status', cluster: 'cluster', dataCenter: 'datacenter', address: 'address' },
    sortFields: { name: 'name', status: 'status', cluster: 'cluster' },
    statusTable: HOST_STATUS,
    textField: 'name',
    defaultSort: 'name',
  },
  // The host's own gauges (CPU busy, memory used/free) in the same request as the list, so
  // measured load costs no request per host. An engine that ignores the follow leaves only the
  // link: the hosts still list, their usage is simply unknown.
  follow: 'statistics',
  // The hosted-engine state (HA score, maintenance) is left out of hosts unless asked for.
  allContent: true,
  toInternal: HostTransform.toInternal,
};

function hostAction(ctx: OvirtContext, id: QualifiedId, verb: string, body: Record<string, unknown>, opts?: CallOptions) {
  return runAction(ctx, HOSTS.what, `${itemPath(ctx, HOSTS.path, id, HOSTS.what)}/${verb}`, body, opts);
}

export function hostActivate(ctx: OvirtContext, id: QualifiedId, opts?: CallOptions): Promise<TaskRef> {
  return hostAction(ctx, id, 'activate', {}, opts);
}

/** Maintenance: the engine migrates the host's VMs away first. */
export function hostDeactivate(ctx: OvirtContext, id: QualifiedId, opts?: CallOptions): Promise<TaskRef> {
  return hostAction(ctx, id, 'deactivate', {}, opts);
}

export function hostFence(ctx: OvirtContext, id: QualifiedId, fenceType: HostFenceType, opts?: CallOptions): Promise<TaskRef> {
  return hostAction(ctx, id, 'fence', { fence_type: fenceType }, opts);
}
