/**
 * The hosted engine as the engine reports it: the engine runs as a VM (origin
 * `managed_hosted_engine`) on hosts deployed with the HA agent. Each such host reports, with
 * `all_content=true` only, `hosted_engine {configured, active, score, global_maintenance,
 * local_maintenance}`. The HA agent scores a healthy host 3400; a host in local maintenance, or one
 * whose agent is not running (host not up), scores 0. Global maintenance is one flag on the shared
 * storage, so every HA host reports the same value; it is set through the engine VM's
 * `maintenance` action (`{"maintenance_enabled": true|false}`). Local maintenance follows the
 * host: `deactivate` sets it, `activate` clears it once the host is up.
 */
import { conflict, forbidden, incomplete, PlainFault } from './errors';
import { EventCode } from './events';
import { type ActionResult, type Actor, type Body, type Engine, actionResult, asBool } from './engine';
import type { Host, Vm } from './model';
import type { Store } from './store';

export const HE_ORIGIN = 'managed_hosted_engine';
/** ovirt-hosted-engine-ha's top score (agent/constants.py: BASE_SCORE). */
export const HE_MAX_SCORE = 3400;

const AGENT_RUNS: ReadonlySet<Host['status']> = new Set(['up', 'maintenance', 'preparing_for_maintenance', 'non_operational']);

export function heScore(h: Host): number {
  if (!h.hostedEngine || h.hostedEngine.localMaintenance || h.status !== 'up') return 0;
  return HE_MAX_SCORE;
}

/** The `hosted_engine` element of a host (all_content only). */
export function hostedEngineWire(store: Store, h: Host): Record<string, unknown> {
  if (!h.hostedEngine) return { configured: 'false' };
  return {
    active: String(AGENT_RUNS.has(h.status)),
    configured: 'true',
    global_maintenance: String(store.hostedEngine.globalMaintenance),
    local_maintenance: String(h.hostedEngine.localMaintenance),
    score: String(heScore(h)),
  };
}

export const isHostedEngineVm = (vm: Vm): boolean => vm.origin === HE_ORIGIN;

/** POST /vms/{id}/maintenance: only the engine VM has it (a plain-text 400 otherwise, as BackendVmResource answers). */
export function vmMaintenance(e: Engine, a: Actor, vm: Vm, body: Body): ActionResult {
  if (!a.user.admin) throw forbidden();
  if (!isHostedEngineVm(vm)) {
    throw new PlainFault(400, 'Moving to maintenance mode is currently only available for the VM containing the hosted engine.');
  }
  const enabled = asBool(body.maintenance_enabled, 'maintenance_enabled');
  if (enabled === undefined) throw incomplete('Action', 'maintenanceEnabled', 'maintenance');
  if (!vm.hostId) throw conflict('Cannot set hosted engine maintenance. The hosted engine VM is not running.');
  const host = e.store.hosts.get(vm.hostId);
  if (!host || host.status !== 'up') throw conflict('Cannot set hosted engine maintenance. The host running the hosted engine VM is not up.');
  e.store.hostedEngine.globalMaintenance = enabled;
  const job = e.job(`Setting Hosted Engine HA maintenance mode on host ${host.name}`, a);
  e.event({
    code: EventCode.USER_SET_HOSTED_ENGINE_MAINTENANCE, severity: 'normal', hostId: host.id, vmId: vm.id,
    description: `Hosted Engine HA maintenance mode was updated on host ${host.name}.`,
  }, a);
  e.jobs.finish(job);
  return actionResult(job);
}

/** The host goes to maintenance: its HA agent enters local maintenance at once (score 0). */
export function enterLocalMaintenance(h: Host): void {
  if (h.hostedEngine) h.hostedEngine.localMaintenance = true;
}

/** The host is up again: the engine clears the agent's local maintenance. */
export function leaveLocalMaintenance(h: Host): void {
  if (h.hostedEngine) h.hostedEngine.localMaintenance = false;
}
