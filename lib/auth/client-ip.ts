import { isIP } from 'node:net';

// The custom server (scripts/server.ts) replaces this header with the socket's address on every
// request, so a browser cannot choose its own.
export const CLIENT_IP_HEADER = 'x-virtdash-client-ip';

/**
 * How many reverse proxies stand in front of the dashboard (TRUST_PROXY): 0 (unset) believes only
 * the socket; `1`/`true` one proxy; `N` a chain of N. Anything else counts as 0, so a typo never
 * starts trusting headers a client writes.
 */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const v = env.TRUST_PROXY?.trim().toLowerCase();
  if (v === 'true') return 1;
  if (!v || !/^\d{1,2}$/.test(v)) return 0;
  return Number(v);
}

/**
 * The client's address. Each proxy APPENDS the address it received the request from to
 * X-Forwarded-For, and anything to the left of that was written by whoever sent the request, so the
 * leftmost entry is the client's own choice. With N trusted proxies the client is the Nth entry
 * from the right: the one the outermost trusted proxy added.
 */
export function clientIpFrom(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  const socket = headers.get(CLIENT_IP_HEADER) || 'unknown';
  const hops = trustedProxyHops(env);
  if (hops === 0) return socket;
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return socket;
  // Fewer entries than proxies: every entry was written by a trusted proxy, the leftmost is the client.
  const entry = chain[Math.max(0, chain.length - hops)]!;
  return isIP(entry) ? entry : socket;
}
