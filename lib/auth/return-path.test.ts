import { describe, expect, it } from 'vitest';
import { landingPath, safeReturnPath } from './return-path';

const base = new URL('https://dash.example.com');

describe('return paths after sign-in (local and OIDC)', () => {
  it.each([
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\u0000/evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    '//evil.example',
    '///evil.example',
    '/\t\t/evil.example/portal',
    'https://evil.example/',
    'javascript:alert(1)',
    'portal',
    '',
  ])('refuses %j, which a browser could read as another site', (path) => {
    expect(safeReturnPath(path, base)).toBeNull();
  });

  it('keeps same-origin paths with their query and fragment', () => {
    expect(safeReturnPath('/portal/vms?page=2#top', base)).toBe('/portal/vms?page=2#top');
    expect(safeReturnPath('/admin/vms/demo%3Avm-1', base)).toBe('/admin/vms/demo%3Avm-1');
    // Dot segments are resolved the way the browser will resolve them, and stay on this origin.
    expect(safeReturnPath('/portal/../admin', base)).toBe('/admin');
  });

  it('sends users to the portal only, admins anywhere on the dashboard', () => {
    expect(landingPath('user', '/admin/users')).toBe('/portal');
    expect(landingPath('user', '/portal/vms')).toBe('/portal/vms');
    expect(landingPath('user', '/portalx')).toBe('/portal');
    expect(landingPath('admin', '/admin/users')).toBe('/admin/users');
  });
});
