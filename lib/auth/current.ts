import 'server-only';
import { cache } from 'react';
import { auth } from './auth';
import { resolveAuthSession } from './sessions';
import type { SessionUser } from './roles';

/** The signed-in user for this request (checked against the database once per request), or null. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await auth()) as { sid?: string } | null;
  if (!session?.sid) return null;
  return resolveAuthSession(session.sid);
});
