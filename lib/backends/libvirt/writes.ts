import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { qualifyId, type CpuTopology, type Disk, type QualifiedId } from '@/lib/domain';
import { BackendError, isBackendError } from '../errors';
import { nativeIdFor } from '../ids';
import { mapLimit } from '../map-limit';
import type {
  CallOptions,
  CreatedRef,
  DiskCreateInput,
  IsoFile,
  SnapshotCreateSpec,
  TaskRef,
  VmCreateSpec,
  VmUpdateSpec,
  VmUpdateResult,
  VnicProfile,
} from '../types';
import type { LibvirtContext } from './context';
import { allDomainFacts, lookupDomain } from './domains';
import { busOf, domainXml, nextTarget, setDomainElement, snapshotXml, volumeXml, type NewDomain } from './domain-xml';
import { uuidToString, type DomainHandle, type NamedHandle, type VolHandle } from './protocol';
import * as rpc from './rpc';
import { getDisk, listDisks, lookupPool, lookupVolume } from './storage';
import { listNetworks } from './networks';
import { noCloudSeed } from './nocloud';
import { parseDomainXml, toDisk } from './transform';
import { child, parseXml, textOf } from './xml';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const GIB = 1024 ** 3;

function assertName(name: string, what: string): void {
  if (!NAME.test(name)) {
    throw new BackendError('invalid_input', `${what} may use letters, digits, ".", "_" and "-" (up to 64, starting with a letter or digit).`);
  }
}

function ref(): TaskRef {
  return { correlationId: randomUUID() };
}

/** KVM when the host offers it for x86_64, else QEMU's emulator (TCG): what virt-install decides too. */
async function domainType(ctx: LibvirtContext, opts?: CallOptions): Promise<string> {
  if (ctx.target.driver === 'test') return 'test';
  const caps = parseXml(await rpc.connectGetCapabilities(ctx.transport, opts?.signal));
  const guests = caps.children.filter((g) => g.name === 'guest' && child(g, 'arch')?.attrs.name === 'x86_64');
  const kvm = guests.some((g) => child(g, 'arch')?.children.some((d) => d.name === 'domain' && d.attrs.type === 'kvm'));
  return kvm ? 'kvm' : 'qemu';
}

/** Where the console listens: an address the dashboard itself uses to reach the host. */
function consoleListen(ctx: LibvirtContext): string {
  const host = ctx.target.host;
  if (!host || ctx.target.transport === 'unix') return '127.0.0.1';
  return net.isIP(host) ? host : '0.0.0.0';
}

async function poolFor(ctx: LibvirtContext, storageDomainId: QualifiedId, opts?: CallOptions): Promise<NamedHandle> {
  return lookupPool(ctx, storageDomainId, opts);
}

async function volumePath(ctx: LibvirtContext, vol: VolHandle, opts?: CallOptions): Promise<{ path: string; format: string; capacity: number }> {
  const xml = parseXml(await rpc.storageVolGetXmlDesc(ctx.transport, vol, opts?.signal));
  return {
    path: textOf(xml, 'target', 'path') ?? vol.key,
    format: child(xml, 'target', 'format')?.attrs.type ?? 'raw',
    capacity: Number(textOf(xml, 'capacity') ?? 0),
  };
}

/**
 * A new VM from the wizard: its disks become pool volumes first (blank, a
 * copy-on-write overlay of a base image, or a full copy), then the domain is
 * defined. A failure part-way deletes the volumes made so far: nothing is left behind.
 */
export async function createVm(ctx: LibvirtContext, spec: VmCreateSpec, opts?: CallOptions): Promise<CreatedRef> {
  const s = opts?.signal;
  assertName(spec.name, 'A VM name');
  nativeIdFor(ctx.connectionId, spec.clusterId, 'cluster');
  if (spec.highAvailability?.enabled) throw new BackendError('invalid_input', 'High availability is not available for single libvirt hosts.');
  if (spec.hostId) nativeIdFor(ctx.connectionId, spec.hostId, 'host');
  const memoryBytes = spec.memoryBytes ?? GIB;
  const cpu: CpuTopology = spec.cpu ?? { sockets: 1, cores: 1, threads: 1 };
  if (!Number.isSafeInteger(memoryBytes) || memoryBytes < 16 * 1024 ** 2) throw new BackendError('invalid_input', 'Memory must be at least 16 MiB.');
  for (const n of [cpu.sockets, cpu.cores, cpu.threads]) {
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new BackendError('invalid_input', 'CPU sockets, cores and threads must be whole numbers from 1.');
  }
  try {
    await rpc.domainLookupByName(ctx.transport, spec.name, s);
    throw new BackendError('conflict', `A VM named "${spec.name}" already exists on this host.`);
  } catch (error) {
    if (!isBackendError(error, 'not_found')) throw error;
  }

  const created: VolHandle[] = [];
  try {
    const disks: NewDomain['disks'] = [];
    const used = () => disks.map((x) => x.target);
    // A libvirt host has no templates; callers written before baseImageId named the base image volume templateId.
    const baseImageId = spec.baseImageId ?? spec.templateId;
    if (baseImageId) {
      // The new disk is a copy-on-write overlay on the base image (or a full copy): no bytes pass through the dashboard.
      const base = await lookupVolume(ctx, baseImageId, opts);
      const info = await volumePath(ctx, base, opts);
      const pool = await rpc.storagePoolLookupByName(ctx.transport, base.pool, s);
      const name = `${spec.name}-disk0.qcow2`;
      const vol = spec.cloneTemplateDisks
        ? await rpc.storageVolCreateXmlFrom(ctx.transport, pool, volumeXml({ name, capacityBytes: info.capacity, format: 'qcow2' }), base, s)
        : await rpc.storageVolCreateXml(
            ctx.transport,
            pool,
            volumeXml({ name, capacityBytes: info.capacity, format: 'qcow2', backing: { path: info.path, format: info.format } }),
            0,
            s,
          );
      created.push(vol);
      // A flavor larger than the image: the boot disk grows (qemu-img resize of the overlay); the
      // guest's cloud-init/growpart then extends its filesystem. Smaller is refused, never cut.
      if (spec.bootDiskSizeBytes !== undefined) {
        if (!Number.isSafeInteger(spec.bootDiskSizeBytes) || spec.bootDiskSizeBytes < info.capacity) {
          const words = `The base image is ${Math.ceil(info.capacity / GIB)} GiB: the boot disk cannot be smaller.`;
          throw new BackendError('invalid_input', words, { detail: words });
        }
        if (spec.bootDiskSizeBytes > info.capacity) await rpc.storageVolResize(ctx.transport, vol, spec.bootDiskSizeBytes, 0, s);
      }
      disks.push({ path: (await volumePath(ctx, vol, opts)).path, format: 'qcow2', bus: 'virtio', target: nextTarget('virtio', used()) });
    }
    for (const d of spec.disks ?? []) {
      if (!Number.isSafeInteger(d.sizeBytes) || d.sizeBytes < 1024 ** 2) throw new BackendError('invalid_input', 'A disk must be at least 1 MiB.');
      const pool = await poolFor(ctx, d.storageDomainId, opts);
      const format = d.thin ? 'qcow2' : 'raw';
      const index = disks.length;
      const vol = await rpc.storageVolCreateXml(
        ctx.transport,
        pool,
        volumeXml({ name: `${spec.name}-disk${index}.${d.thin ? 'qcow2' : 'img'}`, capacityBytes: d.sizeBytes, format, preallocate: !d.thin }),
        0,
        s,
      );
      created.push(vol);
      const b = busOf(d.interface);
      disks.push({ path: (await volumePath(ctx, vol, opts)).path, format, bus: b, target: nextTarget(b, used()) });
    }
    let cdrom: NewDomain['cdrom'];
    if (spec.isoFileId) {
      const iso = await lookupVolume(ctx, qualifiedIso(ctx, spec.isoFileId), opts);
      cdrom = { path: (await volumePath(ctx, iso, opts)).path, target: nextTarget('sata', used()), bus: 'sata' };
    }
    let seed: NewDomain['seed'];
    if (spec.cloudInit) {
      // The seed goes beside the VM's first disk: the base image's pool, else the first new disk's.
      const poolName = baseImageId ? (await lookupVolume(ctx, baseImageId, opts)).pool : spec.disks?.[0] ? (await poolFor(ctx, spec.disks[0].storageDomainId, opts)).name : undefined;
      if (!poolName) throw new BackendError('invalid_input', 'cloud-init needs a disk: its seed volume goes into the pool of the VM\u2019s first disk.');
      const vol = await writeSeed(ctx, poolName, spec.name, noCloudSeed(spec.cloudInit, randomUUID()), opts);
      created.push(vol);
      seed = { path: (await volumePath(ctx, vol, opts)).path, target: nextTarget('sata', [...used(), ...(cdrom ? [cdrom.target] : [])]), bus: 'sata' };
    }
    const nics: NewDomain['nics'] = [];
    for (const nic of spec.nics ?? []) {
      const network = nic.vnicProfileId ? nativeIdFor(ctx.connectionId, nic.vnicProfileId, 'network').replace(/^network:/, '') : 'default';
      nics.push({ network, model: nic.interface ?? 'virtio' });
    }
    const xml = domainXml({
      name: spec.name,
      description: spec.description,
      type: await domainType(ctx, opts),
      memoryBytes,
      cpu,
      disks,
      cdrom,
      seed,
      nics,
      // VNC passwords are at most 8 characters (RFB DES); the relay reads it from the XML.
      graphics: { protocol: spec.console ?? 'vnc', listen: consoleListen(ctx), password: randomBytes(6).toString('base64url') },
    });
    const dom = await rpc.domainDefineXml(ctx.transport, xml, s);
    return { id: qualifyId(ctx.connectionId, uuidToString(dom.uuid)), correlationId: randomUUID() };
  } catch (error) {
    for (const vol of created.reverse()) await rpc.storageVolDelete(ctx.transport, vol, undefined).catch(() => undefined);
    throw error;
  }
}

/** Seed volumes are named after their VM, so removing the VM finds and deletes its own. */
export const SEED_SUFFIX = '-cidata.iso';

/** Writes the NoCloud seed as a raw volume of its pool through virStorageVolUpload (no file on the dashboard). */
async function writeSeed(ctx: LibvirtContext, poolName: string, vmName: string, bytes: Buffer, opts?: CallOptions): Promise<VolHandle> {
  const pool = await rpc.storagePoolLookupByName(ctx.transport, poolName, opts?.signal);
  const vol = await rpc.storageVolCreateXml(ctx.transport, pool, volumeXml({ name: `${vmName}${SEED_SUFFIX}`, capacityBytes: bytes.length, format: 'iso' }), 0, opts?.signal);
  try {
    await rpc.storageVolUpload(ctx.transport, vol, 0, bytes.length, (async function* () { yield bytes; })(), opts?.signal);
  } catch (error) {
    await rpc.storageVolDelete(ctx.transport, vol, undefined).catch(() => undefined);
    throw error;
  }
  return vol;
}

function qualifiedIso(ctx: LibvirtContext, isoFileId: string): QualifiedId {
  // IsoFile.id is the volume's qualified id; a bare path is accepted too.
  return isoFileId.startsWith(`${ctx.connectionId}:`) ? isoFileId : qualifyId(ctx.connectionId, isoFileId);
}

/** Name, description, vCPUs and memory. CPU and memory of a running VM apply at its next start. */
export async function updateVm(ctx: LibvirtContext, id: QualifiedId, spec: VmUpdateSpec, opts?: CallOptions): Promise<VmUpdateResult> {
  const s = opts?.signal;
  let dom = await lookupDomain(ctx, id, opts);
  const running = dom.id >= 0;
  if (spec.name !== undefined && spec.name !== dom.name) {
    assertName(spec.name, 'A VM name');
    if (running) throw new BackendError('conflict', 'A running VM cannot be renamed: shut it down first.');
    await rpc.domainRename(ctx.transport, dom, spec.name, s);
    dom = await rpc.domainLookupByName(ctx.transport, spec.name, s);
  }
  let xml = await rpc.domainGetXmlDesc(ctx.transport, dom, rpc.DomainXmlFlags.INACTIVE | rpc.DomainXmlFlags.SECURE, s);
  let changedHardware = false;
  if (spec.description !== undefined) xml = setDomainElement(xml, 'description', spec.description);
  if (spec.memoryBytes !== undefined) {
    if (!Number.isSafeInteger(spec.memoryBytes) || spec.memoryBytes < 16 * 1024 ** 2) throw new BackendError('invalid_input', 'Memory must be at least 16 MiB.');
    const kib = Math.ceil(spec.memoryBytes / 1024);
    xml = setDomainElement(setDomainElement(xml, 'memory', String(kib), { unit: 'KiB' }), 'currentMemory', String(kib), { unit: 'KiB' });
    changedHardware = true;
  }
  if (spec.cpu) {
    const { sockets, cores, threads } = spec.cpu;
    xml = setDomainElement(xml, 'vcpu', String(sockets * cores * threads), { placement: 'static' });
    const topology = `<topology sockets='${sockets}' cores='${cores}' threads='${threads}'/>`;
    xml = /<cpu[\s>]/.test(xml)
      ? /<topology[^>]*\/>/.test(xml)
        ? xml.replace(/<topology[^>]*\/>/, () => topology)
        : xml.replace(/<cpu([^>]*)\/>/, (_, a: string) => `<cpu${a}>${topology}</cpu>`).replace(/<cpu([^>/]*)>(?!<topology)/, (_, a: string) => `<cpu${a}>${topology}`)
      : xml.replace('</vcpu>', () => `</vcpu>\n  <cpu>${topology}</cpu>`);
    changedHardware = true;
  }
  await rpc.domainDefineXml(ctx.transport, xml, s);
  ctx.domains.delete(uuidToString(dom.uuid));
  return { pendingNextRun: running && changedHardware };
}

/**
 * Undefine (the definition, its snapshots' metadata, NVRAM and managed-save
 * image), then, unless kept, the volumes of its disks. CD-ROMs (ISOs) are never deleted.
 */
export async function removeVm(ctx: LibvirtContext, id: QualifiedId, options: { keepDisks: boolean }, opts?: CallOptions): Promise<TaskRef> {
  const s = opts?.signal;
  const dom = await lookupDomain(ctx, id, opts);
  if (dom.id >= 0) throw new BackendError('conflict', `The VM "${dom.name}" is running: stop it before removing it.`);
  const facts = parseDomainXml(await rpc.domainGetXmlDesc(ctx.transport, dom, rpc.DomainXmlFlags.INACTIVE, s));
  const volumes: VolHandle[] = [];
  if (!options.keepDisks) {
    // Its disks, and the cloud-init seed made for it (never an ISO someone uploaded).
    for (const disk of facts.disks.filter((d) => d.device === 'disk' || (d.device === 'cdrom' && isSeedOf(d, facts.name)))) {
      try {
        if (disk.pool && disk.volume) {
          const pool = await rpc.storagePoolLookupByName(ctx.transport, disk.pool, s);
          volumes.push(await rpc.storageVolLookupByName(ctx.transport, pool, disk.volume, s));
        } else if (disk.source) {
          volumes.push(await rpc.storageVolLookupByPath(ctx.transport, disk.source, s));
        }
      } catch (error) {
        // A disk outside every pool cannot be deleted through libvirt: it stays, the VM goes.
        if (!isBackendError(error, 'not_found')) throw error;
      }
    }
  }
  const flags = rpc.UndefineFlags.MANAGED_SAVE | rpc.UndefineFlags.SNAPSHOTS_METADATA | rpc.UndefineFlags.NVRAM;
  await rpc.domainUndefineFlags(ctx.transport, dom, flags, s);
  ctx.domains.delete(uuidToString(dom.uuid));
  for (const vol of volumes) await rpc.storageVolDelete(ctx.transport, vol, s);
  return ref();
}

function isSeedOf(disk: { volume?: string; source?: string }, vmName: string): boolean {
  const file = disk.volume ?? disk.source?.split('/').pop();
  return file === `${vmName}${SEED_SUFFIX}`;
}

// ----- snapshots -----------------------------------------------------------

async function snapshotHandle(ctx: LibvirtContext, dom: DomainHandle, snapshotId: QualifiedId, opts?: CallOptions) {
  const nativeId = nativeIdFor(ctx.connectionId, snapshotId, 'snapshot');
  const uuid = uuidToString(dom.uuid);
  if (!nativeId.startsWith(`${uuid}/`)) throw new BackendError('not_found', 'Snapshot not found on this VM.');
  return rpc.domainSnapshotLookupByName(ctx.transport, dom, nativeId.slice(uuid.length + 1), opts?.signal);
}

/** libvirt's internal snapshot: disks, plus the guest's memory when it runs (qcow2 disks). */
export async function createSnapshot(ctx: LibvirtContext, vmId: QualifiedId, spec: SnapshotCreateSpec, opts?: CallOptions): Promise<CreatedRef> {
  const dom = await lookupDomain(ctx, vmId, opts);
  if (spec.persistMemory === false && dom.id >= 0) {
    const words = 'A running libvirt VM is snapshotted with its memory; shut it down for a disk-only snapshot.';
    throw new BackendError('invalid_input', words, { detail: words });
  }
  const name = `snap-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(2).toString('hex')}`;
  const snap = await rpc.domainSnapshotCreateXml(ctx.transport, dom, snapshotXml(name, spec.description), 0, opts?.signal);
  return { id: qualifyId(ctx.connectionId, `${uuidToString(dom.uuid)}/${snap.name}`), correlationId: randomUUID() };
}

export async function removeSnapshot(ctx: LibvirtContext, vmId: QualifiedId, snapshotId: QualifiedId, opts?: CallOptions): Promise<TaskRef> {
  const dom = await lookupDomain(ctx, vmId, opts);
  await rpc.domainSnapshotDelete(ctx.transport, await snapshotHandle(ctx, dom, snapshotId, opts), 0, opts?.signal);
  return ref();
}

export async function revertToSnapshot(ctx: LibvirtContext, vmId: QualifiedId, snapshotId: QualifiedId, opts?: CallOptions): Promise<TaskRef> {
  const dom = await lookupDomain(ctx, vmId, opts);
  await rpc.domainRevertToSnapshot(ctx.transport, await snapshotHandle(ctx, dom, snapshotId, opts), 0, opts?.signal);
  ctx.domains.delete(uuidToString(dom.uuid));
  return ref();
}

// ----- what the wizard offers ------------------------------------------------

/** ISO images: the .iso volumes of every active pool. */
export async function listIsoFiles(ctx: LibvirtContext, opts?: CallOptions): Promise<IsoFile[]> {
  const out: IsoFile[] = [];
  for (let page = 1; ; page++) {
    const disks = await listDisks(ctx, { page, pageSize: 500 }, opts);
    for (const d of disks.items) if (d.contentType === 'iso' && d.storageDomain) out.push({ id: d.id, name: d.name, storageDomain: d.storageDomain });
    if (!disks.hasMore) return out;
  }
}

/** libvirt has no vNIC profiles: each network is offered as one. */
export async function listVnicProfiles(ctx: LibvirtContext, opts?: CallOptions): Promise<VnicProfile[]> {
  const nets = await listNetworks(ctx, { page: 1, pageSize: 500 }, opts);
  return nets.items.map((n) => ({ id: n.id, name: n.name, network: { id: n.id, name: n.name } }));
}

// ----- disks as pool volumes ---------------------------------------------------

export async function createDisk(ctx: LibvirtContext, input: DiskCreateInput, opts?: CallOptions): Promise<Disk> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(input.name)) {
    throw new BackendError('invalid_input', 'A disk name may use letters, digits, ".", "_" and "-".');
  }
  if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 1024 ** 2) throw new BackendError('invalid_input', 'A disk must be at least 1 MiB.');
  const pool = await lookupPool(ctx, input.storageDomainId, opts);
  const vol = await rpc.storageVolCreateXml(
    ctx.transport,
    pool,
    volumeXml({ name: input.name, capacityBytes: input.sizeBytes, format: input.thin ? 'qcow2' : 'raw', preallocate: !input.thin }),
    0,
    opts?.signal,
  );
  const xml = await rpc.storageVolGetXmlDesc(ctx.transport, vol, opts?.signal);
  return toDisk(ctx.connectionId, xml, { id: qualifyId(ctx.connectionId, uuidToString(pool.uuid)), name: pool.name });
}

/**
 * Who still needs this volume: domains with it as a disk or CD-ROM, and overlays
 * in its pool whose backing store it is. libvirt itself would delete the file
 * under a running guest (a dir pool just unlinks it), so the adapter refuses.
 */
async function volumeUsers(ctx: LibvirtContext, vol: VolHandle, path: string, opts?: CallOptions): Promise<{ vms: string[]; overlays: string[] }> {
  const vms = (await allDomainFacts(ctx, opts))
    .filter((f) => f.disks.some((d) => d.source === path || d.source === vol.key || (d.pool === vol.pool && d.volume === vol.name)))
    .map((f) => f.name);
  const pool = await rpc.storagePoolLookupByName(ctx.transport, vol.pool, opts?.signal);
  const siblings = (await rpc.storagePoolListAllVolumes(ctx.transport, pool, opts?.signal)).filter((v) => v.key !== vol.key);
  const overlays: string[] = [];
  await mapLimit(siblings, 16, async (v) => {
    try {
      const xml = parseXml(await rpc.storageVolGetXmlDesc(ctx.transport, v, opts?.signal));
      if (textOf(xml, 'backingStore', 'path') === path) overlays.push(v.name);
    } catch (error) {
      if (!isBackendError(error, 'not_found')) throw error; // deleted meanwhile
    }
  });
  return { vms: vms.sort(), overlays: overlays.sort() };
}

export async function removeDisk(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<void> {
  const vol = await lookupVolume(ctx, id, opts);
  const { path } = await volumePath(ctx, vol, opts);
  const { vms, overlays } = await volumeUsers(ctx, vol, path, opts);
  // The words go in `detail` too: that is what the UI shows as the backend's own explanation.
  const refuse = (words: string) => new BackendError('conflict', words, { detail: words });
  if (vms.length > 0) {
    throw refuse(`The volume "${vol.name}" is a disk of ${vms.map((n) => `"${n}"`).join(', ')}: remove it from the VM (or remove the VM) first.`);
  }
  if (overlays.length > 0) {
    throw refuse(`The volume "${vol.name}" is the base image of ${overlays.map((n) => `"${n}"`).join(', ')}: those overlays would lose their data.`);
  }
  await rpc.storageVolDelete(ctx.transport, vol, opts?.signal);
}

export async function resizeDisk(ctx: LibvirtContext, id: QualifiedId, sizeBytes: number, opts?: CallOptions): Promise<void> {
  const disk = await getDisk(ctx, id, opts);
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) throw new BackendError('invalid_input', 'The new size must be a positive whole number of bytes.');
  if (disk.provisionedBytes !== undefined && sizeBytes < disk.provisionedBytes) {
    throw new BackendError('invalid_input', 'A disk can only grow: shrinking would cut off the guest\u2019s data.');
  }
  await rpc.storageVolResize(ctx.transport, await lookupVolume(ctx, id, opts), sizeBytes, 0, opts?.signal);
}
