import 'server-only';
import { BackendError, type Backend, type CallOptions, type VmCreateSpec } from '@/lib/backends';
import { parseQualifiedId, type QualifiedId, type Volume } from '@/lib/domain';
import { getBackend, listEnabledBackends } from './connections';
import { attachWith, canServeAttachments } from './volume-attachments';
import type { BootChoices } from './vm-create';
import { readImages, readVolumePage } from './volumes';

/**
 * A VM whose boot disk is a block storage volume, the way Nova boots from volume: the volume is
 * an existing bootable one, or a new one the volume service makes from an image (with Ceph a
 * copy-on-write clone inside the cluster: no image byte passes through the dashboard or the
 * hypervisor). The VM is defined without disks of its own, then the volume is attached as its
 * first boot device (lib/services/volume-attachments.ts). A failure after the VM was defined
 * removes it again, and a volume made for it is deleted: nothing is left half-made.
 */

export type BootVolumeSource =
  | { kind: 'volume'; volumeId: QualifiedId }
  | { kind: 'image'; imageId: string; sizeGiB: number; volumeType?: string; /** The new volume's name. */ name: string };

type VolumeMaker = Backend & Required<Pick<Backend, 'getVolume' | 'createVolume' | 'deleteVolume'>>;
type VmMaker = Backend & Required<Pick<Backend, 'createVm' | 'removeVm'>>;

/** Long enough for a full copy of a large image (no clone possible); a Ceph clone takes about a second. */
export const VOLUME_READY_MS = 10 * 60_000;

const refuse = (words: string) => new BackendError('invalid_input', words, { detail: words });

async function untilAvailable(b: VolumeMaker, id: QualifiedId, opts?: CallOptions): Promise<Volume> {
  const deadline = Date.now() + VOLUME_READY_MS;
  for (;;) {
    const v = await b.getVolume(id, opts);
    if (v.status === 'available') return v;
    if (v.status === 'error') {
      const words = `${b.name} could not make the volume "${v.name}" from the image (status ${v.nativeStatus}); its messages on the volume's page say why.`;
      throw new BackendError('backend_error', words, { detail: words });
    }
    if (Date.now() > deadline) {
      const words = `The volume "${v.name}" is still ${v.nativeStatus} after ${VOLUME_READY_MS / 60_000} minutes; no VM was made.`;
      throw new BackendError('timeout', words, { detail: words });
    }
    if (opts?.signal?.aborted) throw opts.signal.reason;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function makers(volumes: Backend, compute: Backend): { v: VolumeMaker; c: VmMaker } {
  if (!volumes.getVolume || !volumes.createVolume || !volumes.deleteVolume) throw refuse(`${volumes.name} cannot make volumes.`);
  if (!compute.createVm || !compute.removeVm) throw refuse(`${compute.name} cannot make VMs.`);
  return { v: volumes as VolumeMaker, c: compute as VmMaker };
}

/**
 * Makes the VM of `spec` (its own disks, ISO, template and base image are not used: the volume is
 * its boot disk) and attaches the volume as its first boot device. The VM is left stopped.
 */
export async function bootFromVolumeWith(
  volumes: Backend,
  compute: Backend,
  spec: VmCreateSpec,
  source: BootVolumeSource,
  opts?: CallOptions,
): Promise<{ vmId: QualifiedId; volumeId: QualifiedId; device: string; correlationId?: string }> {
  const { v, c } = makers(volumes, compute);
  let volume: Volume;
  let made = false;
  if (source.kind === 'volume') {
    volume = await v.getVolume(source.volumeId, opts);
    if (!volume.bootable) throw refuse(`The volume "${volume.name}" is not marked bootable; mark it bootable on its page first.`);
    if (volume.status !== 'available' || volume.attachments.length > 0) throw refuse(`The volume "${volume.name}" is ${volume.nativeStatus}: only an available, unattached volume can become a new VM's boot disk.`);
  } else {
    volume = await v.createVolume({ name: source.name, sizeGiB: source.sizeGiB, volumeType: source.volumeType, source: { kind: 'image', imageId: source.imageId } }, opts);
    made = true;
    try {
      volume = await untilAvailable(v, volume.id, opts);
    } catch (error) {
      await v.deleteVolume(volume.id).catch((e: unknown) => console.error('[boot-from-volume] could not delete the failed volume', e));
      throw error;
    }
  }
  let created: Awaited<ReturnType<VmMaker['createVm']>> | undefined;
  try {
    // Only the volume: disks, an ISO or a base image would take the first boot order.
    created = await c.createVm({ ...spec, disks: [], isoFileId: undefined, baseImageId: undefined, templateId: undefined, cloudInit: undefined }, opts);
    const { device } = await attachWith(v, c, volume.id, created.id, { ...opts, bootOrder: 1 });
    return { vmId: created.id, volumeId: volume.id, device, correlationId: created.correlationId };
  } catch (error) {
    // The VM may never have been made (the host refused its definition): the volume made for it goes all the same.
    if (created) await c.removeVm(created.id, { keepDisks: true }).catch((e: unknown) => console.error('[boot-from-volume] could not remove the half-made VM', e));
    if (made) await v.deleteVolume(volume.id).catch((e: unknown) => console.error('[boot-from-volume] could not delete the volume made for it', e));
    throw error;
  }
}

/** The wizard's choices for the volume source: bootable free volumes and active images, per volume connection that serves attachments. */
export async function bootChoices(signal?: AbortSignal): Promise<BootChoices> {
  const sides = (await listEnabledBackends()).filter(canServeAttachments);
  const per = await Promise.all(
    sides.map(async (b) => {
      const [page, images] = await Promise.all([readVolumePage(b.id, { page: 1, pageSize: 500 }, signal), readImages(b.id, signal)]);
      return {
        volumes: page.ok
          ? page.value.items
              .filter((v) => v.bootable && v.status === 'available' && v.attachments.length === 0)
              .map((v) => ({ id: v.id, name: v.name, sizeGiB: Math.ceil(v.sizeBytes / 1024 ** 3), connectionName: b.name }))
          : [],
        // No image service, or one that does not answer: no images to offer from this connection.
        images: images.ok ? images.value.filter((i) => i.status === 'active').map((i) => ({ id: i.id, name: i.name, sizeBytes: i.sizeBytes, connectionId: b.id })) : [],
      };
    }),
  );
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    connections: sides.map((b) => ({ id: b.id, name: b.name })),
    volumes: per.flatMap((p) => p.volumes).sort(byName),
    images: per.flatMap((p) => p.images).sort(byName),
  };
}

/** The name of the volume a new VM boots from when it is made from an image. */
export const bootVolumeName = (vmName: string) => `${vmName}-boot`;

/** The wizard's "a Cinder volume" source, by ids: the volume's connection, then bootFromVolumeWith. */
export async function bootFromVolume(
  compute: Backend,
  spec: VmCreateSpec,
  input: { bootVolumeId?: QualifiedId; bootImageId?: string; volumeConnectionId?: string; bootVolumeGiB?: number; bootVolumeType?: string },
): Promise<{ vmId: QualifiedId; volumeId: QualifiedId; device: string; correlationId?: string }> {
  const connectionId = input.bootVolumeId ? parseQualifiedId(input.bootVolumeId)?.connectionId : input.volumeConnectionId;
  if (!connectionId) throw refuse('Choose a volume or an image to boot from.');
  const volumes = await getBackend(connectionId);
  const source: BootVolumeSource = input.bootVolumeId
    ? { kind: 'volume', volumeId: input.bootVolumeId }
    : { kind: 'image', imageId: input.bootImageId!, sizeGiB: input.bootVolumeGiB!, volumeType: input.bootVolumeType, name: bootVolumeName(spec.name) };
  return bootFromVolumeWith(volumes, compute, spec, source);
}
