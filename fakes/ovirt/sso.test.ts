import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOvirtEngine, type OvirtEngine } from './server';
import { client, getToken } from './test-helpers';

let engine: OvirtEngine;
beforeAll(async () => {
  engine = await startOvirtEngine({ timeScale: 0.01 });
});
afterAll(() => engine.close());
afterEach(() => engine.faults.reset());

describe('SSO', () => {
  it('issues a bearer token with exp as a string of epoch milliseconds', async () => {
    const { status, body } = await getToken(engine);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', scope: 'ovirt-app-api' });
    expect(typeof body.access_token).toBe('string');
    expect(typeof body.exp).toBe('string');
    const exp = Number(body.exp);
    expect(exp).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(exp).toBeLessThan(Date.now() + 61 * 60_000);
  });

  it('refuses bad credentials as the engine does for the API scope: 400, error_code access_denied, the words in error', async () => {
    const { status, body } = await getToken(engine, 'admin@internal', 'wrong');
    expect(status).toBe(400);
    expect(body).toEqual({ error_code: 'access_denied', error: "Cannot authenticate user 'admin@internal': The username or password is incorrect." });
    expect((await getToken(engine, 'nobody@internal', 'x')).status).toBe(400);
  });

  it('answers other scopes in the OAuth form (error, error_description)', async () => {
    const res = await fetch(`${engine.url}/ovirt-engine/sso/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-admin ovirt-app-api', username: 'admin@internal', password: 'wrong' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'access_denied', error_description: "Cannot authenticate user 'admin@internal': The username or password is incorrect." });
  });

  it('rejects an unsupported grant type', async () => {
    const res = await fetch(`${engine.url}/ovirt-engine/sso/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('requires a token on the API (401 without, 200 with)', async () => {
    const bare = await fetch(engine.apiUrl, { headers: { accept: 'application/json' } });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ reason: expect.any(String), detail: expect.any(String) });
    const c = await client(engine);
    expect((await c.get('')).status).toBe(200);
  });

  it('the expireTokens fault invalidates every issued token', async () => {
    const c = await client(engine);
    expect((await c.get('/vms?max=1')).status).toBe(200);
    engine.faults.set({ expireTokens: true });
    expect((await c.get('/vms?max=1')).status).toBe(401);
    const fresh = await client(engine);
    expect((await fresh.get('/vms?max=1')).status).toBe(200);
  });

  it('tokens expire after their lifetime', async () => {
    // The engine's clock is held still and moved by hand (only Date is faked; sockets run as ever),
    // so a loaded machine cannot let the token lapse before its first use (seen: fresh17).
    vi.useFakeTimers({ toFake: ['Date'] });
    const short = await startOvirtEngine({ tokenLifetimeMs: 60_000, backgroundEvents: false });
    try {
      const c = await client(short);
      expect((await c.get('')).status).toBe(200);
      vi.setSystemTime(Date.now() + 59_000);
      expect((await c.get('')).status).toBe(200);
      vi.setSystemTime(Date.now() + 2_000);
      expect((await c.get('')).status).toBe(401);
    } finally {
      vi.useRealTimers();
      await short.close();
    }
  });

  it('sso-logout revokes the token', async () => {
    const c = await client(engine);
    const res = await fetch(`${engine.url}/ovirt-engine/services/sso-logout`, { method: 'POST', body: new URLSearchParams({ scope: '', token: c.token }) });
    expect(res.status).toBe(200);
    expect((await c.get('')).status).toBe(401);
  });

  it('also accepts HTTP Basic on the API, like the engine', async () => {
    const auth = `Basic ${Buffer.from('admin@internal:demo-admin').toString('base64')}`;
    expect((await fetch(engine.apiUrl, { headers: { authorization: auth, accept: 'application/json' } })).status).toBe(200);
    const bad = `Basic ${Buffer.from('admin@internal:nope').toString('base64')}`;
    expect((await fetch(engine.apiUrl, { headers: { authorization: bad, accept: 'application/json' } })).status).toBe(401);
  });

  it('names the authenticated user in the API root', async () => {
    const c = await client(engine);
    const { body } = await c.get('');
    expect(body.product_info).toMatchObject({ name: 'oVirt Engine', version: { major: '4', minor: '5', full_version: '4.5.6-1.el9' } });
    const user = await c.get(body.authenticated_user.href.replace('/ovirt-engine/api', ''));
    expect(user.body).toMatchObject({ principal: 'admin', user_name: 'admin@internal-authz' });
    expect(body.summary.vms).toEqual({ active: expect.stringMatching(/^\d+$/), total: '61' });
  });
});
