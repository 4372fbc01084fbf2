import type { Role } from '../roles';
import { hasRole, homePathFor } from '../roles';

/** Only same-site paths, never another origin or a protocol-relative URL. */
export function safeReturnPath(url: string | null | undefined): string | null {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null;
  return url.slice(0, 500);
}

/** Where a signed-in user goes: the page they asked for when their role may open it, else their home. */
export function landingPath(role: Role, wanted: string | null): string {
  return wanted && (hasRole({ role }, 'admin') || wanted.startsWith('/portal')) ? wanted : homePathFor(role);
}
