import type { IncomingMessage } from 'node:http';
import { allowedOrigins } from '@/lib/console/origin';
import { publicUrl } from '@/lib/config/public-url';
import { fromPeer } from '@/lib/http/peer-forward';
import { trustedProxyHops } from './client-ip';

// Requests that change state must come from the dashboard's own pages. SameSite=Lax cookies still
// ride along on a top-level form POST from another site, and a text/plain body needs no CORS
// preflight, so route handlers check the Origin header browsers send with every non-GET request.
// Accepted: PUBLIC_URL's origin and the origin the request was addressed to (its Host; behind
// TRUST_PROXY the proxy's X-Forwarded-Proto/Host), the same rule the console WebSocket follows.

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins a state-changing request may come from. */
export function ownOrigins(request: Request, env: Record<string, string | undefined> = process.env): Set<string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  // A Request built outside a server (tests) has no Host header: its URL names where it goes.
  headers.host ??= new URL(request.url).host;
  // The dashboard's own server speaks plain HTTP (scripts/server.ts); https reaches it through a proxy.
  const req = { headers, socket: { encrypted: false } } as unknown as IncomingMessage;
  return allowedOrigins(req, { publicUrl: publicUrl(env).toString(), trustProxy: trustedProxyHops(env) > 0 });
}

/** Null when the request may change state; otherwise why not (for the audit log). */
export function crossOriginRefusal(request: Request, env: Record<string, string | undefined> = process.env): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  // Forwarded by another instance of this database (signed with AUTH_SECRET), which checked the
  // browser's Origin against its own Host before forwarding; here the Host is this instance's address.
  if (fromPeer(request, env)) return null;
  const origin = request.headers.get('origin');
  if (!origin) return 'no Origin header';
  let normalized: string;
  try {
    normalized = new URL(origin).origin;
  } catch {
    return `Origin ${origin.slice(0, 100)} is not a URL`;
  }
  return ownOrigins(request, env).has(normalized) ? null : `Origin ${normalized.slice(0, 100)} is not the dashboard's`;
}
