// Cross-site WebSocket hijacking guard: browsers send cookies with a WebSocket upgrade from any
// site, so the Origin must be the dashboard's own. Accepted: PUBLIC_URL's origin, and the origin
// the request itself was addressed to (its Host, and the scheme of the socket). Behind a reverse
// proxy that terminates TLS the latter is http://internal-host, so X-Forwarded-Proto/Host are
// believed instead, but only with TRUST_PROXY=1: otherwise anyone could send them.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface OriginPolicy {
  publicUrl?: string;
  trustProxy: boolean;
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim() || undefined;
}

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The origins this request may come from. */
export function allowedOrigins(req: IncomingMessage, policy: OriginPolicy): Set<string> {
  const out = new Set<string>();
  const pub = policy.publicUrl && originOf(policy.publicUrl);
  if (pub) out.add(pub);
  const encrypted = !!(req.socket as TLSSocket).encrypted;
  let proto = encrypted ? 'https' : 'http';
  let host = first(req.headers.host);
  if (policy.trustProxy) {
    const fProto = first(req.headers['x-forwarded-proto'])?.toLowerCase();
    if (fProto === 'http' || fProto === 'https') proto = fProto;
    host = first(req.headers['x-forwarded-host']) ?? host;
  }
  const own = host && originOf(`${proto}://${host}`);
  if (own) out.add(own);
  return out;
}

export function isAllowedOrigin(req: IncomingMessage, policy: OriginPolicy): boolean {
  const origin = first(req.headers.origin);
  if (!origin) return false;
  const normalized = originOf(origin);
  return !!normalized && allowedOrigins(req, policy).has(normalized);
}
