import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { hasRole } from '@/lib/auth/roles';
import type { Backend } from '@/lib/backends';
import { isOwned, vmAccess } from '@/lib/services/ownership';

/**
 * THE rule for who may open a VM's console (and download its .vv file). Admins: any VM. Other
 * users: a VM they own or share through a group (lib/services/ownership.ts). A VM that somebody
 * else owns is refused whatever the connection. A VM nobody owns is still open to users through a
 * connection that acts with the engine's own user permissions (an oVirt identity sent with
 * `Filter: true`): the engine then decides what that identity may see and touch.
 */
export async function mayUseConsole(user: Pick<SessionUser, 'id' | 'role'>, backend: Backend, vmId: string): Promise<boolean> {
  if (hasRole(user, 'admin')) return true;
  if ((await vmAccess(user, vmId)).allowed) return true;
  if (await isOwned(vmId)) return false;
  const about = await backend.about({ signal: AbortSignal.timeout(10_000) });
  return about.isAdmin === false;
}
