import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeOidc, type FakeOidc } from '@/fakes/oidc/server';
import { readOidcConfig, type OidcConfig } from './config';
import { beginSignIn, claimList, finishSignIn, OidcError, resetOidcCaches, type OidcTransaction } from './flow';

// The flow against a real HTTP provider (the fake): only what goes over the wire is shared.
let fake: FakeOidc;
let config: OidcConfig;
const REDIRECT = 'http://dash.test/api/oidc/callback';

beforeAll(async () => {
  fake = await startFakeOidc({ clientId: 'virtdash', clientSecret: 'fake-secret' });
  config = readOidcConfig({ OIDC_ISSUER: fake.url, OIDC_CLIENT_ID: 'virtdash', OIDC_CLIENT_SECRET: 'fake-secret', PUBLIC_URL: 'http://dash.test' })!;
});
afterAll(() => fake.close());
beforeEach(() => resetOidcCaches());

/** The browser's trip: our redirect, the provider's page (picking `login`), back to the callback. */
async function roundTrip(login: string, tweak?: (u: URL) => void): Promise<{ params: URLSearchParams; transaction: OidcTransaction }> {
  const { url, transaction } = await beginSignIn(config, '/portal');
  const u = new URL(url);
  expect(u.searchParams.get('redirect_uri')).toBe(REDIRECT);
  expect(u.searchParams.get('code_challenge_method')).toBe('S256');
  u.searchParams.set('login', login);
  tweak?.(u);
  const res = await fetch(u, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(REDIRECT);
  return { params: back.searchParams, transaction };
}

async function refusal(p: Promise<unknown>): Promise<OidcError> {
  const err = await p.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OidcError);
  return err as OidcError;
}

describe('OIDC authorization code flow', () => {
  it('signs a user in: verified claims with the groups the provider holds', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    const claims = await finishSignIn(config, params, transaction);
    expect(claims.sub).toBe('f1b2c3d4-0001');
    expect(claims.preferred_username).toBe('sso-alice');
    expect(claimList(claims, config.groupsClaim)).toEqual(['lab-users', 'staff']);
  });

  it('refuses an ID token signed by a key the provider does not publish', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    fake.tamperNext({ otherKey: true });
    expect((await refusal(finishSignIn(config, params, transaction))).message).toMatch(/signature/);
  });

  it('refuses an ID token for another client (audience)', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    fake.tamperNext({ aud: 'someone-else' });
    expect((await refusal(finishSignIn(config, params, transaction))).message).toMatch(/another client/);
  });

  it('refuses an expired ID token', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    fake.tamperNext({ expiresInS: -600 });
    expect((await refusal(finishSignIn(config, params, transaction))).message).toMatch(/expired/);
  });

  it('refuses an ID token whose nonce is not this sign-in', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    fake.tamperNext({ nonce: 'replayed-nonce' });
    expect((await refusal(finishSignIn(config, params, transaction))).message).toMatch(/nonce/);
  });

  it('refuses an ID token from another issuer', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    fake.tamperNext({ iss: 'http://evil.test/realms/virtdash' });
    expect((await refusal(finishSignIn(config, params, transaction))).message).toMatch(/issued by/);
  });

  it('refuses a callback whose state is not the one this browser started, before spending the code', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    const err = await refusal(finishSignIn(config, params, { ...transaction, state: 'another-browser' }));
    expect(err.reason).toBe('state');
    // The code was not exchanged, so the real browser can still finish.
    expect((await finishSignIn(config, params, transaction)).sub).toBe('f1b2c3d4-0001');
    expect((await refusal(finishSignIn(config, params, null))).reason).toBe('state');
  });

  it('refuses a code exchanged with the wrong PKCE verifier, or twice', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    const err = await refusal(finishSignIn(config, params, { ...transaction, verifier: 'x'.repeat(43) }));
    expect(err.reason).toBe('exchange');
    // The provider burnt the code on the failed attempt.
    expect((await refusal(finishSignIn(config, params, transaction))).reason).toBe('exchange');
  });

  it('refuses the wrong client secret', async () => {
    const { params, transaction } = await roundTrip('sso-alice');
    const wrong = { ...config, clientSecret: 'not-the-secret' };
    expect((await refusal(finishSignIn(wrong, params, transaction))).reason).toBe('exchange');
  });

  it('follows the provider when it rotates its signing keys', async () => {
    const before = await roundTrip('sso-alice');
    expect((await finishSignIn(config, before.params, before.transaction)).sub).toBe('f1b2c3d4-0001');
    fake.rotateKeys();
    // The key set is fetched again for a key id it does not know, at most once a minute (so forged
    // key ids cannot turn into a flood of requests to the provider): a minute later.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    try {
      const after = await roundTrip('sso-alice');
      expect((await finishSignIn(config, after.params, after.transaction)).sub).toBe('f1b2c3d4-0001');
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a cancelled sign-in as the provider answer', async () => {
    const { params, transaction } = await roundTrip('sso-alice', (u) => u.searchParams.set('cancel', '1'));
    expect((await refusal(finishSignIn(config, params, transaction))).reason).toBe('provider');
  });
});

describe('OIDC configuration', () => {
  it('is off without OIDC_ISSUER and reads lists, the group map and defaults', () => {
    expect(readOidcConfig({})).toBeNull();
    const c = readOidcConfig({
      OIDC_ISSUER: 'https://kc.example/realms/x/',
      OIDC_CLIENT_ID: 'dash',
      OIDC_SCOPES: 'profile groups',
      OIDC_ADMIN_GROUPS: 'virt-admins, ops',
      OIDC_GROUP_MAP: '/lab=Lab team,staff=Staff',
      PORT: '4000',
    })!;
    expect(c.issuer).toBe('https://kc.example/realms/x');
    expect(c.clientSecret).toBeNull();
    expect(c.scopes).toEqual(['openid', 'profile', 'groups']);
    expect(c.adminGroups).toEqual(['virt-admins', 'ops']);
    expect(c.groupMap).toEqual([
      { from: '/lab', to: 'Lab team' },
      { from: 'staff', to: 'Staff' },
    ]);
    expect(c.redirectUri).toBe('http://localhost:4000/api/oidc/callback');
    expect(c.name).toBe('SSO');
  });

  it('names the wrong variable', () => {
    expect(() => readOidcConfig({ OIDC_ISSUER: 'https://kc.example' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => readOidcConfig({ OIDC_ISSUER: 'ftp://kc.example', OIDC_CLIENT_ID: 'x' })).toThrow(/OIDC_ISSUER/);
    expect(() => readOidcConfig({ OIDC_ISSUER: 'https://kc.example', OIDC_CLIENT_ID: 'x', OIDC_GROUP_MAP: 'no-equals' })).toThrow(/OIDC_GROUP_MAP/);
  });

  it('reads nested group claims (Keycloak realm roles)', () => {
    expect(claimList({ realm_access: { roles: ['a', 'b', 3] } }, 'realm_access.roles')).toEqual(['a', 'b']);
    expect(claimList({ groups: 'one' }, 'groups')).toEqual(['one']);
    expect(claimList({}, 'groups')).toEqual([]);
  });
});
