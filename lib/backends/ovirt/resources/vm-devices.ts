import 'server-only';
import type { Nic, QualifiedId } from '@/lib/domain';
import { BackendError } from '../../errors';
import { nativeIdFor } from '../../ids';
import type { CallOptions, TaskRef } from '../../types';
import type { VmCdromState, VmDiskAddInput, VmDiskAttachInput, VmDiskUpdate, VmNicInput, VmNicUpdate } from '../../vm-device-types';
import { asString, listOf, type Json } from '../coerce';
import { NicTransform } from '../transform';
import { newCorrelationId } from '../transport';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/**
 * A VM's disks, NICs and CD-ROM on the engine, through its sub-collections:
 * `/vms/{id}/diskattachments` (a new disk travels inside the attachment; a
 * larger `disk.provisioned_size` in a PUT extends it, online on a running VM),
 * `/vms/{id}/nics` (`plugged` hot-plugs, `linked` pulls the virtual cable) and
 * `/vms/{id}/cdroms/{id}` (`current=true`: the running VM's drive only;
 * without: the persistent configuration, used from the next start).
 */

const vmBase = (ctx: OvirtContext, vmId: QualifiedId) => `/${itemPath(ctx, 'vms', vmId, 'VM')}`;
const native = (ctx: OvirtContext, id: QualifiedId, what: string) => encodeURIComponent(nativeIdFor(ctx.connectionId, id, what));

export async function addVmDisk(ctx: OvirtContext, vmId: QualifiedId, input: VmDiskAddInput, opts: CallOptions = {}): Promise<TaskRef> {
  const correlationId = newCorrelationId();
  await withNotFound('VM', () =>
    ctx.transport.request({
      method: 'POST',
      path: `${vmBase(ctx, vmId)}/diskattachments`,
      body: {
        bootable: input.bootable,
        interface: input.interface,
        active: true,
        disk: {
          alias: input.name,
          provisioned_size: input.sizeBytes,
          format: input.thin ? 'cow' : 'raw',
          sparse: input.thin,
          storage_domains: { storage_domain: [{ id: nativeIdFor(ctx.connectionId, input.storageDomainId, 'Storage domain') }] },
          // A Cinder volume of a managed block domain, not an image (the engine refuses cow/sparse there).
          ...(input.managedBlock ? { storage_type: 'managed_block_storage' } : {}),
        },
      },
      correlationId,
      signal: opts.signal,
    }),
  );
  // The disk is locked while the engine creates it; its job carries this Correlation-Id.
  return { correlationId };
}

export async function attachVmDisk(ctx: OvirtContext, vmId: QualifiedId, input: VmDiskAttachInput, opts: CallOptions = {}): Promise<void> {
  await withNotFound('VM', () =>
    ctx.transport.request({
      method: 'POST',
      path: `${vmBase(ctx, vmId)}/diskattachments`,
      body: { bootable: input.bootable, interface: input.interface, active: true, disk: { id: nativeIdFor(ctx.connectionId, input.diskId, 'Disk') } },
      signal: opts.signal,
    }),
  );
}

export async function updateVmDisk(ctx: OvirtContext, vmId: QualifiedId, diskId: QualifiedId, patch: VmDiskUpdate, opts: CallOptions = {}): Promise<void> {
  const body: Json = {};
  if (patch.interface !== undefined) body.interface = patch.interface;
  if (patch.bootable !== undefined) body.bootable = patch.bootable;
  if (patch.active !== undefined) body.active = patch.active;
  if (patch.sizeBytes !== undefined) body.disk = { provisioned_size: patch.sizeBytes };
  await withNotFound('Disk', () =>
    ctx.transport.request({ method: 'PUT', path: `${vmBase(ctx, vmId)}/diskattachments/${native(ctx, diskId, 'Disk')}`, body, signal: opts.signal }),
  );
}

export async function detachVmDisk(ctx: OvirtContext, vmId: QualifiedId, diskId: QualifiedId, options: { removeData: boolean }, opts: CallOptions = {}): Promise<void> {
  await withNotFound('Disk', () =>
    ctx.transport.request({
      method: 'DELETE',
      path: `${vmBase(ctx, vmId)}/diskattachments/${native(ctx, diskId, 'Disk')}`,
      // v4's default keeps the disk as a floating disk; detach_only=false deletes it with its data.
      query: { detach_only: !options.removeData },
      signal: opts.signal,
    }),
  );
}

function nicBody(ctx: OvirtContext, patch: VmNicUpdate): Json {
  const body: Json = {};
  if (patch.name !== undefined) body.name = patch.name;
  if (patch.interface !== undefined) body.interface = patch.interface;
  if (patch.mac !== undefined) body.mac = { address: patch.mac };
  if (patch.linked !== undefined) body.linked = patch.linked;
  if (patch.plugged !== undefined) body.plugged = patch.plugged;
  // An empty vnic_profile element is how the engine is told "no network".
  if (patch.vnicProfileId !== undefined) body.vnic_profile = patch.vnicProfileId === null ? {} : { id: nativeIdFor(ctx.connectionId, patch.vnicProfileId, 'vNIC profile') };
  return body;
}

export async function addVmNic(ctx: OvirtContext, vmId: QualifiedId, input: VmNicInput, opts: CallOptions = {}): Promise<Nic> {
  const { body } = await withNotFound('VM', () =>
    ctx.transport.request({ method: 'POST', path: `${vmBase(ctx, vmId)}/nics`, body: nicBody(ctx, input), signal: opts.signal }),
  );
  return NicTransform.toInternal(body, ctx.connectionId);
}

export async function updateVmNic(ctx: OvirtContext, vmId: QualifiedId, nicId: QualifiedId, patch: VmNicUpdate, opts: CallOptions = {}): Promise<void> {
  await withNotFound('NIC', () =>
    ctx.transport.request({ method: 'PUT', path: `${vmBase(ctx, vmId)}/nics/${native(ctx, nicId, 'NIC')}`, body: nicBody(ctx, patch), signal: opts.signal }),
  );
}

export async function removeVmNic(ctx: OvirtContext, vmId: QualifiedId, nicId: QualifiedId, opts: CallOptions = {}): Promise<void> {
  await withNotFound('NIC', () => ctx.transport.request({ method: 'DELETE', path: `${vmBase(ctx, vmId)}/nics/${native(ctx, nicId, 'NIC')}`, signal: opts.signal }));
}

/** The engine gives every VM one CD-ROM device; its id is read, not assumed. */
async function cdromPath(ctx: OvirtContext, vmId: QualifiedId, signal?: AbortSignal): Promise<string> {
  const base = vmBase(ctx, vmId);
  const list = await withNotFound('VM', () => ctx.transport.get(`${base}/cdroms`, undefined, signal));
  const id = asString(listOf(list, 'cdrom')[0]?.id);
  if (!id) throw new BackendError('invalid_input', 'This VM has no CD-ROM drive.');
  return `${base}/cdroms/${encodeURIComponent(id)}`;
}

const fileOf = (cdrom: Json): string | undefined => {
  const file = cdrom.file;
  return file && typeof file === 'object' && !Array.isArray(file) ? asString((file as Json).id) || undefined : undefined;
};

export async function getVmCdrom(ctx: OvirtContext, vmId: QualifiedId, opts: CallOptions = {}): Promise<VmCdromState> {
  const p = await cdromPath(ctx, vmId, opts.signal);
  const [persistent, current] = await Promise.all([ctx.transport.get(p, undefined, opts.signal), ctx.transport.get(p, { current: true }, opts.signal)]);
  return { persistentIsoFileId: fileOf(persistent), currentIsoFileId: fileOf(current) };
}

export async function setVmCdrom(ctx: OvirtContext, vmId: QualifiedId, isoFileId: string | null, options: { live: boolean }, opts: CallOptions = {}): Promise<void> {
  const p = await cdromPath(ctx, vmId, opts.signal);
  // An empty file id ejects.
  await ctx.transport.request({ method: 'PUT', path: p, query: options.live ? { current: true } : undefined, body: { file: { id: isoFileId ?? '' } }, signal: opts.signal });
}
