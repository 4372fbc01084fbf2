import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { NextResponse } from 'next/server';
import { audit } from '@/lib/audit/audit';
import { clientIpFrom } from './client-ip';
import { getCurrentUser } from './current';
import { crossOriginRefusal } from './same-origin';
import { hasRole, type Role, type SessionUser } from './roles';

/** For pages and layouts: the user, or a redirect to sign-in. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}

/** For pages and layouts of the administration portal: non-admins get the 403 page. */
export async function requireRole(role: Role): Promise<SessionUser> {
  const user = await requireUser();
  if (!hasRole(user, role)) forbidden();
  return user;
}

export class AuthorizationError extends Error {
  constructor(readonly status: 401 | 403) {
    super(status === 401 ? 'Not signed in' : 'Forbidden');
  }
}

/** For server actions and route handlers: throws AuthorizationError instead of redirecting. */
export async function authorize(role: Role): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AuthorizationError(401);
  if (!hasRole(user, role)) throw new AuthorizationError(403);
  return user;
}

type RouteHandler<C> = (request: Request, context: C & { user: SessionUser }) => Promise<Response>;

/**
 * Wraps a route handler so neither the role check nor, for methods that change state, the
 * same-origin check (lib/auth/same-origin.ts) can be forgotten. A cross-site request is refused
 * with 403 and audited before the handler runs.
 */
export function withRole<C>(role: Role, handler: RouteHandler<C>) {
  return async (request: Request, context: C): Promise<Response> => {
    let user: SessionUser;
    try {
      user = await authorize(role);
    } catch (err) {
      if (err instanceof AuthorizationError) {
        return NextResponse.json({ error: err.status === 401 ? 'unauthorized' : 'forbidden' }, { status: err.status });
      }
      throw err;
    }
    const refusal = crossOriginRefusal(request);
    if (refusal) {
      await audit({
        actor: user,
        action: 'http.crossOrigin',
        target: { type: 'route', name: `${request.method} ${new URL(request.url).pathname}`.slice(0, 200) },
        result: 'failure',
        detail: { reason: refusal },
        ip: clientIpFrom(request.headers),
      });
      return NextResponse.json({ error: 'cross_origin', message: 'Refused: this request did not come from the dashboard’s own pages.' }, { status: 403 });
    }
    return handler(request, { ...context, user });
  };
}
