import { describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, clientIpFrom, trustedProxyHops } from './client-ip';

const request = (forwardedFor?: string) =>
  new Headers({ [CLIENT_IP_HEADER]: '10.9.9.9', ...(forwardedFor !== undefined ? { 'x-forwarded-for': forwardedFor } : {}) });

describe('the client address behind reverse proxies (sign-in throttling, audit)', () => {
  it('believes only the socket without TRUST_PROXY', () => {
    expect(clientIpFrom(request('203.0.113.5'), {})).toBe('10.9.9.9');
    expect(clientIpFrom(request('203.0.113.5'), { TRUST_PROXY: 'yes' })).toBe('10.9.9.9');
  });

  it('with one proxy takes the entry it added, not the one the client wrote', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the address it saw.
    expect(clientIpFrom(request('1.2.3.4, 198.51.100.7'), { TRUST_PROXY: '1' })).toBe('198.51.100.7');
    expect(clientIpFrom(request('1.2.3.4,198.51.100.7'), { TRUST_PROXY: 'true' })).toBe('198.51.100.7');
    expect(clientIpFrom(request('198.51.100.7'), { TRUST_PROXY: '1' })).toBe('198.51.100.7');
  });

  it('with TRUST_PROXY=N takes the entry N hops back', () => {
    // client-written, the client (added by the CDN), the CDN (added by nginx)
    expect(clientIpFrom(request('1.2.3.4, 198.51.100.7, 192.0.2.10'), { TRUST_PROXY: '2' })).toBe('198.51.100.7');
    expect(trustedProxyHops({ TRUST_PROXY: '3' })).toBe(3);
    expect(trustedProxyHops({})).toBe(0);
  });

  it('falls back to the socket when the proxy sent nothing usable', () => {
    expect(clientIpFrom(request(), { TRUST_PROXY: '1' })).toBe('10.9.9.9');
    expect(clientIpFrom(request('not-an-address'), { TRUST_PROXY: '1' })).toBe('10.9.9.9');
    expect(clientIpFrom(request('2001:db8::1'), { TRUST_PROXY: '1' })).toBe('2001:db8::1');
  });
});
