/**
 * Host maintenance, activation and power management, with the engine's intermediate states:
 * up → preparing_for_maintenance (VMs migrate away) → maintenance; maintenance → unassigned →
 * initializing → up; fence restart → reboot → initializing → up.
 */
import { conflict, forbidden, incomplete } from './errors';
import { EventCode } from './events';
import { type ActionResult, type Actor, type Body, type Engine, actionResult, asStr, isRunning } from './engine';
import { enterLocalMaintenance, leaveLocalMaintenance } from './hosted-engine';
import type { Host } from './model';
import { VM_TIMING, migrateChain, vmsLostHost } from './vm-ops';

export const HOST_TIMING = { activateStep: 1500, maintenanceTail: 1000, reboot: 4000, initialize: 1000, powerOff: 1500 };

const who = (a: Actor): string => a.user.userName;

/** Hand the SPM role to another up host of the data center (the engine re-elects on maintenance). */
function moveSpm(e: Engine, from: Host): void {
  if (from.spm !== 'spm') return;
  from.spm = 'none';
  const dcId = e.store.clusters.get(from.clusterId)?.dataCenterId;
  for (const cid of e.store.clustersByDc.get(dcId)) {
    for (const hid of e.store.hostsByCluster.get(cid)) {
      const h = e.store.hosts.get(hid)!;
      if (h.id !== from.id && h.status === 'up') {
        h.spm = 'spm';
        return;
      }
    }
  }
}

/** The data center lost its SPM: the first host that comes up takes it. */
function claimSpm(e: Engine, h: Host): void {
  const dcId = e.store.clusters.get(h.clusterId)?.dataCenterId;
  for (const cid of e.store.clustersByDc.get(dcId)) {
    for (const hid of e.store.hostsByCluster.get(cid)) if (e.store.hosts.get(hid)!.spm === 'spm') return;
  }
  h.spm = 'spm';
}

export function hostDeactivate(e: Engine, a: Actor, host: Host): ActionResult {
  if (!a.user.admin) throw forbidden();
  if (host.status === 'maintenance') throw conflict('Cannot switch Host to Maintenance mode. Host is already in Maintenance mode.');
  if (host.status === 'preparing_for_maintenance') throw conflict('Cannot switch Host to Maintenance mode. Host is already switching to Maintenance mode.');
  if (['installing', 'reboot', 'unassigned', 'initializing'].includes(host.status)) {
    throw conflict(`Cannot switch Host to Maintenance mode. Host status is ${host.status}.`);
  }
  const vms = [...e.store.vmsByHost.get(host.id)].map((id) => e.store.vms.get(id)!).filter((v) => isRunning(v));
  // A VM whose placement forbids migration keeps the host out of maintenance (the engine's validation).
  const pinned = vms.filter((v) => v.placementAffinity === 'pinned');
  if (host.status === 'up' && pinned.length) {
    throw conflict(`Cannot switch Host(s) to Maintenance mode.\nThe following non-migratable VMs are running on Host ${host.name}: ${pinned.map((v) => v.name).join(', ')}.`);
  }
  // Plan every evacuation first; refuse (as the engine's validation does) if any VM has nowhere to go.
  const reserved = new Map<string, number>();
  const plan: { vmId: string; target: Host }[] = [];
  const stuck: string[] = [];
  if (host.status === 'up') {
    for (const vm of vms) {
      const target = e.candidates(vm.clusterId, vm.memory, host.id, reserved)[0];
      if (!target) { stuck.push(vm.name); continue; }
      reserved.set(target.id, (reserved.get(target.id) ?? 0) + vm.memory);
      plan.push({ vmId: vm.id, target });
    }
  }
  if (stuck.length) {
    const cluster = e.store.clusters.get(host.clusterId)?.name ?? '';
    throw conflict(`Cannot switch Host(s) to Maintenance mode.\nThe following Hosts have running VMs and cannot be switched to maintenance mode: ${host.name}.\nPlease ensure that the following Clusters have at least one Host in UP state with enough free memory: ${cluster}. VMs without a target: ${stuck.join(', ')}.`);
  }
  const job = e.job(`Moving Host ${host.name} to Maintenance`, a);
  e.event({ code: EventCode.USER_VDS_MAINTENANCE, severity: 'normal', hostId: host.id, clusterId: host.clusterId, description: `Host ${host.name} was switched to Maintenance mode by ${who(a)}.` }, a);
  const wasUp = host.status === 'up';
  host.status = 'preparing_for_maintenance';
  // The engine puts the host's hosted-engine HA agent into local maintenance first (score 0).
  enterLocalMaintenance(host);
  moveSpm(e, host);
  let pending = plan.length;
  const settle = () => {
    if (--pending > 0) return;
    e.ops.start(host.id, [{ ms: HOST_TIMING.maintenanceTail, run: finish }]);
  };
  const finish = () => {
    const left = [...e.store.vmsByHost.get(host.id)].filter((id) => isRunning(e.store.vms.get(id)!));
    if (wasUp && left.length) {
      // A migration was cancelled or failed: the engine gives up and leaves the host up.
      host.status = 'up';
      leaveLocalMaintenance(host);
      e.jobs.finish(job, 'failed');
      e.event({ code: EventCode.USER_VDS_MAINTENANCE_MIGRATION_FAILED, severity: 'warning', hostId: host.id, description: `Failed to switch Host ${host.name} to Maintenance mode.` }, a);
      return;
    }
    // A host that was not up has nothing reachable left on it: its VMs are gone.
    if (left.length) vmsLostHost(e, host, a);
    host.status = 'maintenance';
    host.statusDetail = undefined;
    e.jobs.finish(job);
    e.event({ code: EventCode.VDS_MAINTENANCE, severity: 'normal', hostId: host.id, clusterId: host.clusterId, description: `Host ${host.name} was switched to Maintenance Mode.` }, a);
  };
  if (!plan.length) {
    e.ops.start(host.id, [{ ms: HOST_TIMING.maintenanceTail, run: finish }]);
  } else {
    for (const { vmId, target } of plan) {
      const vm = e.store.vms.get(vmId)!;
      e.event({ code: EventCode.VM_MIGRATION_START, severity: 'normal', vmId, hostId: host.id, description: `Migration started (VM: ${vm.name}, Source: ${host.name}, Destination: ${target.name}, User: ${who(a)}).` }, a);
      migrateChain(e, vm, target, null, a, VM_TIMING.evacuate, settle);
    }
  }
  return actionResult(job);
}

export function hostActivate(e: Engine, a: Actor, host: Host): ActionResult {
  if (!a.user.admin) throw forbidden();
  if (host.status === 'up') throw conflict('Cannot activate Host. Host is already Up.');
  if (!['maintenance', 'non_operational', 'non_responsive', 'error', 'install_failed'].includes(host.status)) {
    throw conflict(`Cannot activate Host. Host status is ${host.status}.`);
  }
  const job = e.job(`Activating Host ${host.name}`, a);
  e.event({ code: EventCode.VDS_ACTIVATE, severity: 'normal', hostId: host.id, clusterId: host.clusterId, description: `Activation of host ${host.name} initiated by ${who(a)}.` }, a);
  host.status = 'unassigned';
  e.ops.start(host.id, [
    { ms: HOST_TIMING.activateStep, run: () => {
      if (host.unreachable) {
        // Nobody answers on the other side: the engine gives up and marks it non responsive again.
        host.status = 'non_responsive';
        e.jobs.finish(job, 'failed');
        e.event({ code: EventCode.VDS_FAILURE, severity: 'error', hostId: host.id, description: `Host ${host.name} is non responsive.` });
        return;
      }
      host.status = 'initializing';
      e.jobs.progress(job, 50);
    } },
    { ms: HOST_TIMING.activateStep, run: () => {
      if (host.status !== 'initializing') return;
      host.status = 'up';
      host.statusDetail = undefined;
      leaveLocalMaintenance(host);
      claimSpm(e, host);
      e.jobs.finish(job);
      e.event({ code: EventCode.VDS_DETECTED, severity: 'normal', hostId: host.id, clusterId: host.clusterId, description: `Status of host ${host.name} was set to Up.` });
    } },
  ], () => e.jobs.finish(job, 'aborted'));
  return actionResult(job);
}

export function hostFence(e: Engine, a: Actor, host: Host, body: Body): ActionResult {
  if (!a.user.admin) throw forbidden();
  const type = asStr(body.fence_type, 'fence_type');
  if (!type) throw incomplete('Action', 'fenceType', 'fence');
  if (!['restart', 'start', 'stop', 'status'].includes(type)) throw conflict(`Cannot fence Host. Unknown fence type '${type}'.`);
  if (!host.powerManagement) throw conflict(`Cannot ${type} Host. Power Management is not enabled for Host ${host.name}.`);
  if (type === 'status') return actionResult(null, { power_management: { status: host.powerState } });
  const wasMaintenance = host.status === 'maintenance';
  if (type === 'stop') {
    if (host.powerState === 'off') throw conflict('Cannot stop Host. Host is already powered off.');
    const job = e.job(`Stopping Host ${host.name}`, a);
    e.event({ code: EventCode.USER_VDS_STOP, severity: 'normal', hostId: host.id, description: `Host ${host.name} was stopped by ${who(a)}.` }, a);
    moveSpm(e, host);
    vmsLostHost(e, host, a);
    e.ops.start(host.id, [{ ms: HOST_TIMING.powerOff, run: () => {
      host.status = 'down';
      host.powerState = 'off';
      e.jobs.finish(job);
    } }], () => e.jobs.finish(job, 'aborted'));
    return actionResult(job, { power_management: { status: 'off' } });
  }
  if (type === 'start' && host.powerState === 'on') throw conflict('Cannot start Host. Host is already powered on.');
  const job = e.job(`${type === 'start' ? 'Starting' : 'Restarting'} Host ${host.name}`, a);
  e.event({
    code: type === 'start' ? EventCode.USER_VDS_START : EventCode.USER_VDS_RESTART, severity: 'normal', hostId: host.id,
    description: `Host ${host.name} was ${type === 'start' ? 'started' : 'restarted'} by ${who(a)}.`,
  }, a);
  moveSpm(e, host);
  vmsLostHost(e, host, a);
  host.status = 'reboot';
  host.powerState = 'on';
  // A power cycle cures a hung host.
  host.unreachable = false;
  e.ops.start(host.id, [
    { ms: HOST_TIMING.reboot, run: () => {
      host.bootTime = Date.now();
      host.status = wasMaintenance ? 'maintenance' : 'initializing';
      if (wasMaintenance) e.jobs.finish(job);
    } },
    { ms: HOST_TIMING.initialize, run: () => {
      if (host.status !== 'initializing') return;
      host.status = 'up';
      claimSpm(e, host);
      e.jobs.finish(job);
      e.event({ code: EventCode.VDS_DETECTED, severity: 'normal', hostId: host.id, clusterId: host.clusterId, description: `Status of host ${host.name} was set to Up.` });
    } },
  ], () => e.jobs.finish(job, 'aborted'));
  return actionResult(job, { power_management: { status: 'on' } });
}

