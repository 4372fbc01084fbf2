import 'server-only';
import { qualifyId, type QualifiedId } from '@/lib/domain';
import { BackendError } from '../../errors';
import { nativeIdFor } from '../../ids';
import type {
  CallOptions,
  CloudInitSpec,
  CreatedRef,
  RunOnceSpec,
  TaskRef,
  VmCreateSpec,
  VmDiskSpec,
  VmNicSpec,
  VmUpdateSpec,
  VmUpdateResult,
} from '../../types';
import { asBool, asObject, asString, listOf, type Json } from '../coerce';
import { newCorrelationId } from '../transport';
import { runAction } from './actions';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/**
 * VM writes that are not plain power actions: create (from a template or
 * blank), edit, remove, run once. Every request of one operation carries the
 * same Correlation-Id, so the engine's jobs for all its steps can be found.
 */

const vmPath = (ctx: OvirtContext, id: QualifiedId) => itemPath(ctx, '/vms', id, 'VM');
const native = (ctx: OvirtContext, id: QualifiedId, what: string) => nativeIdFor(ctx.connectionId, id, what);

/** The engine's `initialization` (cloud-init) block; the password goes out and is never read back. */
export function initializationBody(spec: CloudInitSpec): Json {
  const body: Json = {};
  if (spec.hostname) body.host_name = spec.hostname;
  if (spec.username) body.user_name = spec.username;
  if (spec.password) body.root_password = spec.password;
  if (spec.sshAuthorizedKeys) body.authorized_ssh_keys = spec.sshAuthorizedKeys;
  if (spec.timezone) body.timezone = spec.timezone;
  return body;
}

export function vmCreateBody(ctx: OvirtContext, spec: VmCreateSpec): Json {
  const body: Json = {
    name: spec.name,
    cluster: { id: native(ctx, spec.clusterId, 'Cluster') },
    // "Blank" is the engine's built-in empty template: a VM without disks or NICs.
    template: spec.templateId ? { id: native(ctx, spec.templateId, 'Template') } : { name: 'Blank' },
  };
  if (spec.description) body.description = spec.description;
  if (spec.memoryBytes) {
    body.memory = spec.memoryBytes;
    // The guaranteed memory may not exceed the size; the engine refuses the VM otherwise.
    body.memory_policy = { guaranteed: spec.memoryBytes, max: spec.memoryBytes * 4 };
  }
  if (spec.cpu) body.cpu = { topology: { sockets: spec.cpu.sockets, cores: spec.cpu.cores, threads: spec.cpu.threads } };
  // Without it the engine takes the template's (or the OS type's) display type.
  if (spec.console) body.display = { type: spec.console };
  const os: Json = {};
  if (spec.os) os.type = spec.os;
  if (spec.isoFileId) os.boot = { devices: { device: ['hd', 'cdrom'] } };
  if (Object.keys(os).length) body.os = os;
  if (spec.highAvailability) {
    body.high_availability = { enabled: spec.highAvailability.enabled, priority: spec.highAvailability.priority ?? 1 };
  }
  if (spec.hostId) {
    body.placement_policy = { affinity: 'migratable', hosts: { host: [{ id: native(ctx, spec.hostId, 'Host') }] } };
  }
  if (spec.cloudInit) {
    const init = initializationBody(spec.cloudInit);
    if (Object.keys(init).length) body.initialization = init;
  }
  return body;
}

export function diskAttachmentBody(ctx: OvirtContext, vmName: string, index: number, disk: VmDiskSpec): Json {
  return {
    bootable: disk.bootable ?? index === 0,
    interface: disk.interface,
    active: true,
    disk: {
      alias: `${vmName}_Disk${index + 1}`,
      provisioned_size: disk.sizeBytes,
      // Thin = sparse qcow2; preallocated = raw, fully allocated (valid on file and block storage).
      format: disk.thin ? 'cow' : 'raw',
      sparse: disk.thin,
      storage_domains: { storage_domain: [{ id: native(ctx, disk.storageDomainId, 'Storage domain') }] },
    },
  };
}

export function nicBody(ctx: OvirtContext, nic: VmNicSpec): Json {
  const body: Json = { name: nic.name, interface: nic.interface ?? 'virtio' };
  if (nic.vnicProfileId) body.vnic_profile = { id: native(ctx, nic.vnicProfileId, 'vNIC profile') };
  return body;
}

export async function createVm(ctx: OvirtContext, spec: VmCreateSpec, opts: CallOptions = {}): Promise<CreatedRef> {
  if (spec.baseImageId) throw new BackendError('invalid_input', 'An oVirt VM starts from a template or blank, not from a base image volume.');
  const correlationId = newCorrelationId();
  const { body: created } = await ctx.transport.request({
    method: 'POST',
    path: '/vms',
    query: spec.templateId && spec.cloneTemplateDisks ? { clone: true } : undefined,
    body: vmCreateBody(ctx, spec),
    correlationId,
    signal: opts.signal,
  });
  const nativeId = asString(created.id);
  if (!nativeId) throw new BackendError('backend_error', 'The engine created the VM but did not say its id.');
  const id = qualifyId(ctx.connectionId, nativeId);
  const base = `/vms/${encodeURIComponent(nativeId)}`;
  try {
    // A blank VM gets its devices one by one, as the engine's own UI does.
    for (const [i, disk] of (spec.disks ?? []).entries()) {
      await ctx.transport.request({
        method: 'POST', path: `${base}/diskattachments`, body: diskAttachmentBody(ctx, spec.name, i, disk), correlationId, signal: opts.signal,
      });
    }
    for (const nic of spec.nics ?? []) {
      await ctx.transport.request({ method: 'POST', path: `${base}/nics`, body: nicBody(ctx, nic), correlationId, signal: opts.signal });
    }
    if (spec.isoFileId) {
      const cdroms = await ctx.transport.get(`${base}/cdroms`, undefined, opts.signal);
      const cdromId = asString(listOf(cdroms, 'cdrom')[0]?.id);
      if (!cdromId) throw new BackendError('backend_error', 'The new VM has no CD-ROM to insert the ISO into.');
      await ctx.transport.request({
        method: 'PUT', path: `${base}/cdroms/${encodeURIComponent(cdromId)}`, body: { file: { id: spec.isoFileId } }, correlationId, signal: opts.signal,
      });
    }
  } catch (error) {
    // Half a VM is worse than none: take it away again (with whatever disks it got) and report the step's error.
    await ctx.transport.request({ method: 'DELETE', path: base, correlationId }).catch(() => undefined);
    throw error;
  }
  return { id, correlationId };
}

/**
 * Without `next_run` the engine hot-plugs what it can into a running VM (more
 * sockets, more memory) and keeps the rest as the next-run configuration;
 * `next_run_configuration_exists` in its answer tells which happened.
 */
export async function updateVm(ctx: OvirtContext, id: QualifiedId, spec: VmUpdateSpec, opts: CallOptions = {}): Promise<VmUpdateResult> {
  const body: Json = {};
  if (spec.name !== undefined) body.name = spec.name;
  if (spec.description !== undefined) body.description = spec.description;
  if (spec.memoryBytes !== undefined) body.memory = spec.memoryBytes;
  if (spec.cpu) body.cpu = { topology: { sockets: spec.cpu.sockets, cores: spec.cpu.cores, threads: spec.cpu.threads } };
  const { body: answer } = await withNotFound('VM', () =>
    ctx.transport.request({ method: 'PUT', path: vmPath(ctx, id), body, signal: opts.signal }),
  );
  return { pendingNextRun: asBool(answer.next_run_configuration_exists) ?? false };
}

export async function removeVm(ctx: OvirtContext, id: QualifiedId, options: { keepDisks: boolean }, opts: CallOptions = {}): Promise<TaskRef> {
  const correlationId = newCorrelationId();
  await withNotFound('VM', () =>
    ctx.transport.request({
      method: 'DELETE',
      path: vmPath(ctx, id),
      // detach_only keeps the disks as floating disks; the default removes them with the VM.
      query: options.keepDisks ? { detach_only: true } : undefined,
      correlationId,
      signal: opts.signal,
    }),
  );
  // The Correlation-Id names the engine's jobs of this operation; findTask looks them up when asked.
  return { correlationId };
}

/** The engine's run-once: a start whose body carries a one-time boot setup. */
export function vmRunOnce(ctx: OvirtContext, id: QualifiedId, spec: RunOnceSpec, opts: CallOptions = {}): Promise<TaskRef> {
  const vm: Json = {};
  if (spec.isoFileId) {
    vm.os = { boot: { devices: { device: ['cdrom', 'hd'] } } };
    vm.cdroms = { cdrom: [{ file: { id: spec.isoFileId } }] };
  }
  const body: Json = { vm, volatile: true };
  if (spec.cloudInit) {
    vm.initialization = initializationBody(spec.cloudInit);
    body.use_cloud_init = true;
  }
  return runAction(ctx, 'VM', `${vmPath(ctx, id)}/start`, body, opts);
}

export function readCreatedId(ctx: OvirtContext, body: Json, key?: string): QualifiedId {
  const nativeId = asString((key ? asObject(body[key]) : body)?.id);
  if (!nativeId) throw new BackendError('backend_error', 'The engine did not say the id of what it created.');
  return qualifyId(ctx.connectionId, nativeId);
}
