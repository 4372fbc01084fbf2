import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { crossOriginRefusal } from '@/lib/auth/same-origin';
import { FORWARDED_HEADER, forwardToPeer, fromPeer, isForwarded } from './peer-forward';

/**
 * Forwarding a request to the dashboard instance holding an upload, against a real HTTP server
 * standing in for that instance: the body streams through piece by piece, the user's cookie and
 * the page's origin go along, the signed marker verifies there (and only for that request), and an
 * instance that does not answer is reported as such.
 */

const env = { AUTH_SECRET: 'a-secret-every-instance-of-this-database-shares' };
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  pieces: Buffer[];
  /** The stand-in's view of the request as a fetch Request (what a route handler there gets). */
  request?: Request;
}

/** A stand-in owner instance; `onPiece` runs as each piece of the body arrives. */
async function owner(answer: (seen: Seen) => { status: number; body: string }, onPiece?: (seen: Seen) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const s: Seen = { method: req.method, url: req.url, headers: req.headers, pieces: [] };
    seen.push(s);
    req.on('data', (piece: Buffer) => {
      s.pieces.push(piece);
      onPiece?.(s);
    });
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      s.request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers });
      const a = answer(s);
      res.writeHead(a.status, { 'content-type': 'application/json', 'x-internal': 'not for the browser' });
      res.end(a.body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const browserHeaders = { cookie: 'authjs.session-token=abc', origin: 'https://dash.example.com', 'content-type': 'application/octet-stream' };

describe('forwarding a request to the instance holding the upload', () => {
  it('streams the body through as it arrives, with the user\'s cookie, the same method, path and query, and gives back the owner\'s answer', async () => {
    // The caller's second piece is sent only once the owner has the first: a forwarder that held
    // the body whole before sending would never finish.
    let ownerHasFirst!: () => void;
    const firstArrived = new Promise<void>((r) => (ownerHasFirst = r));
    const stand = await owner(
      (s) => ({ status: 200, body: JSON.stringify({ got: Buffer.concat(s.pieces).length }) }),
      (s) => {
        if (Buffer.concat(s.pieces).length >= 1000) ownerHasFirst();
      },
    );
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(new Uint8Array(1000).fill(1));
        await firstArrived;
        c.enqueue(new Uint8Array(500).fill(2));
        c.close();
      },
    });
    const request = new Request('http://balancer.example/api/images/uploads/t-1?offset=0&length=1500&total=1500', {
      method: 'PUT',
      headers: { ...browserHeaders, 'x-forwarded-for': '203.0.113.9' },
      body,
      duplex: 'half',
    } as RequestInit);
    const answer = await forwardToPeer(request, stand.url, env);
    if (!('response' in answer)) throw new Error(`not forwarded: ${JSON.stringify(answer)}`);
    expect(answer.response.status).toBe(200);
    expect(await answer.response.json()).toEqual({ got: 1500 });
    expect(answer.response.headers.get('x-internal')).toBeNull();

    const [s] = stand.seen;
    expect(s).toMatchObject({ method: 'PUT', url: '/api/images/uploads/t-1?offset=0&length=1500&total=1500' });
    expect(s!.headers.cookie).toBe('authjs.session-token=abc');
    expect(s!.headers.origin).toBe('https://dash.example.com');
    expect(s!.headers['x-forwarded-for']).toBeUndefined();
    // There the marker verifies: it is a peer's request, never to be forwarded again.
    expect(isForwarded(s!.request!)).toBe(true);
    expect(fromPeer(s!.request!, env)).toBe(true);
    // It was the browser's origin that was checked, by the forwarder: the owner's Host differs.
    expect(crossOriginRefusal(s!.request!, env)).toBeNull();
  });

  it('passes the owner\'s refusal on as it is', async () => {
    const stand = await owner(() => ({ status: 409, body: JSON.stringify({ error: { code: 'conflict', message: 'The upload stands at byte 7.' } }) }));
    const answer = await forwardToPeer(new Request('http://b/api/images/uploads/t-2', { headers: browserHeaders }), stand.url, env);
    if (!('response' in answer)) throw new Error('not forwarded');
    expect(answer.response.status).toBe(409);
    expect(await answer.response.json()).toEqual({ error: { code: 'conflict', message: 'The upload stands at byte 7.' } });
    expect(stand.seen[0]!.method).toBe('GET');
  });

  it('reaches only the owner\'s address, whatever the path says', async () => {
    const stand = await owner(() => ({ status: 200, body: '{}' }));
    const answer = await forwardToPeer(new Request('http://b//evil.example/api/images/uploads/t-3', { headers: browserHeaders }), stand.url, env);
    expect('response' in answer).toBe(true);
    expect(stand.seen[0]!.url).toBe('//evil.example/api/images/uploads/t-3');
  });

  it('an owner that does not answer is reported, naming where it was', async () => {
    const stand = await owner(() => ({ status: 200, body: '{}' }));
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 0));
    const answer = await forwardToPeer(new Request('http://b/api/images/uploads/t-4', { method: 'DELETE', headers: browserHeaders }), stand.url, env);
    expect(answer).toEqual({ unreachable: expect.stringContaining(`${stand.url} did not answer (ECONNREFUSED`) });
  });

  it('the browser\'s body breaking off is not the owner being gone', async () => {
    const stand = await owner(() => ({ status: 200, body: '{}' }));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(100));
        c.error(new Error('connection reset by the browser'));
      },
    });
    const request = new Request('http://b/api/images/uploads/t-5?offset=0&length=200&total=200', { method: 'PUT', headers: browserHeaders, body, duplex: 'half' } as RequestInit);
    expect(await forwardToPeer(request, stand.url, env)).toEqual({ callerGone: true });
  });

  it('a marker is only a peer\'s when signed with AUTH_SECRET for this method and path, and fresh', async () => {
    const stand = await owner(() => ({ status: 200, body: '{}' }));
    await forwardToPeer(new Request('http://b/api/images/uploads/t-6', { method: 'POST', headers: browserHeaders }), stand.url, env);
    const marker = stand.seen[0]!.headers[FORWARDED_HEADER] as string;
    const at = (path: string, method = 'POST', value = marker) => new Request(`http://127.0.0.1:1${path}`, { method, headers: { [FORWARDED_HEADER]: value, origin: 'https://evil.example' } });

    expect(fromPeer(at('/api/images/uploads/t-6'), env)).toBe(true);
    expect(fromPeer(at('/api/images/uploads/t-6'), { AUTH_SECRET: 'another database' })).toBe(false);
    expect(fromPeer(at('/api/images/uploads/OTHER'), env)).toBe(false);
    expect(fromPeer(at('/api/images/uploads/t-6', 'DELETE'), env)).toBe(false);
    expect(fromPeer(at('/api/images/uploads/t-6'), env, Date.now() + 10 * 60_000)).toBe(false);
    // A browser writing the header itself: it is never forwarded again, but skips no check.
    const forged = at('/api/images/uploads/t-6', 'POST', '1.forged');
    expect(isForwarded(forged)).toBe(true);
    expect(fromPeer(forged, env)).toBe(false);
    expect(crossOriginRefusal(forged, env)).toMatch(/evil\.example/);
  });

  it('forwards nothing without AUTH_SECRET', async () => {
    const stand = await owner(() => ({ status: 200, body: '{}' }));
    expect(await forwardToPeer(new Request('http://b/api/images/uploads/t-7'), stand.url, {})).toEqual({ unreachable: expect.stringContaining('AUTH_SECRET') });
    expect(stand.seen).toHaveLength(0);
  });
});
