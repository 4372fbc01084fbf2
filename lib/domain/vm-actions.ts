import type { Vm } from './compute';
import type { VmStatus } from './status';

/** Power actions every VM backend understands (Backend.vmAction). */
export const VM_POWER_ACTIONS = ['start', 'shutdown', 'stop', 'reboot', 'reset', 'suspend', 'resume'] as const;
export type VmPowerAction = (typeof VM_POWER_ACTIONS)[number];

/** What the VM list can do to several selected VMs at once. */
export const VM_BULK_ACTIONS = ['start', 'shutdown', 'stop', 'reboot', 'suspend', 'migrate', 'delete'] as const;
export type VmBulkAction = (typeof VM_BULK_ACTIONS)[number];

/** Everything the VM toolbar can offer; the last two need capabilities too. */
export type VmAction = VmPowerAction | 'migrate' | 'console';

/**
 * Which actions make sense in which common status. Backends refuse the rest
 * anyway (oVirt answers 409 "Cannot … VM is …"); this only spares the user a
 * button that can never work. Stop (power off) stays available in the
 * in-between states because that is how an operator gets a stuck guest back.
 */
const ALLOWED: Record<VmStatus, readonly VmAction[]> = {
  running: ['shutdown', 'stop', 'reboot', 'reset', 'suspend', 'migrate', 'console'],
  stopped: ['start'],
  starting: ['stop', 'console'],
  stopping: ['stop', 'console'],
  paused: ['resume', 'shutdown', 'stop', 'console'],
  suspending: [],
  suspended: ['resume', 'stop'],
  migrating: ['stop', 'console'],
  rebooting: ['stop', 'console'],
  locked: [],
  unknown: ['stop'],
  error: ['start', 'stop'],
};

export function vmActionsAllowed(vm: Pick<Vm, 'status'>): readonly VmAction[] {
  return ALLOWED[vm.status] ?? [];
}

export function isVmActionAllowed(vm: Pick<Vm, 'status'>, action: VmAction): boolean {
  return vmActionsAllowed(vm).includes(action);
}
