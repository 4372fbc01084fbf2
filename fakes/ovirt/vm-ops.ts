/**
 * VM lifecycle with the engine's intermediate states and wording. Durations are engine
 * milliseconds; the Scheduler scales them by timeScale.
 */
import { randomUUID } from 'node:crypto';
import { macAddress } from './catalog';
import { Fault, badRequest, conflict, forbidden, incomplete, notFound } from './errors';
import { EventCode } from './events';
import {
  type ActionResult, type Actor, type Body, type Engine, actionResult, asBool, asInt, asObj, asStr, checkName, isRunning, lookup, vmLocked,
} from './engine';
import type { BootDevice, Disk, DiskAttachment, Host, Job, Nic, Snapshot, StorageDomain, Template, Vm, VmAffinity } from './model';
import { BLANK_TEMPLATE_ID, ROLE_IDS } from './seed';
import { updateDisk } from './storage-ops';
import type { ExportedVm } from './store';
import { ref } from './wire';

export const VM_TIMING = {
  launch: 1000, powerUp: 2000, stop: 700, shutdown: 2500, reboot: 2500, reset: 800, suspend: 2500, restore: 2500,
  unpause: 500, migrate: 5000, evacuate: 3000, create: 2000, clone: 3000, export: 4000, import: 4000,
  snapshot: 2000, preview: 1500, remove: 1500, template: 4000,
};

const who = (a: Actor | null | undefined): string => a?.user.userName ?? 'SYSTEM';
const hostName = (e: Engine, id: string | null): string => (id ? e.store.hosts.get(id)?.name ?? 'N/A' : 'N/A');

// ---------------------------------------------------------------- start / resume

function lockedDiskOf(e: Engine, vm: Vm): string | null {
  for (const att of e.store.attachmentsOf(vm.id)) {
    const d = e.store.disks.get(att.diskId);
    if (d && d.status === 'locked') return d.alias;
  }
  return null;
}

function startError(e: Engine, vm: Vm): Fault | null {
  if (vm.status === 'image_locked') return vmLocked('run');
  if (vm.status === 'migrating') return conflict('Cannot run VM. VM is being migrated.');
  if (isRunning(vm) && vm.status !== 'paused') return conflict('Cannot run VM. VM is running.');
  const locked = lockedDiskOf(e, vm);
  if (locked) return conflict(`Cannot run VM: The following disks are locked: ${locked}. Please try again in a few minutes.`);
  return null;
}

/** An ISO the VM's data center can reach: a file on an active ISO domain, or an ISO disk on a data domain. */
export function isoUsable(e: Engine, vm: Vm, fileId: string): boolean {
  const dcId = e.store.clusters.get(vm.clusterId)?.dataCenterId;
  const iso = e.store.isoFile(fileId);
  const isoDisk = e.store.disks.get(fileId);
  return !!((iso && iso.sd.dataCenterId === dcId && iso.sd.status === 'active')
    || (isoDisk && isoDisk.contentType === 'iso' && isoDisk.status === 'ok' && e.store.storageDomains.get(isoDisk.storageDomainId)?.dataCenterId === dcId));
}

/** Run once: `start` with a `vm` carrying a one-time CD-ROM/boot order and cloud-init. */
function runOnceOf(e: Engine, vm: Vm, body: Body): { fileId?: string; init?: Vm['initialization'] } | null {
  const spec = asObj(body.vm);
  if (!spec) return null;
  const cdroms = asObj(spec.cdroms)?.cdrom;
  const first = Array.isArray(cdroms) ? asObj(cdroms[0]) : undefined;
  const fileId = asStr(asObj(first?.file)?.id, 'vm.cdroms.cdrom.file.id');
  if (fileId && !isoUsable(e, vm, fileId)) throw conflict(`Cannot run VM. The ISO file '${fileId}' is not available in the VM's Data Center.`);
  const init = asBool(body.use_cloud_init, 'use_cloud_init') ? initializationOf(asObj(spec.initialization)) : undefined;
  return { fileId: fileId || undefined, init };
}

function initializationOf(body: Body | undefined): Vm['initialization'] | undefined {
  if (!body) return undefined;
  const out = {
    hostName: asStr(body.host_name, 'initialization.host_name') || undefined,
    userName: asStr(body.user_name, 'initialization.user_name') || undefined,
    authorizedSshKeys: asStr(body.authorized_ssh_keys, 'initialization.authorized_ssh_keys') || undefined,
    timezone: asStr(body.timezone, 'initialization.timezone') || undefined,
    hasPassword: !!asStr(body.root_password, 'initialization.root_password'),
  };
  return out;
}

/** The first host allowed by the VM's placement policy that can take it, else any host in the cluster. */
function startHost(e: Engine, vm: Vm): Host | undefined {
  const hosts = e.candidates(vm.clusterId, vm.memory);
  if (!vm.placementHostIds?.length) return hosts[0];
  const pinned = hosts.find((h) => vm.placementHostIds!.includes(h.id));
  if (pinned) return pinned;
  const names = vm.placementHostIds.map((id) => e.store.hosts.get(id)?.name ?? id).join(', ');
  throw conflict(`Cannot run VM. There is no host that satisfies current scheduling constraints. See below for details:, The host ${names} did not satisfy internal filter PinToHost because it is not Up or lacks free memory.`);
}

export function vmStart(e: Engine, a: Actor, vm: Vm, body: Body = {}): ActionResult {
  const err = startError(e, vm);
  if (err) throw err;
  const once = vm.status === 'paused' ? null : runOnceOf(e, vm, body);
  if (vm.status === 'paused') {
    const job = e.job(`Resuming VM ${vm.name}`, a);
    e.ops.start(vm.id, [{ ms: VM_TIMING.unpause, run: () => {
      vm.status = 'up';
      e.jobs.finish(job);
      e.event({ code: EventCode.USER_RESUME_VM, severity: 'normal', vmId: vm.id, hostId: vm.hostId ?? undefined, description: `VM ${vm.name} was resumed by ${who(a)} (Host: ${hostName(e, vm.hostId)}).` }, a);
    } }], () => e.jobs.finish(job, 'aborted'));
    return actionResult(job);
  }
  const host = startHost(e, vm);
  if (!host) {
    const cluster = e.store.clusters.get(vm.clusterId);
    throw conflict(`Cannot run VM. There is no host that satisfies current scheduling constraints. See below for details:, No host in cluster ${cluster?.name ?? ''} is Up with ${Math.round(vm.memory / 1024 ** 2)} MB of schedulable memory.`);
  }
  const job = e.job(`Launching VM ${vm.name}`, a);
  if (once) {
    vm.runOnce = true;
    if (once.fileId) vm.cdromFileId = once.fileId;
    if (once.init) vm.initialization = once.init;
  }
  launch(e, vm, host, job, a);
  return actionResult(job);
}

/** Put a VM on a host and walk it up: wait_for_launch → powering_up → up (or restoring_state → up). */
export function launch(e: Engine, vm: Vm, host: Host, job: Job | null, a: Actor | null): void {
  const resume = vm.status === 'suspended';
  e.store.setVmHost(vm, host.id);
  vm.consolePort = e.consolePort(host);
  vm.stopReason = '';
  vm.status = resume ? 'restoring_state' : 'wait_for_launch';
  const up = () => {
    vm.status = 'up';
    vm.startTime = Date.now();
    vm.stopTime = null;
    e.guestUp(vm);
    if (job) e.jobs.finish(job);
    e.event({
      code: a ? EventCode.USER_STARTED_VM : EventCode.USER_RUN_VM, severity: 'normal', vmId: vm.id, hostId: host.id, clusterId: vm.clusterId,
      description: a ? `VM ${vm.name} was ${resume ? 'resumed' : 'started'} by ${who(a)} (Host: ${host.name}).` : `VM ${vm.name} started on Host ${host.name}`,
    }, a ?? undefined);
  };
  const steps = resume
    ? [{ ms: VM_TIMING.restore, run: up }]
    : [
        { ms: VM_TIMING.launch, run: () => { vm.status = 'powering_up'; if (job) e.jobs.progress(job, 40); } },
        { ms: VM_TIMING.powerUp, run: up },
      ];
  e.ops.start(vm.id, steps, () => { if (job) e.jobs.finish(job, 'aborted'); });
}

// ---------------------------------------------------------------- stop / shutdown / reboot / reset / suspend

function notRunning(vm: Vm): boolean {
  return vm.status === 'down' || vm.status === 'image_locked' && !vm.hostId;
}

export function vmStop(e: Engine, a: Actor, vm: Vm): ActionResult {
  if (vm.status === 'image_locked') throw vmLocked('stop');
  if (notRunning(vm)) throw conflict('Cannot stop VM. VM is not running.');
  const job = e.job(`Stopping VM ${vm.name}`, a);
  const host = hostName(e, vm.hostId);
  e.event({ code: EventCode.USER_STOP_VM, severity: 'normal', vmId: vm.id, hostId: vm.hostId ?? undefined, description: `VM ${vm.name} powered off by ${who(a)} (Host: ${host}).` }, a);
  if (vm.status === 'suspended') {
    // Stopping a suspended VM just discards its saved memory.
    e.ops.cancel(vm.id);
    e.vmDown(vm);
    e.jobs.finish(job);
    return actionResult(job);
  }
  vm.status = 'powering_down';
  e.ops.start(vm.id, [{ ms: VM_TIMING.stop, run: () => {
    e.vmDown(vm, '');
    e.jobs.finish(job);
    e.event({ code: EventCode.VM_DOWN, severity: 'normal', vmId: vm.id, description: `VM ${vm.name} is down. Exit message: Admin shut down from the engine` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
  return actionResult(job);
}

export function vmShutdown(e: Engine, a: Actor, vm: Vm): ActionResult {
  if (vm.status === 'image_locked') throw vmLocked('shutdown');
  if (notRunning(vm) || vm.status === 'suspended') throw conflict('Cannot shutdown VM. VM is not running.');
  if (vm.status === 'migrating') throw conflict('Cannot shutdown VM. VM is being migrated.');
  if (!['up', 'powering_up', 'reboot_in_progress', 'paused'].includes(vm.status)) throw conflict('Cannot shutdown VM. VM is not up.');
  const job = e.job(`Shutting down VM ${vm.name}`, a);
  e.event({ code: EventCode.USER_INITIATED_SHUTDOWN_VM, severity: 'normal', vmId: vm.id, hostId: vm.hostId ?? undefined, description: `VM shutdown initiated by ${who(a)} on VM ${vm.name} (Host: ${hostName(e, vm.hostId)}).` }, a);
  vm.status = 'powering_down';
  e.ops.start(vm.id, [{ ms: VM_TIMING.shutdown, run: () => {
    e.vmDown(vm, '');
    e.jobs.finish(job);
    e.event({ code: EventCode.VM_DOWN, severity: 'normal', vmId: vm.id, description: `VM ${vm.name} is down. Exit message: User shut down from within the guest` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
  return actionResult(job);
}

function requireUp(vm: Vm, action: string): void {
  if (vm.status === 'image_locked') throw vmLocked(action);
  if (notRunning(vm) || vm.status === 'suspended') throw conflict(`Cannot ${action} VM. VM is not running.`);
  if (vm.status === 'migrating') throw conflict(`Cannot ${action} VM. VM is being migrated.`);
  if (vm.status !== 'up') throw conflict(`Cannot ${action} VM. VM is not up.`);
}

function rebootLike(e: Engine, a: Actor, vm: Vm, reset: boolean): ActionResult {
  requireUp(vm, reset ? 'reset' : 'reboot');
  const job = e.job(`${reset ? 'Resetting' : 'Rebooting'} VM ${vm.name}`, a);
  e.event({
    code: reset ? EventCode.USER_RESET_VM : EventCode.USER_REBOOT_VM, severity: 'normal', vmId: vm.id, hostId: vm.hostId ?? undefined,
    description: `User ${who(a)} initiated ${reset ? 'reset' : 'reboot'} of VM ${vm.name}.`,
  }, a);
  vm.status = 'reboot_in_progress';
  e.ops.start(vm.id, [{ ms: reset ? VM_TIMING.reset : VM_TIMING.reboot, run: () => {
    vm.status = 'up';
    e.jobs.finish(job);
  } }], () => e.jobs.finish(job, 'aborted'));
  return actionResult(job);
}

export const vmReboot = (e: Engine, a: Actor, vm: Vm) => rebootLike(e, a, vm, false);
export const vmReset = (e: Engine, a: Actor, vm: Vm) => rebootLike(e, a, vm, true);

export function vmSuspend(e: Engine, a: Actor, vm: Vm): ActionResult {
  requireUp(vm, 'hibernate');
  if (vm.stateless) throw conflict('Cannot hibernate VM. Stateless VMs cannot be suspended.');
  const job = e.job(`Hibernating VM ${vm.name}`, a);
  const host = hostName(e, vm.hostId);
  e.event({ code: EventCode.USER_SUSPEND_VM, severity: 'normal', vmId: vm.id, hostId: vm.hostId ?? undefined, description: `Suspending VM ${vm.name} was initiated by User ${who(a)} (Host: ${host}).` }, a);
  vm.status = 'saving_state';
  e.ops.start(vm.id, [{ ms: VM_TIMING.suspend, run: () => {
    e.store.setVmHost(vm, null);
    vm.status = 'suspended';
    vm.consolePort = null;
    vm.stopTime = Date.now();
    e.store.consoleTickets.delete(vm.id);
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_SUSPEND_VM_OK, severity: 'normal', vmId: vm.id, description: `VM ${vm.name} on Host ${host} is suspended.` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
  return actionResult(job);
}

// ---------------------------------------------------------------- migration

/** Walk a running VM to `target`: migrating (progress ticks) → up on the target. */
export function migrateChain(e: Engine, vm: Vm, target: Host, job: Job | null, a: Actor | null, totalMs: number, onDone?: () => void): void {
  const source = e.store.hosts.get(vm.hostId ?? '');
  const started = Date.now();
  vm.status = 'migrating';
  vm.migrationTargetHostId = target.id;
  vm.migrationProgress = vm.migrationProgress ?? 0;
  const ticks = 5;
  const steps = Array.from({ length: ticks }, (_, i) => ({
    ms: totalMs / ticks,
    run: () => {
      if (i < ticks - 1) {
        vm.migrationProgress = Math.max(vm.migrationProgress ?? 0, Math.round(((i + 1) / ticks) * 100));
        if (job) e.jobs.progress(job, vm.migrationProgress);
        return;
      }
      if (target.status !== 'up') {
        // The destination left 'up' (maintenance, fencing) while the VM was on its way: the engine
        // fails the migration and the VM keeps running on its source. Without this a VM landed on
        // a host preparing for maintenance, which then failed to reach it.
        vm.status = 'up';
        vm.migrationTargetHostId = null;
        vm.migrationProgress = null;
        if (job) e.jobs.finish(job, 'failed');
        e.event({
          code: EventCode.VM_MIGRATION_FAILED, severity: 'error', vmId: vm.id, hostId: source?.id, clusterId: vm.clusterId,
          description: `Migration failed (VM: ${vm.name}, Source: ${source?.name ?? 'N/A'}, Destination: ${target.name}).`,
        }, a ?? undefined);
        onDone?.();
        return;
      }
      e.store.setVmHost(vm, target.id);
      vm.consolePort = e.consolePort(target);
      vm.status = 'up';
      vm.migrationTargetHostId = null;
      vm.migrationProgress = null;
      e.store.consoleTickets.delete(vm.id);
      if (job) e.jobs.finish(job);
      const secs = Math.max(1, Math.round((Date.now() - started) / 1000));
      e.event({
        code: EventCode.VM_MIGRATION_DONE, severity: 'normal', vmId: vm.id, hostId: target.id, clusterId: vm.clusterId,
        description: `Migration completed (VM: ${vm.name}, Source: ${source?.name ?? 'N/A'}, Destination: ${target.name}, Duration: ${secs} seconds, Total: ${secs} seconds, Actual downtime: 42ms)`,
      }, a ?? undefined);
      onDone?.();
    },
  }));
  e.ops.start(vm.id, steps, () => {
    vm.migrationTargetHostId = null;
    vm.migrationProgress = null;
    if (job) e.jobs.finish(job, 'aborted');
    onDone?.();
  });
}

export function vmMigrate(e: Engine, a: Actor, vm: Vm, body: Body): ActionResult {
  if (vm.status === 'image_locked') throw vmLocked('migrate');
  if (notRunning(vm) || vm.status === 'suspended') throw conflict('Cannot migrate VM. VM is not running.');
  if (vm.status === 'migrating') throw conflict('Cannot migrate VM. VM is being migrated.');
  if (vm.status !== 'up' && vm.status !== 'paused') throw conflict(`Cannot migrate VM. VM is not up.`);
  if (vm.placementAffinity === 'pinned') throw conflict(`Cannot migrate VM. VM ${vm.name} is non migratable.`);
  const requested = lookup(e.store.hosts, body.host, 'Host', e.store);
  let target: Host | undefined;
  if (requested) {
    if (requested.id === vm.hostId) throw conflict('Cannot migrate VM. The source and destination Hosts are the same.');
    if (requested.clusterId !== vm.clusterId) throw conflict('Cannot migrate VM. The destination Host must be in the same Cluster as the VM.');
    if (!e.candidates(vm.clusterId, vm.memory, vm.hostId).includes(requested)) {
      throw conflict(`Cannot migrate VM. There is no host that satisfies current scheduling constraints. See below for details:, The host ${requested.name} did not satisfy internal filter ${requested.status === 'up' ? 'Memory because its available memory is too low' : 'Status because it is not Up'}.`);
    }
    target = requested;
  } else {
    target = e.candidates(vm.clusterId, vm.memory, vm.hostId)[0];
    if (!target) throw conflict('Cannot migrate VM. There is no host that satisfies current scheduling constraints. See below for details:, No other host in the cluster is Up with enough free memory.');
  }
  const source = hostName(e, vm.hostId);
  const job = e.job(`Migrating VM ${vm.name} to Host ${target.name}`, a);
  e.event({ code: EventCode.VM_MIGRATION_START, severity: 'normal', vmId: vm.id, hostId: vm.hostId ?? undefined, description: `Migration started (VM: ${vm.name}, Source: ${source}, Destination: ${target.name}, User: ${who(a)}).` }, a);
  migrateChain(e, vm, target, job, a, VM_TIMING.migrate);
  return actionResult(job);
}

export function vmCancelMigration(e: Engine, a: Actor, vm: Vm): ActionResult {
  if (vm.status !== 'migrating') throw conflict('Cannot cancel migration for VM. VM is not being migrated.');
  e.ops.cancel(vm.id);
  vm.status = 'up';
  e.event({ code: EventCode.VM_MIGRATION_ABORT, severity: 'warning', vmId: vm.id, hostId: vm.hostId ?? undefined, description: `Migration failed: Migration canceled by ${who(a)} (VM: ${vm.name}, Source: ${hostName(e, vm.hostId)}).` }, a);
  return actionResult(null);
}

/** The host under a VM died or was fenced: HA VMs restart elsewhere, the rest go down. */
export function vmsLostHost(e: Engine, host: Host, a: Actor | null): void {
  for (const id of [...e.store.vmsByHost.get(host.id)]) {
    const vm = e.store.vms.get(id)!;
    e.ops.cancel(vm.id);
    e.vmDown(vm, 'Host failure');
    if (vm.haEnabled) {
      e.event({ code: EventCode.HA_VM_RESTART, severity: 'error', vmId: vm.id, description: `Highly Available VM ${vm.name} failed. It will be restarted automatically.` });
      const target = e.candidates(vm.clusterId, vm.memory, host.id)[0];
      if (target) launch(e, vm, target, null, null);
    } else {
      e.event({ code: EventCode.VM_DOWN, severity: 'error', vmId: vm.id, description: `VM ${vm.name} is down with error. Exit message: Host ${host.name} was fenced${a ? ` by ${who(a)}` : ''}.` });
    }
  }
}

// ---------------------------------------------------------------- consoles

function requireConsole(vm: Vm, action: string): void {
  if (!isRunning(vm) || !vm.consolePort || vm.status === 'unknown') throw conflict(`Cannot ${action}. VM is not running.`);
}

export function vmTicket(e: Engine, a: Actor, vm: Vm, body: Body, defaultExpiry: number): ActionResult {
  requireConsole(vm, 'set console ticket');
  const t = asObj(body.ticket) ?? {};
  const expiry = asInt(t.expiry, 'ticket.expiry') ?? defaultExpiry;
  if (expiry <= 0) throw badRequest(`Invalid value '${expiry}' for 'ticket.expiry': must be positive.`);
  const ticket = e.newTicket(vm, expiry);
  const value = asStr(t.value, 'ticket.value');
  if (value) e.store.consoleTickets.set(vm.id, { value, expiresAt: Date.now() + expiry * 1000 });
  e.event({ code: EventCode.VM_SET_TICKET, severity: 'normal', vmId: vm.id, hostId: vm.hostId ?? undefined, description: `User ${who(a)} initiated console session for VM ${vm.name}` }, a);
  return actionResult(null, { ticket: { expiry: String(expiry), value: value ?? ticket.value } });
}

/** The `.vv` file remote-viewer opens, with a fresh one-time password. */
export function consoleFile(e: Engine, a: Actor, vm: Vm, console: { address: string; port: number; tlsPort?: number }): string {
  requireConsole(vm, 'get the console file');
  const ticket = e.newTicket(vm, 120);
  e.event({ code: EventCode.VM_SET_TICKET, severity: 'normal', vmId: vm.id, hostId: vm.hostId ?? undefined, description: `User ${who(a)} initiated console session for VM ${vm.name}` }, a);
  const lines = [
    '[virt-viewer]', `type=${vm.display}`, `host=${console.address}`, `port=${console.port}`, `password=${ticket.value}`,
    '# Password is valid for 120 seconds.', 'delete-this-file=1', 'fullscreen=0', `title=${vm.name}:%d`,
    'toggle-fullscreen=shift+f11', 'release-cursor=shift+f12', 'secure-attention=ctrl+alt+end',
  ];
  if (vm.display === 'spice') {
    lines.push(`tls-port=${console.tlsPort ?? console.port + 1}`, 'secure-channels=main;inputs;cursor;playback;record;display;smartcard;usbredir', 'enable-smartcard=0', 'enable-usb-autoshare=1', 'usb-filter=-1,-1,-1,-1,0');
  }
  lines.push('versions=rhev-win64:2.0-160;rhev-win32:2.0-160;rhel8:99.0-1;rhel7:2.0-6;rhel6:99.0-1', 'newer-version-url=http://www.ovirt.org/documentation/admin-guide/virt/console-client-resources', `[ovirt]`, `host=${console.address}`, `vm-guid=${vm.id}`, `admin=${vm.display === 'vnc' ? 1 : 0}`);
  return lines.join('\n') + '\n';
}


// ---------------------------------------------------------------- add / update / remove

const NAME_IN_USE = (action: string, type = 'VM') => conflict(`Cannot ${action} ${type}. The ${type} name is already in use, please choose a unique name and try again.`);

function copyDisk(e: Engine, src: Disk, alias: string, sd: StorageDomain, thin: boolean): Disk {
  const d: Disk = {
    ...src, id: randomUUID(), imageId: randomUUID(), alias, storageDomainId: sd.id, status: 'locked', creationTime: Date.now(), templateId: undefined,
    // A thin copy starts as a small qcow2 overlay; a full copy is as big as the source.
    format: thin ? 'cow' : src.format, sparse: thin ? true : src.sparse, actualSize: thin ? 200 * 1024 ** 2 : src.actualSize,
  };
  e.store.addDisk(d);
  return d;
}

function newVmNics(e: Engine, vmId: string, dcId: string, defs: { name: string; vnicProfileName: string; interface: Nic['interface'] }[]): void {
  for (const n of defs) {
    let profileId: string | null = null;
    for (const nid of e.store.networksByDc.get(dcId)) {
      const net = e.store.networks.get(nid)!;
      if (net.name !== n.vnicProfileName) continue;
      const [pid] = e.store.profilesByNetwork.get(nid);
      if (pid) profileId = pid;
    }
    e.store.addNic({ id: randomUUID(), vmId, name: n.name, interface: n.interface, mac: nextMac(e), vnicProfileId: profileId, plugged: true, linked: true });
  }
}

let macSeq = 0x800000;
export function nextMac(e: Engine): string {
  // New NICs take addresses from the upper half of the pool; seeded ones use the lower half.
  let mac = macAddress(macSeq++);
  const used = new Set([...e.store.nics.values()].map((n) => n.mac));
  while (used.has(mac)) mac = macAddress(macSeq++);
  return mac;
}

function vmUserCheck(e: Engine, a: Actor, clusterId: string, templateId: string): void {
  if (a.user.admin) return;
  const perms = [...e.store.permissionsOf(a.user.id)];
  const cluster = e.store.clusters.get(clusterId)!;
  const canCreate = perms.some((p) => p.roleId === ROLE_IDS.VmCreator && (p.targetId === clusterId || p.targetId === cluster.dataCenterId));
  const canUseTemplate = templateId === BLANK_TEMPLATE_ID || perms.some((p) => p.targetId === templateId);
  if (!canCreate || !canUseTemplate) throw forbidden();
}

function applyVmFields(vm: Pick<Vm, 'memory' | 'memoryGuaranteed' | 'memoryMax' | 'sockets' | 'cores' | 'threads' | 'osType' | 'haEnabled' | 'haPriority' | 'stateless' | 'description' | 'comment' | 'type' | 'deleteProtected'>, body: Body): void {
  const memory = asInt(body.memory, 'memory');
  if (memory !== undefined) {
    if (memory < 256 * 1024 ** 2) throw badRequest('[Cannot edit VM. Memory size must be at least 256 MB.]');
    vm.memory = memory;
    vm.memoryMax = Math.max(vm.memoryMax, memory);
    vm.memoryGuaranteed = Math.min(vm.memoryGuaranteed, memory);
  }
  const mp = asObj(body.memory_policy);
  if (mp) {
    const g = asInt(mp.guaranteed, 'memory_policy.guaranteed');
    const max = asInt(mp.max, 'memory_policy.max');
    if (max !== undefined) vm.memoryMax = max;
    if (g !== undefined) {
      if (g > vm.memory) throw conflict('Cannot edit VM. Physical Memory Guaranteed cannot exceed Memory Size.');
      vm.memoryGuaranteed = g;
    }
  }
  const topo = asObj(asObj(body.cpu)?.topology);
  if (topo) {
    const sockets = asInt(topo.sockets, 'cpu.topology.sockets');
    const cores = asInt(topo.cores, 'cpu.topology.cores');
    const threads = asInt(topo.threads, 'cpu.topology.threads');
    for (const [n, v] of [['sockets', sockets], ['cores', cores], ['threads', threads]] as const) {
      if (v !== undefined && (v < 1 || v > 384)) throw badRequest(`Invalid value '${v}' for 'cpu.topology.${n}'.`);
    }
    if (sockets !== undefined) vm.sockets = sockets;
    if (cores !== undefined) vm.cores = cores;
    if (threads !== undefined) vm.threads = threads;
  }
  const os = asStr(asObj(body.os)?.type, 'os.type');
  if (os) vm.osType = os;
  const ha = asObj(body.high_availability);
  if (ha) {
    const en = asBool(ha.enabled, 'high_availability.enabled');
    const pr = asInt(ha.priority, 'high_availability.priority');
    if (en !== undefined) vm.haEnabled = en;
    if (pr !== undefined) vm.haPriority = pr;
  }
  const stateless = asBool(body.stateless, 'stateless');
  if (stateless !== undefined) vm.stateless = stateless;
  const dp = asBool(body.delete_protected, 'delete_protected');
  if (dp !== undefined) vm.deleteProtected = dp;
  const desc = asStr(body.description, 'description');
  if (desc !== undefined) vm.description = desc;
  const comment = asStr(body.comment, 'comment');
  if (comment !== undefined) vm.comment = comment;
  const type = asStr(body.type, 'type');
  if (type !== undefined) {
    if (!['server', 'desktop', 'high_performance'].includes(type)) throw badRequest(`Invalid value '${type}' for 'type'.`);
    vm.type = type as Vm['type'];
  }
}

export interface AddVmResult { vm: Vm; status: 201 | 202; done: Promise<void> }

/**
 * `placement_policy`: `affinity` (migratable, user_migratable = only a user may migrate it, pinned =
 * never migrates) and `hosts`, which must exist and belong to the VM's cluster.
 */
function applyPlacement(e: Engine, vm: Vm, body: Body, verb: 'add' | 'edit' = 'add'): void {
  const policy = asObj(body.placement_policy);
  if (!policy) return;
  const affinity = asStr(policy.affinity, 'placement_policy.affinity');
  if (affinity !== undefined) {
    if (!AFFINITIES.includes(affinity as VmAffinity)) throw badRequest(`Invalid value '${affinity}' for 'placement_policy.affinity'.`);
    vm.placementAffinity = affinity as VmAffinity;
  }
  const hosts = asObj(policy.hosts)?.host;
  if (hosts === undefined) return;
  const ids: string[] = [];
  for (const h of Array.isArray(hosts) ? hosts : [hosts]) {
    const host = lookup(e.store.hosts, h, 'Host', e.store);
    if (!host) continue;
    if (host.clusterId !== vm.clusterId) throw conflict(`Cannot ${verb} VM. The Host ${host.name} is not in the VM's Cluster.`);
    if (!ids.includes(host.id)) ids.push(host.id);
  }
  vm.placementHostIds = ids;
}

const AFFINITIES: readonly VmAffinity[] = ['migratable', 'user_migratable', 'pinned'];
const BOOT_DEVICES: readonly BootDevice[] = ['hd', 'cdrom', 'network'];

/** `os.boot.devices.device`: the engine's boot sequences are orders of up to three distinct devices. */
function bootDevicesOf(body: Body, verb: 'add' | 'edit'): BootDevice[] | undefined {
  const raw = asObj(asObj(asObj(body.os)?.boot)?.devices)?.device;
  if (raw === undefined) return undefined;
  const out: BootDevice[] = [];
  for (const d of Array.isArray(raw) ? raw : [raw]) {
    const v = asStr(d, 'os.boot.devices.device');
    if (!v || !BOOT_DEVICES.includes(v as BootDevice)) throw badRequest(`Invalid value '${String(v)}' for 'os.boot.devices.device'. Possible values for 'BootDevice' are: cdrom, hd, network.`);
    if (out.includes(v as BootDevice)) throw badRequest(`[Cannot ${verb} VM. The boot sequence names ${v} twice.]`);
    out.push(v as BootDevice);
  }
  if (!out.length) throw badRequest(`[Cannot ${verb} VM. The boot sequence must name at least one device.]`);
  return out;
}

function displayOf(body: Body): Vm['display'] | undefined {
  const display = asStr(asObj(body.display)?.type, 'display.type');
  if (display !== undefined && display !== 'vnc' && display !== 'spice') throw badRequest(`Invalid value '${display}' for 'display.type'.`);
  return display;
}

const SD_STATUS_TEXT: Record<string, string> = { maintenance: 'Maintenance', inactive: 'Inactive', locked: 'Locked', unattached: 'Unattached', activating: 'Activating', detaching: 'Detaching', preparing_for_maintenance: 'PreparingForMaintenance' };

/**
 * `lease`: the storage domain holding the VM's lease (VM leases, engine 4.1+). The REST mapper
 * takes `lease.storage_domain.id` as it is, and `lease` without a storage domain clears it
 * (StorageDomainLeaseMapper); the command then checks the domain as validateLeaseStorageDomain
 * does: it must be in the VM's data center and active (StorageDomainValidator.isDomainExistAndActive),
 * and a data domain (isDataDomain). A domain of another data center is, for it, one that does not exist.
 */
function applyLease(e: Engine, vm: Vm, body: Body, verb: 'add' | 'edit'): void {
  if (!('lease' in body)) return;
  const lease = asObj(body.lease);
  const id = lease ? asStr(asObj(lease.storage_domain)?.id, 'lease.storage_domain.id') : undefined;
  if (!id) {
    vm.leaseSdId = null;
    return;
  }
  const dcId = e.store.clusters.get(vm.clusterId)?.dataCenterId;
  const sd = e.store.storageDomains.get(id);
  if (!sd || !dcId || sd.dataCenterId !== dcId) throw conflict(`Cannot ${verb} VM. Storage Domain doesn't exist.`);
  if (sd.status !== 'active') throw conflict(`Cannot ${verb} VM. The relevant Storage Domain's status is ${SD_STATUS_TEXT[sd.status] ?? sd.status}.`);
  if (sd.type !== 'data') throw conflict(`Cannot ${verb} VM. The operation is supported only for data domains.`);
  vm.leaseSdId = sd.id;
}

/** A highly available VM must be able to restart elsewhere: not pinned to exactly one host. */
function checkHaPlacement(vm: Vm, verb: 'add' | 'edit'): void {
  if (vm.haEnabled && vm.placementAffinity === 'pinned' && (vm.placementHostIds?.length ?? 0) === 1) {
    throw conflict(`Cannot ${verb} VM. A highly available VM cannot be pinned to a specific Host.`);
  }
}

/** `POST /vms` naming a snapshot: a full, independent copy of the VM as it was in that snapshot. */
function addVmFromSnapshot(e: Engine, a: Actor, body: Body, snapRef: Body): AddVmResult {
  const name = asStr(body.name, 'name');
  const snapshotId = asStr(snapRef.id, 'snapshots.snapshot.id');
  const missing = [!name && 'name', !snapshotId && 'snapshots.snapshot.id'].filter(Boolean);
  if (missing.length) throw incomplete('Vm', missing.join(', '));
  checkName(name!, 'add', 'VM');
  const s = e.store.snapshots.get(snapshotId!);
  const src = s ? e.store.vms.get(s.vmId) : undefined;
  if (!s || !src) throw notFound(`Snapshot: id=${snapshotId}`);
  if (!a.user.admin) vmUserCheck(e, a, src.clusterId, BLANK_TEMPLATE_ID);
  if (e.store.vmNames.has(name!)) throw NAME_IN_USE('add');
  if (s.type === 'active') throw conflict('Cannot add VM. The Active VM snapshot cannot be used to clone a VM; take a snapshot first.');
  if (s.status !== 'ok') throw conflict(`Cannot add VM. The Snapshot is ${s.status === 'locked' ? 'locked' : 'in preview'}. Please try again in a few minutes.`);
  const cluster = lookup(e.store.clusters, body.cluster, 'Cluster', e.store) ?? e.store.clusters.get(src.clusterId)!;
  if (cluster.dataCenterId !== e.store.clusters.get(src.clusterId)?.dataCenterId) throw conflict('Cannot add VM. The Cluster must be in the Data Center of the source VM.');
  const now = Date.now();
  const vm: Vm = {
    ...src, id: randomUUID(), name: name!, clusterId: cluster.id, creationTime: now, startTime: null, stopTime: null, status: 'image_locked',
    templateId: BLANK_TEMPLATE_ID, originalTemplateId: BLANK_TEMPLATE_ID, fqdn: null, ips: [], guestAgent: false, nextRun: null, consolePort: null,
    ordinal: e.nextVmOrdinal++, deleteProtected: false, hostId: null, runOnce: false, migrationTargetHostId: null, migrationProgress: null, stopReason: '',
  };
  e.store.addVm(vm);
  const disks = e.store.attachmentsOf(src.id).map((att, i) => {
    const d = e.store.disks.get(att.diskId)!;
    const copy = copyDisk(e, d, `${name}_Disk${i + 1}`, e.store.storageDomains.get(d.storageDomainId)!, false);
    e.store.attachDisk({ ...att, diskId: copy.id, ownerId: vm.id, logicalName: null });
    return copy;
  });
  for (const nic of e.store.nicsOf(src.id)) e.store.addNic({ ...nic, id: randomUUID(), vmId: vm.id, mac: nextMac(e) });
  e.store.addSnapshot({ id: randomUUID(), vmId: vm.id, description: 'Active VM', date: now, type: 'active', status: 'ok', persistMemory: false });
  if (!a.user.admin) e.store.addPermission({ id: randomUUID(), roleId: ROLE_IDS.UserVmManager, principalId: a.user.id, principalKind: 'user', targetKind: 'vm', targetId: vm.id });
  const job = e.job(`Creating VM ${name} from Snapshot ${s.description} of VM ${src.name}`, a);
  e.event({ code: EventCode.USER_ADD_VM_STARTED, severity: 'normal', vmId: vm.id, clusterId: cluster.id, description: `VM ${name} creation from snapshot was initiated by ${who(a)}.` }, a);
  s.status = 'locked';
  const done = new Promise<void>((resolve) => {
    const finish = () => { for (const d of disks) d.status = 'ok'; vm.status = 'down'; if (s.status === 'locked') s.status = 'ok'; };
    e.ops.start(vm.id, [{ ms: VM_TIMING.clone, run: () => {
      finish();
      e.jobs.finish(job);
      e.event({ code: EventCode.USER_ADD_VM_FINISHED_SUCCESS, severity: 'normal', vmId: vm.id, description: `VM ${name} creation has been completed.` }, a);
      resolve();
    } }], () => { finish(); e.jobs.finish(job, 'aborted'); resolve(); });
  });
  return { vm, status: 202, done };
}

export function addVm(e: Engine, a: Actor, body: Body, cloneDisks: boolean): AddVmResult {
  const fromSnapshot = asObj(body.snapshots)?.snapshot;
  if (Array.isArray(fromSnapshot) && fromSnapshot.length) return addVmFromSnapshot(e, a, body, asObj(fromSnapshot[0]) ?? {});
  const name = asStr(body.name, 'name');
  const missing = [!name && 'name', !asObj(body.cluster) && 'cluster.id|name', !asObj(body.template) && 'template.id|name'].filter(Boolean);
  if (missing.length) throw incomplete('Vm', missing.join(', '));
  checkName(name!, 'add', 'VM');
  const cluster = lookup(e.store.clusters, body.cluster, 'Cluster', e.store)!;
  const template = lookup(e.store.templates, body.template, 'Template', e.store)!;
  vmUserCheck(e, a, cluster.id, template.id);
  if (e.store.vmNames.has(name!)) throw NAME_IN_USE('add');
  if (template.status !== 'ok') throw conflict('Cannot add VM. Template is locked. Please try again in a few minutes.');
  const dcId = cluster.dataCenterId;
  const tplDisks = template.diskIds.map((id) => e.store.disks.get(id)!).filter(Boolean);
  for (const d of tplDisks) {
    const sd = e.store.storageDomains.get(d.storageDomainId);
    if (sd?.dataCenterId !== dcId) throw conflict(`Cannot add VM. The Template's disks are not available in Data Center ${e.store.dataCenters.get(dcId)?.name}.`);
    if (sd.status !== 'active') throw conflict(`Cannot add VM. Storage Domain ${sd.name} is not active.`);
  }
  const now = Date.now();
  const vm: Vm = {
    id: randomUUID(), name: name!, description: '', comment: '', clusterId: cluster.id, hostId: null, templateId: template.id,
    originalTemplateId: template.id, status: tplDisks.length ? 'image_locked' : 'down', stopReason: '', memory: template.memory,
    memoryGuaranteed: template.memoryGuaranteed, memoryMax: template.memory * 4, sockets: template.sockets, cores: template.cores,
    threads: template.threads, osType: template.osType, type: template.type, haEnabled: template.haEnabled, haPriority: template.haPriority,
    stateless: template.stateless, deleteProtected: false, display: template.display, creationTime: now, startTime: null, stopTime: null,
    guestAgent: false, fqdn: null, ips: [], cdromFileId: null, nextRun: null, consolePort: null, migrationTargetHostId: null,
    migrationProgress: null, ordinal: e.nextVmOrdinal++,
  };
  applyVmFields(vm, body);
  applyPlacement(e, vm, body);
  checkHaPlacement(vm, 'add');
  const display = displayOf(body);
  if (display) vm.display = display;
  const boot = bootDevicesOf(body, 'add');
  if (boot) vm.bootDevices = boot;
  const init = initializationOf(asObj(body.initialization));
  if (init) vm.initialization = init;
  e.store.addVm(vm);
  const disks = tplDisks.map((d, i) => {
    const sd = e.store.storageDomains.get(d.storageDomainId)!;
    const copy = copyDisk(e, d, `${vm.name}_Disk${i + 1}`, sd, !cloneDisks);
    e.store.attachDisk({ diskId: copy.id, ownerId: vm.id, ownerKind: 'vm', bootable: i === 0, interface: 'virtio_scsi', active: true, readOnly: false, logicalName: null });
    return copy;
  });
  newVmNics(e, vm.id, dcId, template.nics);
  e.store.addSnapshot({ id: randomUUID(), vmId: vm.id, description: 'Active VM', date: now, type: 'active', status: 'ok', persistMemory: false });
  if (!a.user.admin) e.store.addPermission({ id: randomUUID(), roleId: ROLE_IDS.UserVmManager, principalId: a.user.id, principalKind: 'user', targetKind: 'vm', targetId: vm.id });
  if (!disks.length) {
    e.event({ code: EventCode.USER_ADD_VM, severity: 'normal', vmId: vm.id, clusterId: cluster.id, description: `VM ${vm.name} was created by ${who(a)}.` }, a);
    return { vm, status: 201, done: Promise.resolve() };
  }
  const job = e.job(`Creating VM ${vm.name} from Template ${template.name} in Cluster ${cluster.name}`, a);
  e.event({ code: EventCode.USER_ADD_VM_STARTED, severity: 'normal', vmId: vm.id, clusterId: cluster.id, description: `VM ${vm.name} creation was initiated by ${who(a)}.` }, a);
  const done = new Promise<void>((resolve) => {
    e.ops.start(vm.id, [{ ms: cloneDisks ? VM_TIMING.clone : VM_TIMING.create, run: () => {
      for (const d of disks) d.status = 'ok';
      vm.status = 'down';
      e.jobs.finish(job);
      e.event({ code: EventCode.USER_ADD_VM_FINISHED_SUCCESS, severity: 'normal', vmId: vm.id, clusterId: cluster.id, description: `VM ${vm.name} creation has been completed.` }, a);
      resolve();
    } }], () => { e.jobs.finish(job, 'aborted'); resolve(); });
  });
  return { vm, status: 202, done };
}

export function updateVm(e: Engine, a: Actor, vm: Vm, body: Body, nextRunOnly: boolean): void {
  if (vm.status === 'image_locked') throw vmLocked('edit');
  const name = asStr(body.name, 'name');
  if (name !== undefined && name !== vm.name) {
    checkName(name, 'edit', 'VM');
    if (e.store.vmNames.has(name)) throw NAME_IN_USE('edit');
  }
  const cluster = lookup(e.store.clusters, body.cluster, 'Cluster', e.store);
  if (cluster && cluster.id !== vm.clusterId) {
    if (isRunning(vm)) throw conflict('Cannot edit VM. VM must be down to change its Cluster.');
    if (cluster.dataCenterId !== e.store.clusters.get(vm.clusterId)?.dataCenterId) throw conflict('Cannot edit VM. The VM can only be moved to a Cluster in the same Data Center.');
  }
  // Memory and CPU of a running VM: without next_run the engine hot-plugs what it can (more
  // sockets with the same cores and threads; more memory in 256 MiB steps, while the VM is up) and
  // keeps everything else, and everything with next_run=true, as the next-run configuration.
  const running = isRunning(vm) || vm.status === 'suspended';
  const draft = { ...vm };
  applyVmFields(draft, body);
  // High availability and placement are scheduling rules: the engine applies them at once.
  applyPlacement(e, draft, body, 'edit');
  checkHaPlacement(draft, 'edit');
  // The lease is hot-plugged into a running VM (engine 4.2+: VmCommonUtils.isVmLeaseToBeHotPluggedOrUnplugged).
  applyLease(e, draft, body, 'edit');
  // Boot order and display type are the running QEMU's own: on a running VM they wait for the next start.
  const boot = bootDevicesOf(body, 'edit');
  const display = displayOf(body);
  const coldPending: NonNullable<Vm['nextRun']> = {};
  if (boot) {
    if (running || nextRunOnly) coldPending.bootDevices = boot;
    else draft.bootDevices = boot;
  }
  if (display) {
    if (running || nextRunOnly) coldPending.display = display;
    else draft.display = display;
  }
  if (Object.keys(coldPending).length) {
    // What equals the running configuration is no pending change.
    const merged = { ...(vm.nextRun ?? {}), ...coldPending };
    if (merged.bootDevices?.join() === (vm.bootDevices ?? ['hd']).join()) delete merged.bootDevices;
    if (merged.display === vm.display) delete merged.display;
    draft.nextRun = Object.keys(merged).length ? merged : null;
  }
  const hot: (keyof Vm)[] = ['memory', 'sockets', 'cores', 'threads'];
  if (running && !nextRunOnly && vm.status === 'up') {
    const cpuHot = draft.sockets > vm.sockets && draft.cores === vm.cores && draft.threads === vm.threads;
    const memDelta = draft.memory - vm.memory;
    const memHot = memDelta > 0 && memDelta % (256 * 1024 ** 2) === 0 && draft.memory <= vm.memoryMax;
    const cpuSame = draft.sockets === vm.sockets && draft.cores === vm.cores && draft.threads === vm.threads;
    const memSame = memDelta === 0;
    if ((cpuHot || cpuSame) && (memHot || memSame)) {
      if (cpuHot) e.event({ code: EventCode.USER_UPDATE_VM, severity: 'normal', vmId: vm.id, description: `Hotplug CPU: changed the number of CPUs on VM ${vm.name} from ${vm.sockets * vm.cores * vm.threads} to ${draft.sockets * draft.cores * draft.threads}` }, a);
      if (memHot) e.event({ code: EventCode.USER_UPDATE_VM, severity: 'normal', vmId: vm.id, description: `Hotset memory: changed the amount of memory on VM ${vm.name} from ${vm.memory / 1024 ** 2} to ${draft.memory / 1024 ** 2}` }, a);
      draft.memoryGuaranteed = vm.memoryGuaranteed;
      Object.assign(vm, { ...draft, name: vm.name, status: vm.status, hostId: vm.hostId, clusterId: vm.clusterId });
      if (name !== undefined && name !== vm.name) e.store.renameVm(vm, name);
      e.event({ code: EventCode.USER_UPDATE_VM, severity: 'normal', vmId: vm.id, description: `VM ${vm.name} configuration was updated by ${who(a)}.` }, a);
      return;
    }
  }
  if (running && hot.some((k) => draft[k] !== vm[k])) {
    // On the draft: it is what gets copied onto the VM below.
    draft.nextRun = { ...(draft.nextRun ?? {}), memory: draft.memory, sockets: draft.sockets, cores: draft.cores, threads: draft.threads };
    for (const k of hot) (draft as Record<string, unknown>)[k] = vm[k];
    draft.memoryMax = vm.memoryMax;
    draft.memoryGuaranteed = vm.memoryGuaranteed;
  }
  Object.assign(vm, { ...draft, name: vm.name, status: vm.status, hostId: vm.hostId, clusterId: vm.clusterId });
  if (cluster && cluster.id !== vm.clusterId) {
    e.store.vmsByCluster.remove(vm.clusterId, vm.id);
    vm.clusterId = cluster.id;
    e.store.vmsByCluster.add(vm.clusterId, vm.id);
  }
  if (name !== undefined && name !== vm.name) e.store.renameVm(vm, name);
  e.event({ code: EventCode.USER_UPDATE_VM, severity: 'normal', vmId: vm.id, description: `VM ${vm.name} configuration was updated by ${who(a)}.` }, a);
}

export function removeVm(e: Engine, a: Actor, vm: Vm, keepDisks: boolean): void {
  if (vm.status === 'image_locked') throw vmLocked('remove');
  if (vm.status !== 'down') throw conflict('Cannot remove VM. VM is running.');
  if (vm.deleteProtected) throw conflict('Cannot remove VM. Delete protection is enabled. In order to delete, disable Delete protection first.');
  if (e.store.snapshotsOf(vm.id).some((s) => s.status === 'in_preview')) throw conflict('Cannot remove VM. VM is previewing a Snapshot.');
  const job = e.job(`Removing VM ${vm.name} from system`, a);
  vm.status = 'image_locked';
  e.ops.start(vm.id, [{ ms: VM_TIMING.remove, run: () => {
    if (keepDisks) for (const att of [...e.store.attachmentsOf(vm.id)]) e.store.detachDisk(att);
    e.store.removeVm(vm);
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_REMOVE_VM_FINISHED, severity: 'normal', description: `VM ${vm.name} was successfully removed.` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
}

// ---------------------------------------------------------------- clone / export / import

export function vmClone(e: Engine, a: Actor, vm: Vm, body: Body): ActionResult {
  const name = asStr(asObj(body.vm)?.name, 'vm.name');
  if (!name) throw incomplete('Action', 'vm.name', 'clone');
  checkName(name, 'clone', 'VM');
  if (vm.status === 'image_locked') throw vmLocked('clone');
  if (vm.status !== 'down') throw conflict('Cannot clone VM. VM must be in Down status.');
  if (e.store.vmNames.has(name)) throw NAME_IN_USE('clone');
  if (!a.user.admin) vmUserCheck(e, a, vm.clusterId, BLANK_TEMPLATE_ID);
  const now = Date.now();
  const clone: Vm = {
    ...vm, id: randomUUID(), name, creationTime: now, startTime: null, stopTime: null, status: 'image_locked', templateId: BLANK_TEMPLATE_ID,
    fqdn: null, ips: [], guestAgent: false, nextRun: null, consolePort: null, ordinal: e.nextVmOrdinal++, deleteProtected: false, hostId: null,
  };
  e.store.addVm(clone);
  const disks = e.store.attachmentsOf(vm.id).map((att, i) => {
    const src = e.store.disks.get(att.diskId)!;
    const copy = copyDisk(e, src, `${name}_Disk${i + 1}`, e.store.storageDomains.get(src.storageDomainId)!, false);
    e.store.attachDisk({ ...att, diskId: copy.id, ownerId: clone.id, logicalName: null });
    return copy;
  });
  for (const nic of e.store.nicsOf(vm.id)) e.store.addNic({ ...nic, id: randomUUID(), vmId: clone.id, mac: nextMac(e) });
  e.store.addSnapshot({ id: randomUUID(), vmId: clone.id, description: 'Active VM', date: now, type: 'active', status: 'ok', persistMemory: false });
  if (!a.user.admin) e.store.addPermission({ id: randomUUID(), roleId: ROLE_IDS.UserVmManager, principalId: a.user.id, principalKind: 'user', targetKind: 'vm', targetId: clone.id });
  const job = e.job(`Cloning VM ${vm.name} to ${name}`, a);
  e.event({ code: EventCode.USER_ADD_VM_FROM_CLONE, severity: 'normal', vmId: clone.id, description: `Creation of VM ${name} (clone of ${vm.name}) was initiated by ${who(a)}.` }, a);
  vm.status = 'image_locked';
  const finish = () => {
    for (const d of disks) d.status = 'ok';
    clone.status = 'down';
    if (vm.status === 'image_locked') vm.status = 'down';
  };
  e.ops.start(clone.id, [{ ms: VM_TIMING.clone, run: () => {
    finish();
    e.jobs.finish(job);
    e.event({ code: EventCode.VM_CLONE_FINISHED, severity: 'normal', vmId: clone.id, description: `VM ${name} was created successfully as a clone of ${vm.name}.` }, a);
  } }], () => { finish(); e.jobs.finish(job, 'aborted'); });
  return actionResult(job, { vm: ref('vms', clone.id) }, true);
}

function exportDomainFor(e: Engine, body: Body, dcId: string, action: string): StorageDomain {
  const sd = lookup(e.store.storageDomains, body.storage_domain, 'StorageDomain', e.store);
  if (!sd) throw incomplete('Action', 'storageDomain.id|name', action);
  if (sd.type !== 'export') throw conflict(`Cannot ${action} VM. The target Storage Domain is not an Export Domain.`);
  if (sd.dataCenterId !== dcId) throw conflict(`Cannot ${action} VM. The Export Domain is not attached to the VM's Data Center.`);
  if (sd.status !== 'active') throw conflict(`Cannot ${action} VM. The relevant Storage Domain's status is ${sd.status}.`);
  return sd;
}

export function vmExport(e: Engine, a: Actor, vm: Vm, body: Body): ActionResult {
  if (vm.status === 'image_locked') throw vmLocked('export');
  if (vm.status !== 'down') throw conflict('Cannot export VM. VM must be in Down status.');
  const dcId = e.store.clusters.get(vm.clusterId)!.dataCenterId;
  const sd = exportDomainFor(e, body, dcId, 'export');
  const exclusive = asBool(body.exclusive, 'exclusive') ?? false;
  const existing = e.store.exportVms.get(sd.id) ?? new Map<string, ExportedVm>();
  if (existing.has(vm.id) && !exclusive) throw conflict('Cannot export VM. VM with the same identifier already exists.');
  const job = e.job(`Exporting VM ${vm.name} To Export Domain ${sd.name}`, a);
  e.event({ code: EventCode.IMPORTEXPORT_STARTING_EXPORT_VM, severity: 'normal', vmId: vm.id, storageDomainId: sd.id, description: `Starting export Vm ${vm.name} to ${sd.name}` }, a);
  vm.status = 'image_locked';
  e.ops.start(vm.id, [
    { ms: VM_TIMING.export / 2, run: () => e.jobs.progress(job, 50) },
    { ms: VM_TIMING.export / 2, run: () => {
      const disks = e.store.attachmentsOf(vm.id).map((att) => ({
        disk: { ...e.store.disks.get(att.diskId)!, storageDomainId: sd.id, status: 'ok' as const },
        attachment: { ...att },
      }));
      const nics = e.store.nicsOf(vm.id).map((n) => ({ ...n }));
      existing.set(vm.id, { vm: { ...vm, status: 'down', hostId: null, exportDomainId: sd.id, ordinal: -1 }, disks, nics });
      e.store.exportVms.set(sd.id, existing);
      vm.status = 'down';
      e.jobs.finish(job);
      e.event({ code: EventCode.IMPORTEXPORT_EXPORT_VM, severity: 'normal', vmId: vm.id, storageDomainId: sd.id, description: `Vm ${vm.name} was exported successfully to ${sd.name}` }, a);
    } },
  ], () => { vm.status = 'down'; e.jobs.finish(job, 'aborted'); });
  return actionResult(job, {}, true);
}

function importTargets(e: Engine, exportSd: StorageDomain, body: Body, what: string) {
  if (!exportSd.dataCenterId || exportSd.status !== 'active') throw conflict(`Cannot import ${what}. The relevant Storage Domain's status is ${exportSd.status}.`);
  const cluster = lookup(e.store.clusters, body.cluster, 'Cluster', e.store);
  const target = lookup(e.store.storageDomains, body.storage_domain, 'StorageDomain', e.store);
  const missing = [!cluster && 'cluster.id|name', !target && 'storageDomain.id|name'].filter(Boolean);
  if (missing.length) throw incomplete('Action', missing.join(', '), 'import');
  if (cluster!.dataCenterId !== exportSd.dataCenterId) throw conflict(`Cannot import ${what}. The Cluster must be in the Data Center the Export Domain is attached to.`);
  if (target!.type !== 'data' || target!.dataCenterId !== exportSd.dataCenterId) throw conflict(`Cannot import ${what}. The target Storage Domain must be a data domain of the same Data Center.`);
  if (target!.status !== 'active') throw conflict(`Cannot import ${what}. The relevant Storage Domain's status is ${target!.status}.`);
  return { cluster: cluster!, target: target! };
}

export function importVm(e: Engine, a: Actor, exportSd: StorageDomain, ex: ExportedVm, body: Body): ActionResult {
  const { cluster, target } = importTargets(e, exportSd, body, 'VM');
  const clone = asBool(body.clone, 'clone') ?? false;
  const name = asStr(asObj(body.vm)?.name, 'vm.name') ?? ex.vm.name;
  checkName(name, 'import', 'VM');
  if (!clone && e.store.vms.has(ex.vm.id)) throw conflict('Cannot import VM. VM with the same identifier already exists.');
  if (e.store.vmNames.has(name)) throw NAME_IN_USE('import');
  const vm: Vm = {
    ...ex.vm, id: clone ? randomUUID() : ex.vm.id, name, clusterId: cluster.id, status: 'image_locked', hostId: null, exportDomainId: undefined,
    templateId: BLANK_TEMPLATE_ID, originalTemplateId: BLANK_TEMPLATE_ID, ordinal: e.nextVmOrdinal++,
  };
  delete vm.exportDomainId;
  e.store.addVm(vm);
  const disks = ex.disks.map(({ disk, attachment }, i) => {
    const d: Disk = { ...disk, id: clone ? randomUUID() : disk.id, alias: clone ? `${name}_Disk${i + 1}` : disk.alias, storageDomainId: target.id, status: 'locked' };
    if (e.store.disks.has(d.id)) d.id = randomUUID();
    e.store.addDisk(d);
    e.store.attachDisk({ ...attachment, diskId: d.id, ownerId: vm.id });
    return d;
  });
  const dcId = cluster.dataCenterId;
  newVmNics(e, vm.id, dcId, ex.nics.map((n) => ({ name: n.name, vnicProfileName: 'ovirtmgmt', interface: n.interface })));
  e.store.addSnapshot({ id: randomUUID(), vmId: vm.id, description: 'Active VM', date: Date.now(), type: 'active', status: 'ok', persistMemory: false });
  const dc = e.store.dataCenters.get(dcId)!;
  const job = e.job(`Importing VM ${name} to Cluster ${cluster.name}`, a);
  e.event({ code: EventCode.IMPORTEXPORT_STARTING_IMPORT_VM, severity: 'normal', vmId: vm.id, storageDomainId: exportSd.id, description: `Starting to import Vm ${name} to Data Center ${dc.name}, Cluster ${cluster.name}` }, a);
  e.ops.start(vm.id, [
    { ms: VM_TIMING.import / 2, run: () => e.jobs.progress(job, 50) },
    { ms: VM_TIMING.import / 2, run: () => {
      for (const d of disks) d.status = 'ok';
      vm.status = 'down';
      e.jobs.finish(job);
      e.event({ code: EventCode.IMPORTEXPORT_IMPORT_VM, severity: 'normal', vmId: vm.id, description: `Vm ${name} was imported successfully to Data Center ${dc.name}, Cluster ${cluster.name}` }, a);
    } },
  ], () => e.jobs.finish(job, 'aborted'));
  return actionResult(job, { vm: ref('vms', vm.id) }, true);
}

export function importTemplate(e: Engine, a: Actor, exportSd: StorageDomain, ex: { template: Template; disks: Disk[] }, body: Body): ActionResult {
  const { cluster, target } = importTargets(e, exportSd, body, 'Template');
  const clone = asBool(body.clone, 'clone') ?? false;
  const name = asStr(asObj(body.template)?.name, 'template.name') ?? ex.template.name;
  checkName(name, 'import', 'Template');
  if (!clone && e.store.templates.has(ex.template.id)) throw conflict('Cannot import Template. Template with the same identifier already exists.');
  if ([...e.store.templates.values()].some((t) => t.name === name)) throw NAME_IN_USE('import', 'Template');
  const id = clone ? randomUUID() : ex.template.id;
  const disks = ex.disks.map((disk) => {
    const d: Disk = { ...disk, id: clone || e.store.disks.has(disk.id) ? randomUUID() : disk.id, storageDomainId: target.id, status: 'locked', templateId: id };
    e.store.addDisk(d);
    e.store.attachDisk({ diskId: d.id, ownerId: id, ownerKind: 'template', bootable: true, interface: 'virtio_scsi', active: true, readOnly: false, logicalName: null });
    return d;
  });
  const t: Template = { ...ex.template, id, name, clusterId: cluster.id, status: 'locked', diskIds: disks.map((d) => d.id), baseTemplateId: id };
  delete t.exportDomainId;
  e.store.addTemplate(t);
  const job = e.job(`Importing Template ${name} to Cluster ${cluster.name}`, a);
  e.ops.start(t.id, [{ ms: VM_TIMING.import, run: () => {
    for (const d of disks) d.status = 'ok';
    t.status = 'ok';
    e.jobs.finish(job);
    e.event({ code: EventCode.IMPORTEXPORT_IMPORT_VM, severity: 'normal', templateId: t.id, description: `Template ${name} was imported successfully to Cluster ${cluster.name}` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
  return actionResult(job, { template: ref('templates', t.id) }, true);
}

// ---------------------------------------------------------------- templates

export function addTemplate(e: Engine, a: Actor, body: Body): { template: Template; job: Job } {
  const name = asStr(body.name, 'name');
  const vm = lookup(e.store.vms, body.vm, 'VM', e.store);
  const missing = [!name && 'name', !vm && 'vm.id|name'].filter(Boolean);
  if (missing.length) throw incomplete('Template', missing.join(', '));
  checkName(name!, 'add', 'Template');
  if (!a.user.admin) throw forbidden();
  if (vm!.status === 'image_locked') throw vmLocked('add Template from');
  if (vm!.status !== 'down') throw conflict('Cannot add Template. VM must be in Down status.');
  if ([...e.store.templates.values()].some((t) => t.name === name)) throw NAME_IN_USE('add', 'Template');
  const id = randomUUID();
  const disks = e.store.attachmentsOf(vm!.id).map((att, i) => {
    const src = e.store.disks.get(att.diskId)!;
    const copy = copyDisk(e, src, `${name}_Disk${i + 1}`, e.store.storageDomains.get(src.storageDomainId)!, false);
    copy.templateId = id;
    e.store.attachDisk({ ...att, diskId: copy.id, ownerId: id, ownerKind: 'template', logicalName: null });
    return copy;
  });
  const profileName = (n: Nic) => (n.vnicProfileId ? e.store.vnicProfiles.get(n.vnicProfileId)?.name : undefined) ?? 'ovirtmgmt';
  const t: Template = {
    id, name: name!, description: asStr(body.description, 'description') ?? vm!.description, comment: '', clusterId: vm!.clusterId,
    status: 'locked', memory: vm!.memory, memoryGuaranteed: vm!.memoryGuaranteed, sockets: vm!.sockets, cores: vm!.cores, threads: vm!.threads,
    osType: vm!.osType, type: vm!.type, haEnabled: vm!.haEnabled, haPriority: vm!.haPriority, stateless: vm!.stateless, display: vm!.display,
    creationTime: Date.now(), versionNumber: 1, versionName: 'base version', baseTemplateId: id, diskIds: disks.map((d) => d.id),
    nics: e.store.nicsOf(vm!.id).map((n) => ({ name: n.name, vnicProfileName: profileName(n), interface: n.interface })),
  };
  e.store.addTemplate(t);
  const job = e.job(`Creating Template ${name} from VM ${vm!.name}`, a);
  e.event({ code: EventCode.USER_ADD_VM_TEMPLATE, severity: 'normal', templateId: id, vmId: vm!.id, description: `Creation of Template ${name} from VM ${vm!.name} was initiated by ${who(a)}.` }, a);
  vm!.status = 'image_locked';
  e.ops.start(id, [{ ms: VM_TIMING.template, run: () => {
    for (const d of disks) d.status = 'ok';
    t.status = 'ok';
    if (vm!.status === 'image_locked') vm!.status = 'down';
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_ADD_VM_TEMPLATE_FINISHED_SUCCESS, severity: 'normal', templateId: id, description: `Creation of Template ${name} from VM ${vm!.name} has been completed.` }, a);
  } }], () => { if (vm!.status === 'image_locked') vm!.status = 'down'; e.jobs.finish(job, 'aborted'); });
  return { template: t, job };
}

export function updateTemplate(e: Engine, a: Actor, t: Template, body: Body): void {
  if (t.status === 'locked') throw conflict('Cannot edit Template. Template is locked. Please try again in a few minutes.');
  const name = asStr(body.name, 'name');
  if (name !== undefined && name !== t.name) {
    if (t.id === BLANK_TEMPLATE_ID) throw conflict('Cannot edit Template. Blank Template cannot be edited.');
    checkName(name, 'edit', 'Template');
    if ([...e.store.templates.values()].some((x) => x.name === name)) throw NAME_IN_USE('edit', 'Template');
  }
  const draft = { ...t, memoryMax: t.memory * 4, deleteProtected: false };
  applyVmFields(draft, body);
  const { memory, memoryGuaranteed, sockets, cores, threads, osType, haEnabled, haPriority, stateless, description, comment, type } = draft;
  Object.assign(t, { memory, memoryGuaranteed, sockets, cores, threads, osType, haEnabled, haPriority, stateless, description, comment, type });
  if (name !== undefined && name !== t.name) {
    t.name = name;
    e.store.templates.touch();
  }
  e.event({ code: EventCode.USER_UPDATE_VM_TEMPLATE, severity: 'normal', templateId: t.id, description: `Template ${t.name} configuration was updated by ${who(a)}.` }, a);
}

export function removeTemplate(e: Engine, a: Actor, t: Template): void {
  if (t.id === BLANK_TEMPLATE_ID) throw conflict('Cannot remove Template. Blank Template cannot be removed.');
  if (t.status === 'locked') throw conflict('Cannot remove Template. Template is locked. Please try again in a few minutes.');
  const users = [...e.store.vms.values()].filter((v) => v.templateId === t.id).map((v) => v.name);
  if (users.length) throw conflict(`Cannot remove Template. Template is being used by the following VMs: ${users.sort().join(', ')}.`);
  e.store.removeTemplate(t);
  e.event({ code: EventCode.USER_REMOVE_VM_TEMPLATE, severity: 'normal', description: `Template ${t.name} was removed by ${who(a)}.` }, a);
}

// ---------------------------------------------------------------- snapshots

function previewOf(e: Engine, vm: Vm): Snapshot | undefined {
  return e.store.snapshotsOf(vm.id).find((s) => s.status === 'in_preview');
}

function lockDisks(e: Engine, vm: Vm, status: Disk['status']): void {
  for (const att of e.store.attachmentsOf(vm.id)) {
    const d = e.store.disks.get(att.diskId);
    if (d) d.status = status;
  }
}

export function addSnapshot(e: Engine, a: Actor, vm: Vm, body: Body): { snapshot: Snapshot; job: Job } {
  const description = asStr(body.description, 'description');
  if (!description) throw incomplete('Snapshot', 'description');
  if (vm.status === 'image_locked') throw vmLocked('create Snapshot for');
  if (previewOf(e, vm)) throw conflict('Cannot create Snapshot. VM is previewing a Snapshot.');
  if (e.store.snapshotsOf(vm.id).some((s) => s.status === 'locked')) throw conflict('Cannot create Snapshot. Snapshot is currently being created for VM ' + vm.name + '.');
  if (!['up', 'down', 'paused'].includes(vm.status)) throw conflict(`Cannot create Snapshot. VM status is ${vm.status}.`);
  const persist = (asBool(body.persist_memorystate, 'persist_memorystate') ?? false) && isRunning(vm);
  const snapshot: Snapshot = {
    id: randomUUID(), vmId: vm.id, description, date: Date.now(), type: 'regular', status: 'locked', persistMemory: persist,
    diskIds: e.store.attachmentsOf(vm.id).map((x) => x.diskId),
  };
  e.store.addSnapshot(snapshot);
  lockDisks(e, vm, 'locked');
  const job = e.job(`Creating VM Snapshot ${description} for VM ${vm.name}`, a);
  e.event({ code: EventCode.USER_CREATE_SNAPSHOT, severity: 'normal', vmId: vm.id, description: `Snapshot '${description}' creation for VM '${vm.name}' was initiated by ${who(a)}.` }, a);
  e.ops.start(`snapshot:${snapshot.id}`, [{ ms: VM_TIMING.snapshot, run: () => {
    snapshot.status = 'ok';
    lockDisks(e, vm, 'ok');
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_CREATE_SNAPSHOT_FINISHED_SUCCESS, severity: 'normal', vmId: vm.id, description: `Snapshot '${description}' creation for VM '${vm.name}' has been completed.` }, a);
  } }], () => e.jobs.finish(job, 'aborted'));
  return { snapshot, job };
}

export function removeSnapshot(e: Engine, a: Actor, vm: Vm, s: Snapshot): void {
  if (s.type === 'active') throw conflict('Cannot remove Snapshot. The Active VM snapshot cannot be removed.');
  if (s.status === 'in_preview' || previewOf(e, vm)) throw conflict('Cannot remove Snapshot. VM is previewing a Snapshot.');
  if (s.status === 'locked') throw conflict('Cannot remove Snapshot: Snapshot is locked. Please try again in a few minutes.');
  if (vm.status === 'image_locked') throw vmLocked('remove Snapshot of');
  const job = e.job(`Removing Snapshot ${s.description} of VM ${vm.name}`, a);
  e.event({ code: EventCode.USER_REMOVE_SNAPSHOT, severity: 'normal', vmId: vm.id, description: `Snapshot '${s.description}' deletion for VM '${vm.name}' was initiated by ${who(a)}.` }, a);
  s.status = 'locked';
  e.ops.start(`snapshot:${s.id}`, [{ ms: VM_TIMING.snapshot, run: () => {
    e.store.removeSnapshot(s);
    e.jobs.finish(job);
    e.event({ code: EventCode.USER_REMOVE_SNAPSHOT_FINISHED_SUCCESS, severity: 'normal', vmId: vm.id, description: `Snapshot '${s.description}' deletion for VM '${vm.name}' has been completed.` }, a);
  } }], () => { s.status = 'ok'; e.jobs.finish(job, 'aborted'); });
}

function requireDownFor(vm: Vm, action: string): void {
  if (vm.status === 'image_locked') throw vmLocked(action);
  if (vm.status !== 'down') throw conflict(`Cannot ${action} VM. VM must be in Down status.`);
}

function snapshotArg(e: Engine, vm: Vm, body: Body, action: string): Snapshot {
  const id = asStr(asObj(body.snapshot)?.id, 'snapshot.id');
  if (!id) throw incomplete('Action', 'snapshot.id', action);
  const s = e.store.snapshots.get(id);
  if (!s || s.vmId !== vm.id) throw notFound(`Snapshot: id=${id}`);
  return s;
}

/** Drop the regular snapshots taken after `s`: restoring to a point in time discards what came later. */
function dropNewer(e: Engine, vm: Vm, s: Snapshot): void {
  for (const other of [...e.store.snapshotsOf(vm.id)]) {
    if (other.type === 'regular' && other.date > s.date) e.store.removeSnapshot(other);
  }
}

export function previewSnapshot(e: Engine, a: Actor, vm: Vm, body: Body): ActionResult {
  const s = snapshotArg(e, vm, body, 'previewsnapshot');
  requireDownFor(vm, 'preview Snapshot of');
  if (previewOf(e, vm)) throw conflict('Cannot preview Snapshot. VM is previewing a Snapshot.');
  if (s.type !== 'regular' || s.status !== 'ok') throw conflict('Cannot preview Snapshot. The snapshot is not in a valid state for preview.');
  const job = e.job(`Previewing Snapshot ${s.description} for VM ${vm.name}`, a);
  e.event({ code: EventCode.USER_TRY_BACK_TO_SNAPSHOT, severity: 'normal', vmId: vm.id, description: `Snapshot-Preview ${s.description} for VM ${vm.name} was initiated by ${who(a)}.` }, a);
  vm.status = 'image_locked';
  s.status = 'locked';
  e.ops.start(vm.id, [{ ms: VM_TIMING.preview, run: () => {
    s.status = 'in_preview';
    e.store.addSnapshot({ id: randomUUID(), vmId: vm.id, description: 'Active VM before the preview', date: Date.now(), type: 'preview', status: 'ok', persistMemory: false });
    vm.status = 'down';
    e.jobs.finish(job);
  } }], () => { s.status = 'ok'; vm.status = 'down'; e.jobs.finish(job, 'aborted'); });
  return actionResult(job);
}

function endPreview(e: Engine, a: Actor, vm: Vm, commit: boolean): ActionResult {
  const action = commit ? 'commit Snapshot of' : 'undo Snapshot preview of';
  requireDownFor(vm, action);
  const s = previewOf(e, vm);
  if (!s) throw conflict(`Cannot ${commit ? 'commit' : 'undo'} Snapshot. VM is not previewing a Snapshot.`);
  const job = e.job(`${commit ? 'Committing' : 'Undoing'} Snapshot preview for VM ${vm.name}`, a);
  e.event(commit
    ? { code: EventCode.USER_RESTORE_FROM_SNAPSHOT, severity: 'normal', vmId: vm.id, description: `VM ${vm.name} restored from Snapshot ${s.description} by ${who(a)}.` }
    : { code: EventCode.USER_UNDO_RESTORE_FROM_SNAPSHOT, severity: 'normal', vmId: vm.id, description: `Undoing a Snapshot-Preview for VM ${vm.name} was initialized by ${who(a)}.` }, a);
  vm.status = 'image_locked';
  e.ops.start(vm.id, [{ ms: VM_TIMING.preview, run: () => {
    for (const p of e.store.snapshotsOf(vm.id).filter((x) => x.type === 'preview')) e.store.removeSnapshot(p);
    if (commit) dropNewer(e, vm, s);
    s.status = 'ok';
    vm.status = 'down';
    e.jobs.finish(job);
  } }], () => { vm.status = 'down'; e.jobs.finish(job, 'aborted'); });
  return actionResult(job);
}

export const commitSnapshot = (e: Engine, a: Actor, vm: Vm) => endPreview(e, a, vm, true);
export const undoSnapshot = (e: Engine, a: Actor, vm: Vm) => endPreview(e, a, vm, false);

export function restoreSnapshot(e: Engine, a: Actor, vm: Vm, s: Snapshot): ActionResult {
  requireDownFor(vm, 'restore Snapshot of');
  if (previewOf(e, vm)) throw conflict('Cannot restore Snapshot. VM is previewing a Snapshot.');
  if (s.type !== 'regular' || s.status !== 'ok') throw conflict('Cannot restore Snapshot. The snapshot is not in a valid state.');
  const job = e.job(`Restoring VM ${vm.name} from Snapshot ${s.description}`, a);
  e.event({ code: EventCode.USER_RESTORE_FROM_SNAPSHOT, severity: 'normal', vmId: vm.id, description: `VM ${vm.name} restored from Snapshot ${s.description} by ${who(a)}.` }, a);
  vm.status = 'image_locked';
  e.ops.start(vm.id, [{ ms: VM_TIMING.preview, run: () => {
    dropNewer(e, vm, s);
    vm.status = 'down';
    e.jobs.finish(job);
  } }], () => { vm.status = 'down'; e.jobs.finish(job, 'aborted'); });
  return actionResult(job);
}

// ---------------------------------------------------------------- NICs and disk attachments

export function addNic(e: Engine, a: Actor, vm: Vm, body: Body): Nic {
  const name = asStr(body.name, 'name');
  if (!name) throw incomplete('Nic', 'name');
  if (e.store.nicsOf(vm.id).some((n) => n.name === name)) throw conflict('Cannot add Interface. The VM Network Interface name is already in use.');
  const iface = asStr(body.interface, 'interface') ?? 'virtio';
  if (!['virtio', 'e1000', 'rtl8139'].includes(iface)) throw badRequest(`Invalid value '${iface}' for 'interface'.`);
  const profile = lookup(e.store.vnicProfiles, body.vnic_profile, 'VnicProfile', e.store);
  const dcId = e.store.clusters.get(vm.clusterId)!.dataCenterId;
  if (profile && e.store.networks.get(profile.networkId)?.dataCenterId !== dcId) throw conflict("Cannot add Interface. The vNIC profile's network is not in the VM's Data Center.");
  const mac = asStr(asObj(body.mac)?.address, 'mac.address') ?? nextMac(e);
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw badRequest(`Invalid MAC address '${mac}'.`);
  if ([...e.store.nics.values()].some((n) => n.mac.toLowerCase() === mac.toLowerCase())) throw conflict('Cannot add Interface. MAC Address is already in use.');
  const nic: Nic = {
    id: randomUUID(), vmId: vm.id, name, interface: iface as Nic['interface'], mac: mac.toLowerCase(), vnicProfileId: profile?.id ?? null,
    plugged: asBool(body.plugged, 'plugged') ?? true, linked: asBool(body.linked, 'linked') ?? true,
  };
  e.store.addNic(nic);
  e.event({ code: EventCode.USER_ADD_VM_NIC, severity: 'normal', vmId: vm.id, description: `Interface ${name} (${iface}) was added to VM ${vm.name}. (User: ${who(a)})` }, a);
  return nic;
}

export function updateNic(e: Engine, _a: Actor, vm: Vm, nic: Nic, body: Body): void {
  const name = asStr(body.name, 'name');
  if (name && name !== nic.name && e.store.nicsOf(vm.id).some((n) => n.name === name)) throw conflict('Cannot edit Interface. The VM Network Interface name is already in use.');
  const iface = asStr(body.interface, 'interface');
  if (iface && !['virtio', 'e1000', 'rtl8139'].includes(iface)) throw badRequest(`Invalid value '${iface}' for 'interface'.`);
  if (iface && iface !== nic.interface && isRunning(vm) && nic.plugged) throw conflict('Cannot edit Interface. Changing the interface type of a plugged NIC of a running VM is not supported.');
  const profile = body.vnic_profile !== undefined ? lookup(e.store.vnicProfiles, body.vnic_profile, 'VnicProfile', e.store) : undefined;
  if (name) nic.name = name;
  if (iface) nic.interface = iface as Nic['interface'];
  if (body.vnic_profile !== undefined) nic.vnicProfileId = profile?.id ?? null;
  const linked = asBool(body.linked, 'linked');
  const plugged = asBool(body.plugged, 'plugged');
  if (linked !== undefined) nic.linked = linked;
  if (plugged !== undefined) nic.plugged = plugged;
}

export function removeNic(e: Engine, a: Actor, vm: Vm, nic: Nic): void {
  if (isRunning(vm) && nic.plugged) throw conflict('Cannot remove Interface. The Interface is plugged into a running VM; unplug it first.');
  e.store.removeNic(nic);
  e.event({ code: EventCode.USER_REMOVE_VM_NIC, severity: 'normal', vmId: vm.id, description: `Interface ${nic.name} (${nic.interface}) was removed from VM ${vm.name}. (User: ${who(a)})` }, a);
}

/** Regular snapshots of the VM that hold an image of this disk: such a disk cannot leave the VM on its own. */
export function snapshotsHoldingDisk(e: Engine, vm: Vm, diskId: string): Snapshot[] {
  const created = e.store.disks.get(diskId)?.creationTime ?? 0;
  return e.store.snapshotsOf(vm.id).filter((s) => s.type === 'regular' && (s.diskIds ? s.diskIds.includes(diskId) : created < s.date));
}

/**
 * `PUT /vms/{id}/diskattachments/{id}`: interface, bootable, active (hot-plug), and the disk
 * inside it (`disk.provisioned_size` extends it; the engine grows it online on a running VM).
 */
export function updateAttachment(e: Engine, a: Actor, vm: Vm, att: DiskAttachment, body: Body): void {
  const iface = asStr(body.interface, 'interface');
  if (iface && !['virtio_scsi', 'virtio', 'ide', 'sata'].includes(iface)) throw badRequest(`Invalid value '${iface}' for 'interface'.`);
  if (iface && iface !== att.interface && isRunning(vm)) throw conflict('Cannot edit Virtual Disk. The interface of a disk of a running VM cannot be changed.');
  const bootable = asBool(body.bootable, 'bootable');
  const active = asBool(body.active, 'active');
  if (bootable && !att.bootable && e.store.attachmentsOf(vm.id).some((x) => x.bootable && x.diskId !== att.diskId)) throw conflict('Cannot edit Virtual Disk. The VM already has a bootable disk.');
  if (vm.status === 'image_locked') throw conflict('Cannot edit Virtual Disk: VM is locked. Please try again in a few minutes.');
  const diskBody = asObj(body.disk);
  const disk = e.store.disks.get(att.diskId);
  // The disk's own fields are validated (and refused) before anything of the attachment changes.
  if (diskBody && disk) updateDisk(e, a, disk, diskBody);
  if (iface) att.interface = iface as DiskAttachment['interface'];
  if (bootable !== undefined) att.bootable = bootable;
  if (active !== undefined) att.active = active;
}

