import { NextResponse, type NextRequest } from 'next/server';
import { audit } from '@/lib/audit/audit';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { oidcConfig } from '@/lib/auth/oidc/config';
import { openTransaction, sessionCookie, TRANSACTION_COOKIE } from '@/lib/auth/oidc/cookies';
import { finishSignIn, OidcError } from '@/lib/auth/oidc/flow';
import { signInWithOidc } from '@/lib/auth/oidc/provision';
import { landingPath, safeReturnPath } from '@/lib/auth/return-path';

// Public by nature: the provider sends the browser here. Everything is checked (state against the
// browser's signed cookie, the code at the token endpoint with PKCE, the ID token's signature,
// issuer, audience, expiry and nonce) before an account is touched; a refusal creates nothing.
export async function GET(request: NextRequest) {
  const config = oidcConfig();
  if (!config) return NextResponse.json({ error: 'OIDC sign-in is not configured' }, { status: 404 });
  const base = new URL(config.redirectUri);
  const ip = clientIpFrom(request.headers);
  const transaction = openTransaction(request.cookies.get(TRANSACTION_COOKIE)?.value);

  const refuse = (reason: string) => {
    const res = NextResponse.redirect(new URL(`/login?error=oidc-${reason}`, base), 303);
    res.cookies.delete({ name: TRANSACTION_COOKIE, path: '/api/oidc' });
    return res;
  };

  let claims;
  try {
    claims = await finishSignIn(config, request.nextUrl.searchParams, transaction);
  } catch (err) {
    const reason = err instanceof OidcError ? err.reason : 'unavailable';
    if (!(err instanceof OidcError)) console.error('[oidc]', (err as Error).message);
    await audit({ actor: null, action: 'auth.login', target: { type: 'user' }, result: 'failure', detail: { provider: 'oidc', reason, message: (err as Error).message }, ip });
    return refuse(reason);
  }

  const result = await signInWithOidc(config, claims, ip, request.headers.get('user-agent'));
  if (!result.ok) return refuse(result.reason);

  const res = NextResponse.redirect(new URL(landingPath(result.role, safeReturnPath(transaction?.returnTo)), base), 303);
  const cookie = await sessionCookie({ id: result.sessionId }, { id: result.userId, username: result.username });
  res.cookies.set(cookie.name, cookie.value, cookie.options);
  res.cookies.delete({ name: TRANSACTION_COOKIE, path: '/api/oidc' });
  return res;
}
