// For tests that call route handlers directly: a Request as the dashboard's own page sends it.
// Route handlers refuse POST/PUT/DELETE from any other origin (lib/auth/same-origin.ts), and a
// Request built in a test has no Origin (nor Host) unless given one.
export function sameOriginRequest(url: string, init: RequestInit = {}): Request {
  const u = new URL(url);
  const headers = new Headers(init.headers);
  if (!headers.has('origin')) headers.set('origin', u.origin);
  if (!headers.has('host')) headers.set('host', u.host);
  return new Request(url, { ...init, headers });
}

/** A same-origin POST of a JSON body. */
export function sameOriginJson(url: string, body: unknown, method = 'POST'): Request {
  return sameOriginRequest(url, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}
