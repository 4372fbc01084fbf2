import 'server-only';
import { BackendError, type Backend, type CallOptions } from '@/lib/backends';
import { parseQualifiedId, qualifyId, type QualifiedId, type Volume } from '@/lib/domain';
import { invalidate } from './backend-cache';
import { getBackend, listEnabledBackends } from './connections';
import { deleteVolume, readVolumePage } from './volumes';

/**
 * Volumes joined to VMs. The join lives here, above the backends: the volume's backend (Cinder)
 * reserves the volume for the VM's host and says how to reach it, the VM's backend (libvirt) plugs
 * the disk from that, and the volume's backend then marks it in use. Each side only knows its own
 * half; a failure on either side undoes what the other already did, and the caller gets the words
 * of the side that failed. Role checks and the audit entry are the callers' (lib/actions/volumes.ts).
 */

type VolumeSide = Backend & Required<Pick<Backend, 'getVolume' | 'reserveVolumeAttachment' | 'completeVolumeAttachment' | 'removeVolumeAttachment'>>;
type ComputeSide = Backend & Required<Pick<Backend, 'getVm' | 'volumeConnector' | 'attachVolumeDisk' | 'detachVolumeDisk'>>;

export function canServeAttachments(b: Backend): b is VolumeSide {
  return !!(b.getVolume && b.reserveVolumeAttachment && b.completeVolumeAttachment && b.removeVolumeAttachment);
}

export function canPlugVolumes(b: Backend): b is ComputeSide {
  return !!(b.getVm && b.volumeConnector && b.attachVolumeDisk && b.detachVolumeDisk);
}

function sides(volumes: Backend, compute: Backend): { v: VolumeSide; c: ComputeSide } {
  // The words go in `detail` too: that is what an action shows beside its message.
  const refuse = (words: string) => new BackendError('invalid_input', words, { detail: words });
  if (!canServeAttachments(volumes)) throw refuse(`${volumes.name} cannot attach its volumes to VMs.`);
  if (!canPlugVolumes(compute)) throw refuse(`VMs of ${compute.name} (${compute.kind}) cannot take block storage volumes.`);
  return { v: volumes, c: compute };
}

/** Runs an undo step; its own failure is logged, never hides the error that made it necessary. */
async function undo(what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    console.error(`[volume-attachments] rollback step failed: ${what}`, error);
  }
}

/**
 * Attaches a volume to a VM (running: hot-plugged and in its definition; stopped: in its
 * definition). Answers the device name the VM sees it as.
 */
export async function attachWith(
  volumes: Backend,
  compute: Backend,
  volumeId: QualifiedId,
  vmId: QualifiedId,
  opts?: CallOptions & { /** The VM boots from it (a VM made to boot from this volume). */ bootOrder?: number },
): Promise<{ device: string }> {
  const { v, c } = sides(volumes, compute);
  const [volume, vm, connector] = await Promise.all([v.getVolume(volumeId, opts), c.getVm(vmId, opts), c.volumeConnector(opts)]);
  if (volume.attachments.length > 0 && !volume.multiattach) {
    const words = `The volume "${volume.name}" is already attached; detach it first.`;
    throw new BackendError('conflict', words, { detail: words });
  }
  const instanceId = vm.nativeId;
  const grant = await v.reserveVolumeAttachment(volumeId, { instanceId, connector }, opts);
  let plugged = false;
  try {
    // A transport the VM's host cannot open is refused there before the VM changes; the reservation is undone below.
    const { device } = await c.attachVolumeDisk(vmId, { volumeId: volume.nativeId, connection: grant.connection, bootOrder: opts?.bootOrder }, opts);
    plugged = true;
    await v.completeVolumeAttachment(volumeId, grant.attachmentId, { instanceId, device, connector }, opts);
    return { device };
  } catch (error) {
    if (plugged) await undo('unplug the disk', () => c.detachVolumeDisk(vmId, volume.nativeId));
    await undo('release the reservation', () => v.removeVolumeAttachment(volumeId, grant.attachmentId, { connector, completed: false }));
    throw error;
  } finally {
    forget(volumeId, vmId);
  }
}

/** Detaches a volume from a VM: the disk leaves the VM first, then the storage side lets go. */
export async function detachWith(volumes: Backend, compute: Backend, volumeId: QualifiedId, vmId: QualifiedId, opts?: CallOptions): Promise<void> {
  const { v, c } = sides(volumes, compute);
  const [volume, vm, connector] = await Promise.all([v.getVolume(volumeId, opts), c.getVm(vmId, opts), c.volumeConnector(opts)]);
  const attachment = volume.attachments.find((a) => a.serverId === vm.nativeId);
  if (!attachment) {
    const words = `The volume "${volume.name}" is not attached to "${vm.name}".`;
    throw new BackendError('conflict', words, { detail: words });
  }
  try {
    await c.detachVolumeDisk(vmId, volume.nativeId, opts);
    await v.removeVolumeAttachment(volumeId, attachment.attachmentId ?? '', { connector, completed: true }, opts);
  } finally {
    forget(volumeId, vmId);
  }
}

function forget(volumeId: QualifiedId, vmId: QualifiedId): void {
  const volumeConnection = parseQualifiedId(volumeId)?.connectionId;
  const vmConnection = parseQualifiedId(vmId)?.connectionId;
  if (volumeConnection) invalidate(volumeConnection, 'volumes:');
  if (vmConnection) invalidate(vmConnection, 'vms:');
}

function connectionIdOf(id: QualifiedId, what: string): string {
  const parsed = parseQualifiedId(id);
  if (!parsed) throw new BackendError('invalid_input', `Not a valid ${what} id.`);
  return parsed.connectionId;
}

/** By ids, on the connections the ids name. */
export async function attachVolume(volumeId: QualifiedId, vmId: QualifiedId): Promise<{ device: string }> {
  const [volumes, compute] = await Promise.all([getBackend(connectionIdOf(volumeId, 'volume')), getBackend(connectionIdOf(vmId, 'VM'))]);
  return attachWith(volumes, compute, volumeId, vmId);
}

export async function detachVolume(volumeId: QualifiedId, vmId: QualifiedId): Promise<void> {
  const [volumes, compute] = await Promise.all([getBackend(connectionIdOf(volumeId, 'volume')), getBackend(connectionIdOf(vmId, 'VM'))]);
  return detachWith(volumes, compute, volumeId, vmId);
}

export interface AttachTarget {
  id: QualifiedId;
  name: string;
  connectionName: string;
  running: boolean;
}

/** VMs a volume can be attached to: those of every enabled connection whose VMs take volumes. */
export async function listAttachTargets(signal?: AbortSignal): Promise<AttachTarget[]> {
  const computes = (await listEnabledBackends()).filter(canPlugVolumes);
  const lists = await Promise.all(
    computes.map(async (b) => {
      try {
        const page = await b.listVms!({ page: 1, pageSize: 500 }, { signal });
        return page.items.map((vm) => ({ id: vm.id, name: vm.name, connectionName: b.name, running: vm.status === 'running' }));
      } catch {
        // A host that is down offers no VMs; the page says so elsewhere.
        return [];
      }
    }),
  );
  return lists.flat().sort((a, b) => a.name.localeCompare(b.name));
}

/** The VM a volume attachment names (Cinder knows it only by its UUID), among the connections whose VMs take volumes. */
export async function findAttachedVm(serverId: string, signal?: AbortSignal): Promise<AttachTarget | undefined> {
  for (const b of (await listEnabledBackends()).filter(canPlugVolumes)) {
    try {
      const vm = await b.getVm(qualifyId(b.id, serverId), { signal });
      return { id: vm.id, name: vm.name, connectionName: b.name, running: vm.status === 'running' };
    } catch {
      // Not on this host.
    }
  }
  return undefined;
}

// ───────────────────────────── one VM's volumes ─────────────────────────────

export interface VmVolumeRow {
  id: QualifiedId;
  name: string;
  sizeBytes: number;
  connectionName: string;
  /** The device the attachment names (attached rows only). */
  device?: string;
}

export interface VmVolumes {
  /** Why no volume can be attached to this VM: no volume service at all (nothing to offer), or a VM kind that cannot plug one. */
  unsupported?: 'vmKind' | 'noService';
  attached: VmVolumeRow[];
  /** Volumes free to attach: available, attached nowhere. */
  available: VmVolumeRow[];
  /** What could not be read (a volume connection, or one of a user's volumes): named, with its words. */
  problems: { name: string; message: string }[];
}

type Candidate = Pick<Volume, 'id' | 'name' | 'sizeBytes' | 'status' | 'attachments'> & { connectionName: string };

/**
 * Sorts candidate volumes into those attached to the VM (Cinder names it by its native UUID) and
 * those free to attach. A volume attached elsewhere, or still changing, is in neither list.
 */
export function splitForVm(vmNativeId: string, candidates: Candidate[]): Pick<VmVolumes, 'attached' | 'available'> {
  const attached: VmVolumeRow[] = [];
  const available: VmVolumeRow[] = [];
  for (const v of candidates) {
    const mine = v.attachments.find((a) => a.serverId === vmNativeId);
    const row = { id: v.id, name: v.name, sizeBytes: v.sizeBytes, connectionName: v.connectionName };
    if (mine) attached.push({ ...row, device: mine.device });
    else if (v.status === 'available' && v.attachments.length === 0) available.push(row);
  }
  const byName = (a: VmVolumeRow, b: VmVolumeRow) => a.name.localeCompare(b.name);
  return { attached: attached.sort(byName), available: available.sort(byName) };
}

/** Whether the VM's connection takes volumes at all, and which volume connections serve attachments. */
export async function attachSides(vmId: QualifiedId): Promise<{ compute?: ComputeSide; volumeSides: VolumeSide[] }> {
  const compute = await getBackend(connectionIdOf(vmId, 'VM'));
  const volumeSides = (await listEnabledBackends()).filter(canServeAttachments);
  return { compute: canPlugVolumes(compute) ? compute : undefined, volumeSides };
}

/** The admin's view of one VM's volumes: every volume of every connection that serves attachments. */
export async function volumesOfVm(vmId: QualifiedId, vmNativeId: string, signal?: AbortSignal): Promise<VmVolumes> {
  const { compute, volumeSides } = await attachSides(vmId);
  if (volumeSides.length === 0) return { unsupported: 'noService', attached: [], available: [], problems: [] };
  if (!compute) return { unsupported: 'vmKind', attached: [], available: [], problems: [] };
  const problems: VmVolumes['problems'] = [];
  const lists = await Promise.all(
    volumeSides.map(async (b) => {
      // Through the shared cache (the VM page refreshes itself); one volume service down hides its volumes only, named.
      const read = await readVolumePage(b.id, { page: 1, pageSize: 500 }, signal);
      if (read.ok) return read.value.items.map((v) => ({ ...v, connectionName: b.name }));
      problems.push({ name: b.name, message: read.error.message });
      return [];
    }),
  );
  return { ...splitForVm(vmNativeId, lists.flat()), problems };
}

/**
 * Before a VM is deleted: every block storage volume attached to it is detached (else the volume
 * service keeps it in use by a VM that no longer exists), then deleted when asked. A volume
 * connection that cannot be read stops the deletion before anything changed, naming it.
 */
export async function releaseVmVolumes(vmId: QualifiedId, vmNativeId: string, remove: boolean): Promise<{ released: number }> {
  const { compute, volumeSides } = await attachSides(vmId);
  if (!compute || volumeSides.length === 0) return { released: 0 };
  const { attached, problems } = await volumesOfVm(vmId, vmNativeId);
  if (problems.length > 0) {
    const words = `${problems[0]!.name} cannot be read (${problems[0]!.message}): volumes attached to this VM could not be detached, so it is not deleted.`;
    throw new BackendError('unreachable', words, { detail: words });
  }
  for (const v of attached) {
    await detachVolume(v.id, vmId);
    if (remove) await deleteVolume(v.id);
  }
  return { released: attached.length };
}
