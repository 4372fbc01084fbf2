import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from './roles';

// Only the session lookup is replaced (it reads the request's cookie); the role rules, the
// redirect, forbidden() and the JSON answers are the real ones.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('./current', () => ({ getCurrentUser: async () => session.user }));

// next build sets this from experimental.authInterrupts (next.config.js); forbidden() refuses to run without it.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';

const { AuthorizationError, authorize, requireRole, requireUser, withRole } = await import('./guards');

const admin: SessionUser = { id: 'u-admin', username: 'root', displayName: null, role: 'admin', sessionId: 's-1' };
const user: SessionUser = { id: 'u-user', username: 'alice', displayName: 'Alice', role: 'user', sessionId: 's-2' };

/** What Next's redirect()/forbidden() threw, as Next itself reads it. */
async function interrupt(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => {
      throw new Error('expected the guard to interrupt the request');
    },
    (e: unknown) => e as { digest?: string },
  );
  return String(err.digest);
}

beforeEach(() => {
  session.user = null;
});

describe('authorize (server actions and route handlers)', () => {
  it('refuses an anonymous caller with 401', async () => {
    const err = await authorize('user').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthorizationError);
    expect((err as InstanceType<typeof AuthorizationError>).status).toBe(401);
  });

  it('refuses a user on an admin operation with 403', async () => {
    session.user = user;
    const err = await authorize('admin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthorizationError);
    expect((err as InstanceType<typeof AuthorizationError>).status).toBe(403);
  });

  it('lets a user do user things and an admin do both', async () => {
    session.user = user;
    expect(await authorize('user')).toBe(user);
    session.user = admin;
    expect(await authorize('user')).toBe(admin);
    expect(await authorize('admin')).toBe(admin);
  });
});

describe('withRole (route handlers)', () => {
  const handler = vi.fn(async (_req: Request, ctx: { params: Promise<{ id: string }>; user: SessionUser }) =>
    Response.json({ by: ctx.user.username, id: (await ctx.params).id }),
  );
  const route = withRole<{ params: Promise<{ id: string }> }>('admin', handler);
  const call = () => route(new Request('http://localhost/api/admin/thing/7'), { params: Promise.resolve({ id: '7' }) });

  beforeEach(() => {
    handler.mockClear();
  });

  it('answers 401 to an anonymous caller without running the handler', async () => {
    const res = await call();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 403 to a user on an admin route without running the handler', async () => {
    session.user = user;
    const res = await call();
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'forbidden' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('runs the handler for an admin, with the route context and the user', async () => {
    session.user = admin;
    const res = await call();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ by: 'root', id: '7' });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('lets errors other than a refusal through', async () => {
    session.user = admin;
    const failing = withRole('admin', async () => {
      throw new Error('backend down');
    });
    await expect(failing(new Request('http://localhost/x'), {})).rejects.toThrow('backend down');
  });
});

describe('requireUser / requireRole (pages and layouts)', () => {
  it('sends an anonymous visitor to the sign-in page', async () => {
    expect(await interrupt(requireUser())).toMatch(/^NEXT_REDIRECT;[a-z]+;\/login;30[37];/);
    expect(await interrupt(requireRole('admin'))).toMatch(/^NEXT_REDIRECT;[a-z]+;\/login;/);
  });

  it('shows a user the 403 page on an admin page', async () => {
    session.user = user;
    expect(await interrupt(requireRole('admin'))).toBe('NEXT_HTTP_ERROR_FALLBACK;403');
  });

  it('lets the right roles in', async () => {
    session.user = user;
    expect(await requireUser()).toBe(user);
    expect(await requireRole('user')).toBe(user);
    session.user = admin;
    expect(await requireRole('admin')).toBe(admin);
  });
});
