import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { hasRole } from '@/lib/auth/roles';
import type { Backend } from '@/lib/backends';

/**
 * THE rule for who may open a VM's console (and download its .vv file). Admins: any VM. Other
 * users: until the self-service portal brings VM ownership, only through a connection that acts
 * with the engine's own user permissions (an oVirt identity sent with `Filter: true`): the engine
 * then decides what that identity may see and touch. The portal extends this function, nothing else.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the VM is what the portal's ownership check will look at
export async function mayUseConsole(user: Pick<SessionUser, 'role'>, backend: Backend, _vmId: string): Promise<boolean> {
  if (hasRole(user, 'admin')) return true;
  const about = await backend.about({ signal: AbortSignal.timeout(10_000) });
  return about.isAdmin === false;
}
