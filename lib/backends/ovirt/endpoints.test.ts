import { describe, expect, it } from 'vitest';
import { engineEndpoints } from './endpoints';

describe('engineEndpoints', () => {
  it.each([
    'https://engine.example.com',
    'https://engine.example.com/',
    'https://engine.example.com/ovirt-engine',
    'https://engine.example.com/ovirt-engine/api/',
  ])('%s points at the same engine', (url) => {
    const e = engineEndpoints(url);
    expect(e.api.href).toBe('https://engine.example.com/ovirt-engine/api');
    expect(e.token.href).toBe('https://engine.example.com/ovirt-engine/sso/oauth/token');
    expect(e.logout.href).toBe('https://engine.example.com/ovirt-engine/services/sso-logout');
  });

  it.each(['not a url', 'ftp://engine', 'https://admin:secret@engine'])('refuses %s', (url) => {
    expect(() => engineEndpoints(url)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
