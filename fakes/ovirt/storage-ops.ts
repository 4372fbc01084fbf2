/**
 * Storage domains inside a data center: attach (→ locked → active), deactivate
 * (→ preparing_for_maintenance → maintenance), activate (→ activating → active) and detach
 * (only from maintenance; → detaching → unattached). Plus floating disks.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, conflict, forbidden, incomplete } from './errors';
import { EventCode } from './events';
import { type Actor, type Body, type Engine, asBool, asInt, asObj, asStr, checkName, isRunning, lookup } from './engine';
import type { DataCenter, Disk, DiskAttachment, Job, StorageDomain, Vm } from './model';
import { dataCenterGainsMaster, managedBlockSupported } from './infra-ops';
import { ROLE_IDS } from './seed';

export const SD_TIMING = { attach: 2000, activate: 2000, deactivate: 2000, detach: 1500, diskCreate: 1000 };

const who = (a: Actor): string => a.user.userName;
const STATUS_TEXT: Record<string, string> = { active: 'Active', maintenance: 'Maintenance', inactive: 'Inactive', locked: 'Locked', unattached: 'Unattached', activating: 'Activating', detaching: 'Detaching', preparing_for_maintenance: 'PreparingForMaintenance' };

export function attachStorageDomain(e: Engine, a: Actor, dc: DataCenter, body: Body): StorageDomain {
  if (!a.user.admin) throw forbidden();
  const sd = lookup(e.store.storageDomains, body, 'StorageDomain', e.store);
  if (!sd) throw incomplete('StorageDomain', 'id|name');
  if (sd.dataCenterId === dc.id) throw conflict('Cannot attach Storage. Storage Domain is already attached to this Data Center.');
  if (sd.dataCenterId) throw conflict('Cannot attach Storage. The Storage Domain is already attached to another Data Center.');
  if (dc.local && sd.storageType !== 'localfs') throw conflict('Cannot attach Storage. Shared storage cannot be attached to a local Data Center.');
  if (!dc.local && sd.storageType === 'localfs') throw conflict('Cannot attach Storage. Local storage can only be attached to a local Data Center.');
  if (sd.type === 'managed_block_storage' && !managedBlockSupported(dc)) {
    throw conflict(`Cannot attach Storage. Managed block storage domains are not supported by the compatibility version of Data Center ${dc.name}.`);
  }
  for (const other of e.store.storageDomains.values()) {
    if (other.dataCenterId === dc.id && other.type === sd.type && (sd.type === 'iso' || sd.type === 'export')) {
      throw conflict(`Cannot attach Storage. The Data Center already has an attached ${sd.type === 'iso' ? 'ISO' : 'Export'} domain (${other.name}).`);
    }
  }
  const job = e.job(`Attaching Storage Domain ${sd.name} to Data Center ${dc.name}`, a);
  sd.dataCenterId = dc.id;
  sd.status = 'locked';
  const hasMaster = [...e.store.storageDomains.values()].some((s) => s.dataCenterId === dc.id && s.master);
  e.ops.start(sd.id, [{ ms: SD_TIMING.attach, run: () => {
    sd.status = 'active';
    if (!hasMaster && sd.type === 'data') {
      sd.master = true;
      dataCenterGainsMaster(e, dc.id);
    }
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_ATTACH_STORAGE_DOMAIN_TO_POOL, severity: 'normal', storageDomainId: sd.id, dataCenterId: dc.id, description: `Storage Domain ${sd.name} was attached to Data Center ${dc.name} by ${who(a)}` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
  return sd;
}

function runningVmsOn(e: Engine, sd: StorageDomain): Vm[] {
  const out = new Set<Vm>();
  for (const id of e.store.disksBySd.get(sd.id)) {
    for (const att of e.store.attachmentsOfDisk(id)) {
      const vm = att.ownerKind === 'vm' ? e.store.vms.get(att.ownerId) : undefined;
      if (vm && (isRunning(vm) || vm.status === 'suspended')) out.add(vm);
    }
  }
  return [...out];
}

export function deactivateStorageDomain(e: Engine, a: Actor, dc: DataCenter, sd: StorageDomain): Job {
  if (!a.user.admin) throw forbidden();
  if (sd.status !== 'active') throw conflict(`Cannot deactivate Storage. The relevant Storage Domain's status is ${STATUS_TEXT[sd.status] ?? sd.status}.`);
  const running = runningVmsOn(e, sd);
  if (running.length) {
    throw conflict(`Cannot deactivate Storage. The following VMs are running and have disks on the Storage Domain: ${running.map((v) => v.name).sort().join(', ')}.`);
  }
  // A running VM holds its lease on the domain (DeactivateStorageDomainCommand.isNoRunningVmsWithLeasesExist,
  // ERROR_CANNOT_DEACTIVATE_DOMAIN_WITH_RUNNING_VMS_WITH_LEASES with the VMs' names).
  const leased = [...e.store.vms.values()].filter((v) => v.leaseSdId === sd.id && isRunning(v)).map((v) => v.name).sort();
  if (leased.length) throw conflict(`Cannot deactivate Storage. The following running VMs have leases on the Storage Domain: ${leased.join(', ')}.`);
  let newMaster: StorageDomain | undefined;
  if (sd.master) {
    newMaster = [...e.store.storageDomains.values()].find((s) => s.dataCenterId === dc.id && s.id !== sd.id && s.type === 'data' && s.status === 'active');
    if (!newMaster) throw conflict('Cannot deactivate Storage. The master Storage Domain cannot be deactivated while it is the only active data domain of the Data Center.');
  }
  const job = e.job(`Deactivating Storage Domain ${sd.name} in Data Center ${dc.name}`, a);
  e.event({ code: EventCode.USER_DEACTIVATED_STORAGE_DOMAIN, severity: 'normal', storageDomainId: sd.id, dataCenterId: dc.id, description: `Storage Domain ${sd.name} (Data Center ${dc.name}) was deactivated by ${who(a)} and has moved to 'Preparing for maintenance' until it will no longer be accessed by any Host of the Data Center.` }, a);
  sd.status = 'preparing_for_maintenance';
  if (newMaster) {
    sd.master = false;
    newMaster.master = true;
  }
  e.ops.start(sd.id, [{ ms: SD_TIMING.deactivate, run: () => {
    sd.status = 'maintenance';
    e.jobs.finish(job);
  } }], () => e.jobs.finish(job, 'aborted'));
  return job;
}

export function activateStorageDomain(e: Engine, a: Actor, dc: DataCenter, sd: StorageDomain): Job {
  if (!a.user.admin) throw forbidden();
  if (sd.status === 'active') throw conflict('Cannot activate Storage. Storage Domain is already active.');
  if (sd.status !== 'maintenance' && sd.status !== 'inactive') throw conflict(`Cannot activate Storage. The relevant Storage Domain's status is ${STATUS_TEXT[sd.status] ?? sd.status}.`);
  const job = e.job(`Activating Storage Domain ${sd.name} on Data Center ${dc.name}`, a);
  sd.status = 'activating';
  e.ops.start(sd.id, [{ ms: SD_TIMING.activate, run: () => {
    sd.status = 'active';
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_ACTIVATED_STORAGE_DOMAIN, severity: 'normal', storageDomainId: sd.id, dataCenterId: dc.id, description: `Storage Domain ${sd.name} (Data Center ${dc.name}) was activated by ${who(a)}` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
  return job;
}

export function detachStorageDomain(e: Engine, a: Actor, dc: DataCenter, sd: StorageDomain): void {
  if (!a.user.admin) throw forbidden();
  if (sd.status !== 'maintenance') throw conflict(`Cannot detach Storage. The relevant Storage Domain's status is ${STATUS_TEXT[sd.status] ?? sd.status}.`);
  // The engine would leave such VMs "unregistered"; this fake does not model that, so it refuses.
  const owners = new Set<string>();
  for (const id of e.store.disksBySd.get(sd.id)) {
    for (const att of e.store.attachmentsOfDisk(id)) {
      const name = att.ownerKind === 'vm' ? e.store.vms.get(att.ownerId)?.name : e.store.templates.get(att.ownerId)?.name;
      if (name) owners.add(name);
    }
  }
  if (owners.size) throw conflict(`Cannot detach Storage. The Storage Domain holds disks of: ${[...owners].sort().join(', ')}. Move or remove them first.`);
  const job = e.job(`Detaching Storage Domain ${sd.name} from Data Center ${dc.name}`, a);
  sd.status = 'detaching';
  e.ops.start(sd.id, [{ ms: SD_TIMING.detach, run: () => {
    sd.status = 'unattached';
    sd.dataCenterId = null;
    sd.master = false;
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_DETACH_STORAGE_DOMAIN_FROM_POOL, severity: 'normal', storageDomainId: sd.id, dataCenterId: dc.id, description: `Storage Domain ${sd.name} was detached from Data Center ${dc.name} by ${who(a)}` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
}

// ---------------------------------------------------------------- disks

/** Create a disk from a request body (`POST /disks`, or a new disk inside a disk attachment). */
export function createDisk(e: Engine, a: Actor, body: Body, dcId?: string): Disk {
  const alias = asStr(body.alias, 'alias') ?? asStr(body.name, 'name');
  const size = asInt(body.provisioned_size, 'provisioned_size');
  const sdRef = asObj(body.storage_domains)?.storage_domain;
  const sd = Array.isArray(sdRef) && sdRef.length ? lookup(e.store.storageDomains, sdRef[0], 'StorageDomain', e.store) : undefined;
  const missing = [!alias && 'alias', size === undefined && 'provisionedSize', !sd && 'storageDomains.storageDomain'].filter(Boolean);
  if (missing.length) throw incomplete('Disk', missing.join(', '));
  checkName(alias!, 'add', 'Virtual Disk');
  if (size! <= 0) throw badRequest(`Invalid value '${size}' for 'provisioned_size': must be positive.`);
  const managed = sd!.type === 'managed_block_storage';
  if (sd!.type !== 'data' && !managed) throw conflict('Cannot add Virtual Disk. Disks can only be added to data Storage Domains.');
  if (sd!.status !== 'active') throw conflict(`Cannot add Virtual Disk. The relevant Storage Domain's status is ${STATUS_TEXT[sd!.status] ?? sd!.status}.`);
  if (dcId && sd!.dataCenterId !== dcId) throw conflict("Cannot add Virtual Disk. The Storage Domain is not in the VM's Data Center.");
  if (!a.user.admin && !e.store.permissionsOf(a.user.id).some((p) => p.targetId === sd!.id && p.roleId === ROLE_IDS.DiskCreator)) throw forbidden();
  const format = asStr(body.format, 'format') ?? 'cow';
  if (format !== 'cow' && format !== 'raw') throw badRequest(`Invalid value '${format}' for 'format'.`);
  const block = sd!.storageType === 'iscsi' || sd!.storageType === 'fcp';
  const sparse = asBool(body.sparse, 'sparse') ?? format === 'cow';
  if (block && format === 'raw' && sparse) throw conflict('Cannot add Virtual Disk. Disk configuration (RAW Sparse) is incompatible with the storage domain type.');
  // A Cinder volume is a raw block device: no qcow2 layer, no thin image on top of it.
  if (managed && (format !== 'raw' || sparse)) {
    throw conflict(`Cannot add Virtual Disk. Disk configuration (${format === 'cow' ? 'COW' : 'RAW'} ${sparse ? 'Sparse' : 'Preallocated'}) is incompatible with the storage domain type.`);
  }
  const contentType = asStr(body.content_type, 'content_type') ?? 'data';
  if (!['data', 'iso'].includes(contentType)) throw badRequest(`Invalid value '${contentType}' for 'content_type'.`);
  const usage = sd!.total - sd!.baseUsed;
  // The engine does not know a Cinder backend's free space: the driver refuses when it is full.
  if (!sparse && !managed && size! > usage) throw conflict(`Cannot add Virtual Disk. Low disk space on Storage Domain ${sd!.name}.`);
  const disk: Disk = {
    id: randomUUID(), alias: alias!, description: asStr(body.description, 'description') ?? '', provisionedSize: size!,
    actualSize: sparse ? 0 : size!, status: 'locked', format: format as Disk['format'], sparse, contentType: contentType as Disk['contentType'],
    storageDomainId: sd!.id, ...(managed ? { storageType: 'managed_block_storage' as const } : {}), shareable: asBool(body.shareable, 'shareable') ?? false, wipeAfterDelete: asBool(body.wipe_after_delete, 'wipe_after_delete') ?? false,
    imageId: randomUUID(), creationTime: Date.now(),
  };
  e.store.addDisk(disk);
  if (!a.user.admin) e.store.addPermission({ id: randomUUID(), roleId: ROLE_IDS.DiskOperator, principalId: a.user.id, principalKind: 'user', targetKind: 'disk', targetId: disk.id });
  const job = e.job(`Adding Disk ${alias}`, a);
  e.event({ code: EventCode.USER_ADD_DISK, severity: 'normal', storageDomainId: sd!.id, description: `Add-Disk operation of '${alias}' was initiated by ${who(a)}.` }, a);
  e.ops.start(disk.id, [{ ms: SD_TIMING.diskCreate, run: () => {
    disk.status = 'ok';
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_ADD_DISK_FINISHED_SUCCESS, severity: 'normal', storageDomainId: sd!.id, description: `The disk '${alias}' was successfully added.` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
  return disk;
}

export function updateDisk(e: Engine, a: Actor, disk: Disk, body: Body): void {
  if (disk.status === 'locked') throw conflict(`Cannot edit Virtual Disk: The following disks are locked: ${disk.alias}. Please try again in a few minutes.`);
  const alias = asStr(body.alias, 'alias') ?? asStr(body.name, 'name');
  if (alias) checkName(alias, 'edit', 'Virtual Disk');
  const size = asInt(body.provisioned_size, 'provisioned_size');
  if (size !== undefined && size < disk.provisionedSize) throw conflict('Cannot edit Virtual Disk. New disk size must be larger than the current disk size.');
  if (alias) { disk.alias = alias; e.store.disks.touch(); }
  const description = asStr(body.description, 'description');
  if (description !== undefined) disk.description = description;
  if (size !== undefined) disk.provisionedSize = size;
  const shareable = asBool(body.shareable, 'shareable');
  if (shareable !== undefined) disk.shareable = shareable;
  const wad = asBool(body.wipe_after_delete, 'wipe_after_delete');
  if (wad !== undefined) disk.wipeAfterDelete = wad;
  e.event({ code: EventCode.USER_UPDATE_VM_DISK, severity: 'normal', description: `VM disk ${disk.alias} was updated by ${who(a)}.` }, a);
}

export function removeDisk(e: Engine, a: Actor, disk: Disk): void {
  if (disk.templateId) throw conflict('Cannot remove Virtual Disk. The disk belongs to a Template; remove the Template instead.');
  if (disk.status === 'locked') throw conflict(`Cannot remove Virtual Disk: The following disks are locked: ${disk.alias}. Please try again in a few minutes.`);
  for (const att of e.store.attachmentsOfDisk(disk.id)) {
    const vm = e.store.vms.get(att.ownerId);
    if (vm && (isRunning(vm) || vm.status === 'suspended') && att.active) throw conflict(`Cannot remove Virtual Disk. VM ${vm.name} is running.`);
  }
  if ([...e.store.imageTransfers.values()].some((t) => t.diskId === disk.id && !t.phase.startsWith('finished'))) {
    throw conflict(`Cannot remove Virtual Disk. An image transfer of disk ${disk.alias} is in progress.`);
  }
  for (const att of [...e.store.attachmentsOfDisk(disk.id)]) e.store.detachDisk(att);
  e.store.removeDisk(disk);
  e.event({ code: EventCode.USER_REMOVE_DISK, severity: 'normal', description: `Disk ${disk.alias} was successfully removed from domain ${e.store.storageDomains.get(disk.storageDomainId)?.name ?? ''} (User ${who(a)}).` }, a);
}

/** `POST /vms/{id}/diskattachments`: attach an existing floating disk or create a new one. */
export function attachDisk(e: Engine, a: Actor, vm: Vm, body: Body): DiskAttachment {
  const diskBody = asObj(body.disk);
  if (!diskBody) throw incomplete('DiskAttachment', 'disk');
  const iface = asStr(body.interface, 'interface');
  if (!iface) throw incomplete('DiskAttachment', 'interface');
  if (!['virtio_scsi', 'virtio', 'ide', 'sata'].includes(iface)) throw badRequest(`Invalid value '${iface}' for 'interface'.`);
  if (vm.status === 'image_locked') throw conflict('Cannot attach Virtual Disk: VM is locked. Please try again in a few minutes.');
  const dcId = e.store.clusters.get(vm.clusterId)!.dataCenterId;
  let disk: Disk;
  if (typeof diskBody.id === 'string') {
    const existing = e.store.disks.get(diskBody.id);
    if (!existing) throw incomplete('Disk', 'id (existing disk)', 'attach');
    if (existing.templateId) throw conflict('Cannot attach Virtual Disk. The disk belongs to a Template.');
    const atts = e.store.attachmentsOfDisk(existing.id);
    if (atts.some((x) => x.ownerId === vm.id)) throw conflict('Cannot attach Virtual Disk. The disk is already attached to the VM.');
    if (atts.length && !existing.shareable) throw conflict('Cannot attach Virtual Disk. The disk is not shareable and is already attached to a VM.');
    if (e.store.storageDomains.get(existing.storageDomainId)?.dataCenterId !== dcId) throw conflict("Cannot attach Virtual Disk. The disk is not in the VM's Data Center.");
    disk = existing;
  } else {
    disk = createDisk(e, a, diskBody, dcId);
  }
  const bootable = asBool(body.bootable, 'bootable') ?? false;
  if (bootable && e.store.attachmentsOf(vm.id).some((x) => x.bootable)) throw conflict('Cannot attach Virtual Disk. The VM already has a bootable disk.');
  const att: DiskAttachment = {
    diskId: disk.id, ownerId: vm.id, ownerKind: 'vm', bootable, interface: iface as DiskAttachment['interface'],
    active: asBool(body.active, 'active') ?? true, readOnly: asBool(body.read_only, 'read_only') ?? false, logicalName: null,
  };
  e.store.attachDisk(att);
  e.event({ code: EventCode.USER_ATTACH_DISK_TO_VM, severity: 'normal', vmId: vm.id, description: `Disk ${disk.alias} was successfully attached to VM ${vm.name} by ${who(a)}.` }, a);
  return att;
}

export function detachDisk(e: Engine, a: Actor, vm: Vm, att: DiskAttachment, keepData = true): void {
  if (vm.status === 'image_locked') throw conflict('Cannot detach Virtual Disk: VM is locked. Please try again in a few minutes.');
  // A running VM must let go of the disk first (deactivate = hot-unplug), as in the engine's own UI.
  if ((isRunning(vm) || vm.status === 'suspended') && att.active) throw conflict(`Cannot ${keepData ? 'detach' : 'remove'} Virtual Disk. The disk is active on the running VM ${vm.name}; deactivate it first.`);
  const disk = e.store.disks.get(att.diskId);
  e.store.detachDisk(att);
  e.event({ code: EventCode.USER_DETACH_DISK_FROM_VM, severity: 'normal', vmId: vm.id, description: `Disk ${disk?.alias ?? att.diskId} was successfully detached from VM ${vm.name} by ${who(a)}.` }, a);
}
