import { NextResponse, type NextRequest } from 'next/server';
import { oidcConfig } from '@/lib/auth/oidc/config';
import { sealTransaction, TRANSACTION_COOKIE, TRANSACTION_MAX_AGE_S } from '@/lib/auth/oidc/cookies';
import { secureCookies } from '@/lib/config/public-url';
import { beginSignIn } from '@/lib/auth/oidc/flow';
import { safeReturnPath } from '@/lib/auth/return-path';

// Public by nature: it starts a sign-in. It only sends the browser to the configured provider and
// remembers state, nonce and PKCE verifier in a signed cookie; nothing is created here.
export async function GET(request: NextRequest) {
  const config = oidcConfig();
  if (!config) return NextResponse.json({ error: 'OIDC sign-in is not configured' }, { status: 404 });
  const base = new URL(config.redirectUri);
  let started;
  try {
    started = await beginSignIn(config, safeReturnPath(request.nextUrl.searchParams.get('callbackUrl')));
  } catch (err) {
    console.error('[oidc]', (err as Error).message);
    return NextResponse.redirect(new URL('/login?error=oidc-unavailable', base), 303);
  }
  const res = NextResponse.redirect(started.url, 303);
  res.cookies.set(TRANSACTION_COOKIE, sealTransaction(started.transaction), {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(),
    path: '/api/oidc',
    maxAge: TRANSACTION_MAX_AGE_S,
  });
  return res;
}
