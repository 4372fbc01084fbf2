import { describe, expect, it } from 'vitest';
import { crossOriginRefusal } from './same-origin';

const req = (method: string, headers: Record<string, string>, url = 'http://10.0.0.5:3000/api/uploads') => new Request(url, { method, headers });

describe('same-origin check for requests that change state', () => {
  const env = { PUBLIC_URL: 'https://dash.example.com' };

  it('lets reads through whatever their origin', () => {
    expect(crossOriginRefusal(req('GET', { origin: 'https://evil.example' }), env)).toBeNull();
    expect(crossOriginRefusal(req('HEAD', {}), env)).toBeNull();
  });

  it('accepts PUBLIC_URL\'s origin and the origin the request was addressed to', () => {
    expect(crossOriginRefusal(req('POST', { origin: 'https://dash.example.com', host: '10.0.0.5:3000' }), env)).toBeNull();
    expect(crossOriginRefusal(req('DELETE', { origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }), env)).toBeNull();
  });

  it('refuses another site, a missing or opaque Origin, and another scheme', () => {
    expect(crossOriginRefusal(req('POST', { origin: 'https://evil.example', host: 'dash.example.com' }), env)).toMatch(/evil\.example/);
    expect(crossOriginRefusal(req('PUT', { host: 'dash.example.com' }), env)).toMatch(/no Origin/);
    expect(crossOriginRefusal(req('POST', { origin: 'null', host: 'dash.example.com' }), env)).not.toBeNull();
    expect(crossOriginRefusal(req('POST', { origin: 'https://10.0.0.5:3000', host: '10.0.0.5:3000' }), env)).not.toBeNull();
    expect(crossOriginRefusal(req('POST', { origin: 'http://dash.example.com.evil.example', host: 'dash.example.com' }), env)).not.toBeNull();
  });

  it('believes a proxy\'s X-Forwarded-Host/Proto only with TRUST_PROXY', () => {
    const proxied = { origin: 'https://console.example.org', host: '127.0.0.1:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'console.example.org' };
    expect(crossOriginRefusal(req('POST', proxied), {})).not.toBeNull();
    expect(crossOriginRefusal(req('POST', proxied), { TRUST_PROXY: '1' })).toBeNull();
    expect(crossOriginRefusal(req('POST', { ...proxied, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' }), {})).not.toBeNull();
  });
});
