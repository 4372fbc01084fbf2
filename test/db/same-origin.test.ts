import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sameOriginJson, sameOriginRequest } from '../same-origin';
import { freshDatabase } from './setup-env';

await freshDatabase();

// The real route handlers, called as a browser would: from the dashboard's own page, and from
// another site, which SameSite=Lax still lets send the session cookie with a top-level form POST.
// Only the session lookup is replaced (it reads the cookie).
const request = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null) }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-virtdash-client-ip': '203.0.113.9' }) }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { createAuthSession } = await import('@/lib/auth/sessions');

const BASE = 'http://dash.test';
const EVIL = { origin: 'https://evil.example' };

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  const admin = await getDb().user.create({ data: { username: 'root', role: 'admin', passwordHash: null } });
  request.sid = (await createAuthSession(admin.id, '203.0.113.1', null)).id;
});
afterAll(async () => {
  await getDb().$disconnect();
});

async function lastCrossOrigin() {
  return getDb().auditEntry.findFirst({ where: { action: 'http.crossOrigin' }, orderBy: { at: 'desc' } });
}

describe('route handlers that change state', () => {
  it('refuse another site\'s request with 403 and audit it, before the handler runs', async () => {
    const { POST } = await import('@/app/api/uploads/route');
    // text/plain: what a page elsewhere can send without a CORS preflight.
    const res = await POST(sameOriginRequest(`${BASE}/api/uploads`, { method: 'POST', body: '{"name":"x.iso"}', headers: { ...EVIL, 'content-type': 'text/plain' } }), {});
    expect(res.status).toBe(403);
    expect(await lastCrossOrigin()).toMatchObject({ actorName: 'root', result: 'failure', targetName: 'POST /api/uploads' });
    expect(((await lastCrossOrigin())?.detail as { reason: string }).reason).toMatch(/evil\.example/);
    // The first call loads the route modules (and Next's server runtime): slow on a busy machine.
  }, 120_000);

  it('refuse a request without an Origin', async () => {
    const { POST } = await import('@/app/api/console/ticket/route');
    const res = await POST(new Request(`${BASE}/api/console/ticket`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', host: 'dash.test' } }), {});
    expect(res.status).toBe(403);
  });

  it('read JSON only when it is labelled JSON (415), and then check it (400)', async () => {
    const { POST } = await import('@/app/api/uploads/route');
    const plain = await POST(sameOriginRequest(`${BASE}/api/uploads`, { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } }), {});
    expect(plain.status).toBe(415);
    const form = await POST(sameOriginRequest(`${BASE}/api/uploads`, { method: 'POST', body: new URLSearchParams({ name: 'x' }) }), {});
    expect(form.status).toBe(415);
    const json = await POST(sameOriginJson(`${BASE}/api/uploads`, { name: '' }), {});
    expect(json.status).toBe(400);
    const ticket = (await import('@/app/api/console/ticket/route')).POST;
    const huge = await ticket(sameOriginJson(`${BASE}/api/console/ticket`, { vmId: 'x'.repeat(100_000) }), {});
    expect(huge.status).toBe(413);
  });

  it('the .vv file (a fresh console password) is a POST only, refused from another site', async () => {
    const vv = await import('@/app/api/console/vv/route');
    expect('GET' in vv).toBe(false);
    const res = await vv.POST(sameOriginRequest(`${BASE}/api/console/vv`, { method: 'POST', body: new URLSearchParams({ vm: 'demo:vm-1' }), headers: EVIL }), {});
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('password=');
  });
});
