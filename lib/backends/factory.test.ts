import { describe, expect, it } from 'vitest';
import type { BackendConfig } from './config';
import { createBackend } from './factory';
import { hasCapability } from './capabilities';

const base: BackendConfig = {
  id: 'prod',
  kind: 'ovirt',
  name: 'Production',
  url: 'https://engine.example.com',
  username: 'admin@internal',
  password: 'secret',
};

describe('createBackend', () => {
  it('builds an oVirt backend without any request', async () => {
    const backend = createBackend(base);
    expect(backend).toMatchObject({ id: 'prod', kind: 'ovirt', name: 'Production' });
    expect(hasCapability(backend, 'vms')).toBe(true);
    expect(hasCapability(backend, 'volumes')).toBe(false);
    await backend.close();
  });

  it('builds a libvirt backend without connecting (the daemon is opened on first use)', async () => {
    const backend = createBackend({ id: 'kvm1', kind: 'libvirt', name: 'KVM 1', url: 'qemu+tcp://192.0.2.1/system' });
    expect(backend).toMatchObject({ id: 'kvm1', kind: 'libvirt' });
    expect(hasCapability(backend, 'vms')).toBe(true);
    expect(hasCapability(backend, 'dataCenters')).toBe(false);
    await backend.close();
  });

  it('refuses a libvirt connection whose URL is not a libvirt URI', () => {
    expect(() => createBackend({ ...base, kind: 'libvirt' })).toThrow(
      expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining('libvirt URI') }),
    );
  });

  it.each<[string, Partial<BackendConfig>]>([
    ['a connection id with a colon', { id: 'a:b' }],
    ['an empty name', { name: '' }],
    ['no password', { password: undefined }],
    ['credentials in the URL', { url: 'https://admin:secret@engine.example.com' }],
  ])('refuses %s with invalid_input', (_title, patch) => {
    expect(() => createBackend({ ...base, ...patch })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
