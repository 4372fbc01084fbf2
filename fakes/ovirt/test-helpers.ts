/** Helpers for the fake engine's own tests: a tiny client that speaks to it like an adapter would. */
import { request } from 'node:http';
import type { OvirtEngine } from './server';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function getToken(engine: OvirtEngine, username = 'admin@internal', password = 'demo-admin'): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${engine.url}/ovirt-engine/sso/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', username, password }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

export interface Client {
  token: string;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  put(path: string, body: unknown): Promise<{ status: number; body: Json }>;
  del(path: string): Promise<{ status: number; body: Json }>;
}

export async function client(engine: OvirtEngine, opts: { username?: string; password?: string; filter?: boolean } = {}): Promise<Client> {
  const { body } = await getToken(engine, opts.username, opts.password);
  const token = body.access_token as string;
  const call = async (method: string, path: string, payload?: unknown, extra: Record<string, string> = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', version: '4', ...extra };
    if (opts.filter) headers.filter = 'true';
    if (payload !== undefined) headers['content-type'] = 'application/json';
    // fetch (undici) refuses an Expect header, which the engine's SDKs send: use node:http for those.
    if (headers.expect) return rawRequest(`${engine.apiUrl}${path}`, method, headers, payload === undefined ? '' : JSON.stringify(payload));
    const res = await fetch(`${engine.apiUrl}${path}`, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  return {
    token,
    get: (p, h) => call('GET', p, undefined, h),
    post: (p, b = {}, h) => call('POST', p, b, h),
    put: (p, b) => call('PUT', p, b),
    del: (p) => call('DELETE', p),
  };
}

/** Poll until `check` returns a truthy value; fail after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5000, everyMs = 10): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const q = (s: string): string => encodeURIComponent(s);

/** The VM (by name) as the API shows it. */
export async function vmByName(c: Client, name: string): Promise<Json> {
  const { body } = await c.get(`/vms?search=${q(`name=${name}`)}`);
  if (!body.vm?.length) throw new Error(`no VM ${name}`);
  return body.vm[0];
}

function rawRequest(url: string, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as Json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
