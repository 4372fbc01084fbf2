import { publicUrl } from '@/lib/config/public-url';
import type { Role } from './roles';
import { hasRole, homePathFor } from './roles';

// Browsers forgive a lot in a URL: tabs and newlines are dropped (`/\t/evil.example` becomes
// `//evil.example`, another site) and a backslash counts as a slash. So a return path is refused
// outright when it holds either, then parsed exactly as the browser will, against the dashboard's
// own origin, and kept only when it stays there.
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/** A same-origin path (with query and fragment) to return to after sign-in, or null. */
export function safeReturnPath(url: string | null | undefined, base: URL = publicUrl()): string | null {
  if (!url || url.length > 500 || !url.startsWith('/') || UNSAFE.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return null;
  }
  if (parsed.origin !== base.origin) return null;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** Where a signed-in user goes: the page they asked for when their role may open it, else their home. */
export function landingPath(role: Role, wanted: string | null): string {
  return wanted && (hasRole({ role }, 'admin') || wanted === '/portal' || wanted.startsWith('/portal/') || wanted.startsWith('/portal?')) ? wanted : homePathFor(role);
}
