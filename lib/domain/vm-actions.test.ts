import { describe, expect, it } from 'vitest';
import { VM_STATUSES, type VmStatus } from './status';
import { isVmActionAllowed, vmActionsAllowed, type VmAction } from './vm-actions';

/**
 * The whole table, written out by hand: a status that gains or loses an action (or a new status
 * with no row, which would offer nothing) fails here, and the UI toolbar with it.
 */
const EXPECTED: Record<VmStatus, VmAction[]> = {
  running: ['console', 'migrate', 'reboot', 'reset', 'shutdown', 'stop', 'suspend'],
  stopped: ['start'],
  starting: ['console', 'stop'],
  stopping: ['console', 'stop'],
  paused: ['console', 'resume', 'shutdown', 'stop'],
  suspending: [],
  suspended: ['resume', 'stop'],
  migrating: ['console', 'stop'],
  rebooting: ['console', 'stop'],
  locked: [],
  unknown: ['stop'],
  error: ['start', 'stop'],
};

describe('vmActionsAllowed', () => {
  it('offers exactly the expected actions in every common VM status', () => {
    const actual = Object.fromEntries(VM_STATUSES.map((status) => [status, [...vmActionsAllowed({ status })].sort()]));
    expect(actual).toEqual(EXPECTED);
  });

  it('a status it does not know offers nothing (a backend may send one)', () => {
    expect(vmActionsAllowed({ status: 'hibernating' as VmStatus })).toEqual([]);
  });

  it.each([
    ['stopped', 'start', true],
    ['stopped', 'stop', false],
    ['running', 'start', false],
    ['running', 'shutdown', true],
    ['running', 'migrate', true],
    ['paused', 'resume', true],
    ['suspended', 'resume', true],
    ['suspended', 'console', false],
    ['locked', 'stop', false],
    ['starting', 'stop', true],
  ] as const)('%s → %s allowed: %s', (status, action, allowed) => {
    expect(isVmActionAllowed({ status }, action)).toBe(allowed);
  });
});
