import { describe, expect, it } from 'vitest';
import { hasRole, homePathFor } from './roles';

describe('roles', () => {
  it('admins have every role, users only their own', () => {
    expect(hasRole({ role: 'admin' }, 'admin')).toBe(true);
    expect(hasRole({ role: 'admin' }, 'user')).toBe(true);
    expect(hasRole({ role: 'user' }, 'user')).toBe(true);
    expect(hasRole({ role: 'user' }, 'admin')).toBe(false);
  });

  it('nobody has a role when signed out', () => {
    expect(hasRole(null, 'user')).toBe(false);
    expect(hasRole(undefined, 'admin')).toBe(false);
  });

  it('sends admins to the administration portal and users to their own', () => {
    expect(homePathFor('admin')).toBe('/');
    expect(homePathFor('user')).toBe('/portal');
  });
});
