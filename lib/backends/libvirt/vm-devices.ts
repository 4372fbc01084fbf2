import 'server-only';
import { qualifyId, type Nic, type QualifiedId } from '@/lib/domain';
import { BackendError } from '../errors';
import { nativeIdFor } from '../ids';
import type { CallOptions, TaskRef } from '../types';
import type { VmCdromState, VmDiskAddInput, VmDiskUpdate, VmNicInput, VmNicUpdate } from '../vm-device-types';
import type { LibvirtContext } from './context';
import { busOf, nextTarget, volumeXml } from './domain-xml';
import { getVm, lookupDomain } from './domains';
import { uuidToString, type DomainHandle } from './protocol';
import * as rpc from './rpc';
import { lookupPool, lookupVolume } from './storage';
import { child, children, esc, parseXml, toXml, type XmlElement } from './xml';

/**
 * A domain's disks, NICs and CD-ROM after creation (issue 19). A running domain is changed live AND
 * in its definition (so the change survives a restart), a stopped one in its definition; libvirt
 * applies one call to both or neither. What libvirt cannot do in place (change a disk's bus, unplug
 * a NIC but keep it) is refused with the reason, never half-done.
 */

const refuse = (words: string, code: 'conflict' | 'invalid_input' = 'invalid_input') => new BackendError(code, words, { detail: words });

async function docs(ctx: LibvirtContext, dom: DomainHandle, s?: AbortSignal) {
  const inactive = parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, rpc.DomainXmlFlags.INACTIVE, s));
  const live = dom.id >= 0 ? parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, 0, s)) : undefined;
  return { inactive, live, flags: live ? rpc.DeviceFlags.LIVE | rpc.DeviceFlags.CONFIG : rpc.DeviceFlags.CONFIG };
}

const devicesOf = (doc: XmlElement | undefined, name: string) => children(child(doc, 'devices'), name);
const sourceOf = (d: XmlElement) => child(d, 'source')?.attrs.file ?? child(d, 'source')?.attrs.dev;

/** Runs fn, then forgets the cached domain facts (its devices changed). */
async function changing<R>(ctx: LibvirtContext, dom: DomainHandle, fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } finally {
    ctx.domains.delete(uuidToString(dom.uuid));
  }
}

export async function addVmDisk(ctx: LibvirtContext, vmId: QualifiedId, input: VmDiskAddInput, opts?: CallOptions): Promise<TaskRef> {
  const s = opts?.signal;
  const dom = await lookupDomain(ctx, vmId, opts);
  const { inactive, live, flags } = await docs(ctx, dom, s);
  const bus = busOf(input.interface);
  if (bus === 'ide' && live) throw refuse('An IDE disk cannot be plugged into a running QEMU guest; choose VirtIO or VirtIO-SCSI, or stop the VM first.');
  const pool = await lookupPool(ctx, input.storageDomainId, opts);
  const vol = await rpc.storageVolCreateXml(
    ctx.transport, pool, volumeXml({ name: input.name, capacityBytes: input.sizeBytes, format: input.thin ? 'qcow2' : 'raw', preallocate: !input.thin }), 0, s,
  );
  const path = vol.key;
  const used = [...devicesOf(inactive, 'disk'), ...devicesOf(live, 'disk')].map((d) => child(d, 'target')?.attrs.dev ?? '').filter(Boolean);
  const target = nextTarget(bus, used);
  try {
    await changing(ctx, dom, async () => {
      if (bus === 'scsi' && !devicesOf(inactive, 'controller').some((c) => c.attrs.type === 'scsi')) {
        await rpc.domainAttachDeviceFlags(ctx.transport, dom, `<controller type='scsi' model='virtio-scsi'/>`, flags, s);
      }
      const boot = input.bootable ? `<boot order='1'/>` : '';
      await rpc.domainAttachDeviceFlags(
        ctx.transport, dom,
        `<disk type='file' device='disk'><driver name='qemu' type='${input.thin ? 'qcow2' : 'raw'}'/><source file='${esc(path)}'/><target dev='${target}' bus='${bus}'/>${boot}</disk>`,
        flags, s,
      );
    });
  } catch (error) {
    // The volume was made for this disk only: no disk, no volume.
    await rpc.storageVolDelete(ctx.transport, vol, undefined).catch(() => undefined);
    throw error;
  }
  return { correlationId: `libvirt-disk-${target}` };
}

/** The disk element whose source is this disk id's path (the id the VM's disk list gives). */
function findDisk(doc: XmlElement | undefined, path: string): XmlElement | undefined {
  return devicesOf(doc, 'disk').find((d) => d.attrs.device !== 'cdrom' && (sourceOf(d) === path || `${child(d, 'source')?.attrs.pool}/${child(d, 'source')?.attrs.volume}` === path));
}

export async function updateVmDisk(ctx: LibvirtContext, vmId: QualifiedId, diskId: QualifiedId, patch: VmDiskUpdate, opts?: CallOptions): Promise<void> {
  const s = opts?.signal;
  if (patch.interface !== undefined || patch.bootable !== undefined || patch.active !== undefined) {
    throw refuse('libvirt changes a disk\u2019s bus, boot order or plugged state only by redefining the VM; detach the disk and add it again instead.');
  }
  if (patch.sizeBytes === undefined) return;
  const dom = await lookupDomain(ctx, vmId, opts);
  const path = nativeIdFor(ctx.connectionId, diskId, 'disk');
  const { inactive, live } = await docs(ctx, dom, s);
  const disk = findDisk(live, path) ?? findDisk(inactive, path);
  if (!disk) throw new BackendError('not_found', `The disk is not a disk of "${dom.name}".`);
  await changing(ctx, dom, async () => {
    // A running guest's disk grows through QEMU (which tells the guest); a stopped one's volume directly.
    if (findDisk(live, path)) await rpc.domainBlockResize(ctx.transport, dom, child(disk, 'target')?.attrs.dev ?? path, patch.sizeBytes!, 1, s);
    else await rpc.storageVolResize(ctx.transport, await lookupVolume(ctx, diskId, opts), patch.sizeBytes!, 0, s);
  });
}

export async function detachVmDisk(ctx: LibvirtContext, vmId: QualifiedId, diskId: QualifiedId, options: { removeData: boolean }, opts?: CallOptions): Promise<void> {
  const s = opts?.signal;
  const dom = await lookupDomain(ctx, vmId, opts);
  const path = nativeIdFor(ctx.connectionId, diskId, 'disk');
  const { inactive, live } = await docs(ctx, dom, s);
  const inLive = findDisk(live, path);
  const inConfig = findDisk(inactive, path);
  if (!inLive && !inConfig) throw new BackendError('not_found', `The disk is not a disk of "${dom.name}".`);
  const snapshots = await rpc.domainListAllSnapshots(ctx.transport, dom, s);
  if (snapshots.length) {
    throw refuse(`"${dom.name}" has ${snapshots.length} snapshot(s) that hold this disk's state; delete them before the disk leaves the VM.`, 'conflict');
  }
  await changing(ctx, dom, async () => {
    if (inLive) await rpc.domainDetachDeviceFlags(ctx.transport, dom, toXml(inLive), rpc.DeviceFlags.LIVE, s);
    if (inConfig) await rpc.domainDetachDeviceFlags(ctx.transport, dom, toXml(inConfig), rpc.DeviceFlags.CONFIG, s);
  });
  if (options.removeData) {
    if (inLive) await untilGone(ctx, dom, path, s);
    await rpc.storageVolDelete(ctx.transport, await lookupVolume(ctx, diskId, opts), s);
  }
}

/** A live detach returns once QEMU was asked; the volume may be deleted only when the guest let go. */
async function untilGone(ctx: LibvirtContext, dom: DomainHandle, path: string, s?: AbortSignal): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (findDisk(parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, 0, s)), path)) {
    if (Date.now() > deadline) throw refuse(`The guest of "${dom.name}" has not released the disk after 15 s; it is detached from the definition, and its data is kept.`, 'conflict');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** libvirt's vNIC "profiles" are its networks (listVnicProfiles): `network:<name>`. */
function networkName(ctx: LibvirtContext, profileId: QualifiedId): string {
  const native = nativeIdFor(ctx.connectionId, profileId, 'network');
  if (!native.startsWith('network:')) throw refuse(`"${native}" is not a libvirt network.`);
  return native.slice('network:'.length);
}

function nicXml(ctx: LibvirtContext, input: { vnicProfileId?: QualifiedId; interface: string; mac?: string; linked?: boolean }): string {
  if (!input.vnicProfileId) throw refuse('A libvirt interface needs a network.');
  return (
    `<interface type='network'>${input.mac ? `<mac address='${esc(input.mac)}'/>` : ''}<source network='${esc(networkName(ctx, input.vnicProfileId))}'/>` +
    `<model type='${esc(input.interface)}'/>${input.linked === false ? `<link state='down'/>` : ''}</interface>`
  );
}

export async function addVmNic(ctx: LibvirtContext, vmId: QualifiedId, input: VmNicInput, opts?: CallOptions): Promise<Nic> {
  const s = opts?.signal;
  const dom = await lookupDomain(ctx, vmId, opts);
  const { inactive, live, flags } = await docs(ctx, dom, s);
  const macs = [...devicesOf(inactive, 'interface'), ...devicesOf(live, 'interface')].map((n) => child(n, 'mac')?.attrs.address?.toLowerCase());
  if (input.mac && macs.includes(input.mac.toLowerCase())) throw refuse(`The MAC address ${input.mac} is already used by "${dom.name}".`, 'conflict');
  await changing(ctx, dom, () => rpc.domainAttachDeviceFlags(ctx.transport, dom, nicXml(ctx, input), flags, s));
  // libvirt picked the MAC (when none was given): the new interface is the one with a MAC not seen before.
  const vm = await getVm(ctx, vmId, opts);
  const nic = (vm.nics ?? []).find((n) => n.mac && !macs.includes(n.mac.toLowerCase()));
  if (!nic) throw new BackendError('backend_error', 'libvirt attached the interface but does not list it.');
  return nic;
}

function findNic(doc: XmlElement | undefined, mac: string): XmlElement | undefined {
  return devicesOf(doc, 'interface').find((n) => child(n, 'mac')?.attrs.address?.toLowerCase() === mac.toLowerCase());
}

/** NIC ids are `<domain uuid>/<mac>` (transform.ts). */
const macOf = (ctx: LibvirtContext, nicId: QualifiedId) => nativeIdFor(ctx.connectionId, nicId, 'NIC').split('/').pop() ?? '';

export async function updateVmNic(ctx: LibvirtContext, vmId: QualifiedId, nicId: QualifiedId, patch: VmNicUpdate, opts?: CallOptions): Promise<void> {
  const s = opts?.signal;
  if (patch.plugged !== undefined) throw refuse('libvirt has no unplugged-but-kept interface: remove the interface, and add it again later.');
  if (patch.name !== undefined || patch.mac !== undefined || patch.interface !== undefined) {
    throw refuse('libvirt changes an interface\u2019s model or MAC only by redefining the VM; remove the interface and add a new one.');
  }
  const dom = await lookupDomain(ctx, vmId, opts);
  const mac = macOf(ctx, nicId);
  const { inactive, live } = await docs(ctx, dom, s);
  if (!findNic(live, mac) && !findNic(inactive, mac)) throw new BackendError('not_found', `No interface with MAC ${mac} on "${dom.name}".`);
  const patched = (current: XmlElement): XmlElement => {
    const el: XmlElement = JSON.parse(JSON.stringify(current));
    if (patch.vnicProfileId !== undefined) {
      if (patch.vnicProfileId === null) throw refuse('A libvirt interface needs a network: remove it instead.');
      el.children = el.children.filter((c) => c.name !== 'source');
      el.children.push({ name: 'source', attrs: { network: networkName(ctx, patch.vnicProfileId) }, children: [], text: '' });
    }
    if (patch.linked !== undefined) {
      el.children = el.children.filter((c) => c.name !== 'link');
      el.children.push({ name: 'link', attrs: { state: patch.linked ? 'up' : 'down' }, children: [], text: '' });
    }
    return el;
  };
  // The running device and the defined one differ (PCI address, alias): each is updated from its own XML.
  await changing(ctx, dom, async () => {
    const inConfig = findNic(inactive, mac);
    const inLive = findNic(live, mac);
    if (inConfig) await rpc.domainUpdateDeviceFlags(ctx.transport, dom, toXml(patched(inConfig)), rpc.DeviceFlags.CONFIG, s);
    if (inLive) await rpc.domainUpdateDeviceFlags(ctx.transport, dom, toXml(patched(inLive)), rpc.DeviceFlags.LIVE, s);
  });
}

export async function removeVmNic(ctx: LibvirtContext, vmId: QualifiedId, nicId: QualifiedId, opts?: CallOptions): Promise<void> {
  const s = opts?.signal;
  const dom = await lookupDomain(ctx, vmId, opts);
  const mac = macOf(ctx, nicId);
  const { inactive, live } = await docs(ctx, dom, s);
  const inLive = findNic(live, mac);
  const inConfig = findNic(inactive, mac);
  if (!inLive && !inConfig) throw new BackendError('not_found', `No interface with MAC ${mac} on "${dom.name}".`);
  await changing(ctx, dom, async () => {
    if (inLive) await rpc.domainDetachDeviceFlags(ctx.transport, dom, toXml(inLive), rpc.DeviceFlags.LIVE, s);
    if (inConfig) await rpc.domainDetachDeviceFlags(ctx.transport, dom, toXml(inConfig), rpc.DeviceFlags.CONFIG, s);
  });
}

const cdromOf = (doc: XmlElement | undefined) => devicesOf(doc, 'disk').find((d) => d.attrs.device === 'cdrom');

export async function getVmCdrom(ctx: LibvirtContext, vmId: QualifiedId, opts?: CallOptions): Promise<VmCdromState> {
  const dom = await lookupDomain(ctx, vmId, opts);
  const { inactive, live } = await docs(ctx, dom, opts?.signal);
  // ISO ids (listIsoFiles) are qualified volume keys, which are the file paths in the pools this adapter lists.
  const file = (d: XmlElement | undefined) => {
    const path = d ? sourceOf(d) : undefined;
    return path ? qualifyId(ctx.connectionId, path) : undefined;
  };
  return { persistentIsoFileId: file(cdromOf(inactive)), currentIsoFileId: live ? file(cdromOf(live)) : undefined };
}

export async function setVmCdrom(ctx: LibvirtContext, vmId: QualifiedId, isoFileId: string | null, options: { live: boolean }, opts?: CallOptions): Promise<void> {
  const s = opts?.signal;
  const dom = await lookupDomain(ctx, vmId, opts);
  const { inactive, live } = await docs(ctx, dom, s);
  if (options.live && !live) throw refuse(`"${dom.name}" is not running: change the CD in its definition instead.`, 'conflict');
  const drive = cdromOf(options.live ? live : inactive);
  if (!drive) throw refuse(`"${dom.name}" has no CD-ROM drive.`);
  let path: string | undefined;
  if (isoFileId) {
    // The ISO must be a volume libvirt knows (never an arbitrary path on the host).
    const vol = await rpc.storageVolLookupByKey(ctx.transport, nativeIdFor(ctx.connectionId, isoFileId, 'ISO image'), s);
    path = vol.key;
  }
  const el: XmlElement = JSON.parse(JSON.stringify(drive));
  el.children = el.children.filter((c) => c.name !== 'source' && c.name !== 'backingStore' && c.name !== 'alias');
  if (path) el.children.push({ name: 'source', attrs: { file: path }, children: [], text: '' });
  const flags = options.live ? rpc.DeviceFlags.LIVE : rpc.DeviceFlags.CONFIG;
  await changing(ctx, dom, () => rpc.domainUpdateDeviceFlags(ctx.transport, dom, toXml(el), flags, s));
}
