/**
 * The transport's own promises (headers, token reuse, re-sign-in, which
 * requests are repeated), checked on the wire against a tiny scripted HTTP
 * server. Engine behaviour as a whole is tested against the demo engine in
 * test/integration.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestInfo } from '../config';
import { OvirtTransport } from './transport';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Reply = (req: Seen, res: http.ServerResponse) => void;

let server: http.Server;
let baseUrl: string;
let seen: Seen[] = [];
let apiReplies: Reply[] = [];
let tokenSeq = 0;

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      if (entry.url.startsWith('/ovirt-engine/sso/oauth/token')) {
        const form = new URLSearchParams(body);
        if (form.get('password') !== 'secret') {
          json(res, 401, { error: 'access_denied', error_description: 'Cannot authenticate user.' });
          return;
        }
        // exp as the engine sends it: epoch ms, as a string.
        json(res, 200, { access_token: `tok-${++tokenSeq}`, token_type: 'bearer', exp: String(Date.now() + 3_600_000) });
        return;
      }
      const reply = apiReplies.shift();
      if (reply) reply(entry, res);
      else json(res, 200, { vm: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  seen = [];
  apiReplies = [];
});

function transport(extra: { filter?: boolean; password?: string; requests?: RequestInfo[] } = {}) {
  return new OvirtTransport(
    { id: 't', kind: 'ovirt', name: 'T', url: baseUrl, username: 'admin@internal', password: extra.password ?? 'secret', filter: extra.filter },
    { retry: { backoffMs: 1 }, onRequest: (info) => extra.requests?.push(info) },
  );
}
const apiCalls = () => seen.filter((s) => s.url.startsWith('/ovirt-engine/api'));
const tokenCalls = () => seen.filter((s) => s.url.startsWith('/ovirt-engine/sso'));

describe('OvirtTransport', () => {
  it('sends Version 4, JSON accept, the bearer token, and Filter only when asked', async () => {
    const plain = transport();
    await plain.get('/vms', { search: 'name=web* sortby name asc', max: 51 });
    const filtered = transport({ filter: true });
    await filtered.get('/vms');
    const [first, second] = apiCalls();
    expect(first!.headers).toMatchObject({ version: '4', accept: 'application/json', authorization: expect.stringMatching(/^Bearer tok-/) });
    expect(first!.headers).not.toHaveProperty('filter');
    // Spaces as %20: the engine's search parser does not read '+'.
    expect(first!.url).toBe('/ovirt-engine/api/vms?search=name%3Dweb*%20sortby%20name%20asc&max=51');
    expect(second!.headers.filter).toBe('true');
    await Promise.all([plain.close(), filtered.close()]);
  });

  it('signs in form-encoded and reuses the token until it expires', async () => {
    const t = transport();
    await t.get('/vms');
    await t.get('/hosts');
    const tokens = tokenCalls().filter((s) => s.url.endsWith('/token'));
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(tokens[0]!.body).get('scope')).toBe('ovirt-app-api');
    await t.close();
  });

  it('concurrent first calls share one sign-in', async () => {
    const t = transport();
    await Promise.all([t.get('/vms'), t.get('/hosts'), t.get('/clusters')]);
    expect(tokenCalls().filter((s) => s.url.endsWith('/token'))).toHaveLength(1);
    await t.close();
  });

  it('on 401 signs in again once and repeats the request', async () => {
    const t = transport();
    apiReplies.push((_r, res) => json(res, 401, { reason: 'Unauthorized' }));
    await expect(t.get('/vms')).resolves.toEqual({ vm: [] });
    expect(tokenCalls().filter((s) => s.url.endsWith('/token'))).toHaveLength(2);
    expect(apiCalls()[1]!.headers.authorization).toBe('Bearer tok-' + tokenSeq);
    await t.close();
  });

  it('a second 401 in a row is auth_failed', async () => {
    const t = transport();
    apiReplies.push((_r, res) => json(res, 401, {}), (_r, res) => json(res, 401, {}));
    await expect(t.get('/vms')).rejects.toMatchObject({ code: 'auth_failed' });
    await t.close();
  });

  it('bad credentials → auth_failed with the SSO description', async () => {
    const t = transport({ password: 'wrong' });
    await expect(t.get('/vms')).rejects.toMatchObject({ code: 'auth_failed', detail: 'Cannot authenticate user.' });
  });

  it('puts a Correlation-Id on mutations and never repeats them', async () => {
    const t = transport();
    apiReplies.push((_r, res) => json(res, 503, { reason: 'Service Unavailable' }));
    await expect(t.request({ method: 'POST', path: '/vms/1/start', body: {} })).rejects.toMatchObject({ code: 'backend_error', status: 503 });
    const posts = apiCalls();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers['correlation-id']).toMatch(/^vd-[\w-]+$/);
    expect(posts[0]!.headers['content-type']).toBe('application/json');
    expect(posts[0]!.body).toBe('{}');
    await t.close();
  });

  it('repeats a GET on 5xx, at most twice', async () => {
    const requests: RequestInfo[] = [];
    const t = transport({ requests });
    const fail: Reply = (_r, res) => json(res, 500, { reason: 'Internal' });
    apiReplies.push(fail, fail, fail);
    await expect(t.get('/vms')).rejects.toMatchObject({ code: 'backend_error', status: 500 });
    expect(apiCalls()).toHaveLength(3);
    expect(requests.filter((r) => r.purpose === 'api').map((r) => r.attempt)).toEqual([1, 2, 3]);
    await t.close();
  });

  it('never logs the token or the password', async () => {
    const lines: string[] = [];
    const t = new OvirtTransport(
      { id: 't', kind: 'ovirt', name: 'T', url: baseUrl, username: 'admin@internal', password: 'secret' },
      { log: (entry) => lines.push(JSON.stringify(entry)) },
    );
    await t.get('/vms');
    await t.close();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain('secret');
      expect(line).not.toMatch(/tok-\d/);
    }
  });
});
