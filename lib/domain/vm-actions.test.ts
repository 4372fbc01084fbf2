import { describe, expect, it } from 'vitest';
import { VM_STATUSES } from './status';
import { isVmActionAllowed, vmActionsAllowed } from './vm-actions';

describe('vmActionsAllowed', () => {
  it('has an entry for every common VM status', () => {
    for (const status of VM_STATUSES) expect(Array.isArray(vmActionsAllowed({ status }))).toBe(true);
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
