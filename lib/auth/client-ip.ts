// The custom server (scripts/server.ts) replaces this header with the socket's address on every
// request, so a browser cannot choose its own. Behind a reverse proxy set TRUST_PROXY=1 and the
// proxy's X-Forwarded-For is used instead.
export const CLIENT_IP_HEADER = 'x-virtdash-client-ip';

export function clientIpFrom(headers: Headers): string {
  if (process.env.TRUST_PROXY === '1' || process.env.TRUST_PROXY === 'true') {
    const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return headers.get(CLIENT_IP_HEADER) || 'unknown';
}
