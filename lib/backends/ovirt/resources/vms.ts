import 'server-only';
import type { QualifiedId, Vm, VmPowerAction } from '@/lib/domain';
import { BackendError } from '../../errors';
import { nativeIdFor } from '../../ids';
import type { CallOptions, CreatedRef, TaskRef } from '../../types';
import { asObject, asString } from '../coerce';
import { qualifyId } from '@/lib/domain';
import { VM_STATUS, VmTransform } from '../transform';
import { postAction, runAction } from './actions';
import { newCorrelationId } from '../transport';
import type { CollectionSpec } from './collection';
import { itemPath, type OvirtContext } from './context';

export const VMS: CollectionSpec<Vm> = {
  path: '/vms',
  key: 'vm',
  what: 'VM',
  search: {
    fields: {
      name: 'name',
      status: 'status',
      cluster: 'cluster',
      host: 'host',
      dataCenter: 'datacenter',
      template: 'template',
      os: 'os',
      // The engine's cross-reference from VMs to the users holding a role on them
      // ("Vms: Users.usrname = …"): the self-service owner gets UserVmManager on the VM.
      owner: 'users.usrname',
    },
    // A login name may come with or without its profile (user1, user1@internal): a prefix matches both.
    prefixFilters: ['owner'],
    sortFields: { name: 'name', status: 'status', cluster: 'cluster', host: 'host' },
    statusTable: VM_STATUS,
    textField: 'name',
    defaultSort: 'name',
  },
  // Disks, NICs, the names of host and cluster and the guest agent's addresses and users ride along in
  // the same request: a page costs one request however many VMs it holds.
  follow: 'disk_attachments.disk,nics,host,cluster,reported_devices,sessions',
  toInternal: VmTransform.toInternal,
};

/**
 * One VM (detail page, the action panels' poll): also its statistics, for the
 * migration progress. Still one request; the list leaves them out to stay light.
 */
export const VM_ONE: CollectionSpec<Vm> = { ...VMS, follow: `${VMS.follow},statistics` };

/**
 * Our verbs → the engine's. Resuming a paused VM and restoring a suspended
 * one are both `start` on oVirt; `reset` exists since engine 4.4.
 */
const ENGINE_VERB: Record<VmPowerAction, string> = {
  start: 'start',
  shutdown: 'shutdown',
  stop: 'stop',
  reboot: 'reboot',
  reset: 'reset',
  suspend: 'suspend',
  resume: 'start',
};

export function vmAction(ctx: OvirtContext, id: QualifiedId, action: VmPowerAction, opts?: CallOptions): Promise<TaskRef> {
  const verb = ENGINE_VERB[action];
  if (!verb) throw new BackendError('invalid_input', `Unknown VM action "${String(action)}".`);
  return runAction(ctx, VMS.what, `${itemPath(ctx, VMS.path, id, VMS.what)}/${verb}`, {}, opts);
}

/** Without a host the engine's scheduler picks one. */
export function migrateVm(
  ctx: OvirtContext,
  id: QualifiedId,
  target: { hostId?: QualifiedId },
  opts?: CallOptions,
): Promise<TaskRef> {
  const body = target.hostId ? { host: { id: nativeIdFor(ctx.connectionId, target.hostId, 'Host') } } : {};
  return runAction(ctx, VMS.what, `${itemPath(ctx, VMS.path, id, VMS.what)}/migrate`, body, opts);
}

/** The engine's cancelmigration: the VM goes back to `up` on its source host. */
export function cancelMigration(ctx: OvirtContext, id: QualifiedId, opts?: CallOptions): Promise<TaskRef> {
  return runAction(ctx, VMS.what, `${itemPath(ctx, VMS.path, id, VMS.what)}/cancelmigration`, {}, opts);
}

/**
 * The engine's clone action (4.2+): a copy with its own disks, new MACs from the pool, in the same
 * cluster. The VM must be down (the engine says so otherwise). The answer names the new VM and the
 * job that copies the disks: its progress is the task the UI follows.
 */
export async function cloneVm(ctx: OvirtContext, id: QualifiedId, name: string, opts?: CallOptions): Promise<CreatedRef> {
  const correlationId = newCorrelationId();
  const answer = await postAction(ctx, VMS.what, `${itemPath(ctx, VMS.path, id, VMS.what)}/clone`, { vm: { name } }, opts, correlationId);
  const newId = asString(asObject(answer.vm)?.id);
  const job = asString(asObject(answer.job)?.id);
  return {
    // Older engines answer without the new VM's reference: it is then found by name in the list.
    id: newId ? qualifyId(ctx.connectionId, newId) : '',
    correlationId,
    ...(job ? { taskId: qualifyId(ctx.connectionId, job) } : {}),
  };
}
