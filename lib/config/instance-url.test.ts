import { describe, expect, it } from 'vitest';
import { instanceUrl, InstanceUrlError } from './instance-url';

describe('the address other instances reach this one at', () => {
  it('is VIRTDASH_INSTANCE_URL when set, without a trailing slash', () => {
    expect(instanceUrl({ VIRTDASH_INSTANCE_URL: 'http://10.0.0.5:3000/', PORT: '4000' })).toBe('http://10.0.0.5:3000');
    expect(instanceUrl({ VIRTDASH_INSTANCE_URL: 'https://node2.internal/dash' })).toBe('https://node2.internal/dash');
  });

  it('defaults to the port the server listens on, on loopback, or on the one address it listens on', () => {
    expect(instanceUrl({ PORT: '3421' })).toBe('http://127.0.0.1:3421');
    expect(instanceUrl({})).toBe('http://127.0.0.1:3000');
    expect(instanceUrl({ PORT: '3421', HOST: '0.0.0.0' })).toBe('http://127.0.0.1:3421');
    expect(instanceUrl({ PORT: '3421', HOST: '10.1.2.3' })).toBe('http://10.1.2.3:3421');
    expect(instanceUrl({ PORT: '3421', HOST: 'fd00::5' })).toBe('http://[fd00::5]:3421');
  });

  it('refuses a value that is not an http(s) address of its own', () => {
    expect(() => instanceUrl({ VIRTDASH_INSTANCE_URL: 'node2:3000x' })).toThrow(InstanceUrlError);
    expect(() => instanceUrl({ VIRTDASH_INSTANCE_URL: 'file:///etc/passwd' })).toThrow(/http/);
    expect(() => instanceUrl({ VIRTDASH_INSTANCE_URL: 'http://u:p@node2:3000' })).toThrow(InstanceUrlError);
    expect(() => instanceUrl({ VIRTDASH_INSTANCE_URL: 'not a url' })).toThrow(/not a URL/);
  });
});
