import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './origin';

function req(headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { headers, socket: { encrypted } } as unknown as IncomingMessage;
}

describe('console Origin check', () => {
  const direct = { publicUrl: 'https://dash.example.com', trustProxy: false };

  it('accepts PUBLIC_URL and the request\'s own origin', () => {
    expect(isAllowedOrigin(req({ origin: 'https://dash.example.com', host: 'internal:3000' }), direct)).toBe(true);
    expect(isAllowedOrigin(req({ origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }), direct)).toBe(true);
    expect(isAllowedOrigin(req({ origin: 'https://10.0.0.5:3000', host: '10.0.0.5:3000' }, true), direct)).toBe(true);
  });

  it('refuses a foreign or missing Origin, and a scheme that does not match', () => {
    expect(isAllowedOrigin(req({ origin: 'https://evil.example', host: 'dash.example.com' }), direct)).toBe(false);
    expect(isAllowedOrigin(req({ host: 'dash.example.com' }), direct)).toBe(false);
    expect(isAllowedOrigin(req({ origin: 'null', host: 'dash.example.com' }), direct)).toBe(false);
    expect(isAllowedOrigin(req({ origin: 'https://10.0.0.5:3000', host: '10.0.0.5:3000' }), direct)).toBe(false);
  });

  it('believes X-Forwarded-Proto/Host only with TRUST_PROXY', () => {
    const behindProxy = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'console.example.org', host: '127.0.0.1:3000', origin: 'https://console.example.org' };
    expect(isAllowedOrigin(req(behindProxy), { trustProxy: false })).toBe(false);
    expect(isAllowedOrigin(req(behindProxy), { trustProxy: true })).toBe(true);
    // A forged forwarded host names the attacker's own site: still refused without TRUST_PROXY.
    const forged = { 'x-forwarded-host': 'evil.example', host: 'dash.example.com', origin: 'http://evil.example' };
    expect(isAllowedOrigin(req(forged), direct)).toBe(false);
  });
});
