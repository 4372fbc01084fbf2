import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './setup-env';

/**
 * What a caller can make the server hold or write (issue 14, point 14): a console ticket request
 * reads a bounded body, and a failed sign-in writes bounded audit text whatever the caller sent.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);

const request = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null), signIn: async () => {}, signOut: async () => {}, handlers: { GET: async () => new Response(null), POST: async () => new Response(null) } }));
vi.mock('next/headers', () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }) }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { createAuthSession } = await import('@/lib/auth/sessions');
const { authenticate } = await import('@/lib/auth/authenticate');
const { throttleClock } = await import('@/lib/auth/throttle');

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  throttleClock.sleep = async () => {};
  const user = await getDb().user.create({ data: { username: 'bounds-user', role: 'user' } });
  request.sid = (await createAuthSession(user.id, '203.0.113.1', null)).id;
});
afterAll(async () => {
  await getDb().$disconnect();
});

describe('bounded requests', () => {
  it('refuses a console ticket request whose body is larger than a ticket request can be, without reading it all', async () => {
    const { POST } = await import('@/app/api/console/ticket/route');
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(32);
    // A body that never ends (no Content-Length): only a bounded read can answer.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const req = new Request('http://dashboard.test/api/console/ticket', {
      method: 'POST',
      body: endless,
      headers: { 'content-type': 'application/json', origin: 'http://dashboard.test' },
      duplex: 'half',
    } as RequestInit);
    const res = await POST(req, {});
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(4);
    // A declared length over the bound is refused before a byte is read.
    const declared = new Request('http://dashboard.test/api/console/ticket', {
      method: 'POST',
      body: JSON.stringify({ vmId: `c:${'x'.repeat(10_000)}` }),
      headers: { 'content-type': 'application/json', origin: 'http://dashboard.test' },
    });
    expect((await POST(declared, {})).status).toBe(413);
  });

  it('writes a failed sign-in with bounded text, whatever length the caller sent', async () => {
    const username = 'u'.repeat(200_000);
    const ip = `198.51.100.${'9'.repeat(50_000)}`;
    expect(await authenticate(username, 'wrong', ip, 'x'.repeat(100_000))).toMatchObject({ ok: false });
    const entry = await getDb().auditEntry.findFirstOrThrow({ where: { action: 'auth.login', result: 'failure' }, orderBy: { at: 'desc' } });
    expect(entry.targetName!.length).toBeLessThanOrEqual(256);
    expect(entry.ip!.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(entry.detail ?? null).length).toBeLessThanOrEqual(4000);
  });

  it('bounds every string, list and nesting level of an audit detail', async () => {
    const { audit } = await import('@/lib/audit/audit');
    await audit({ actor: { username: 'a'.repeat(10_000) }, action: 'bounds.check', target: { type: 'vm', id: 'i'.repeat(10_000), name: 'n'.repeat(10_000) }, result: 'failure', detail: { reason: 'r'.repeat(100_000), list: Array.from({ length: 1000 }, (_, i) => `item-${i}-${'z'.repeat(500)}`) } });
    const entry = await getDb().auditEntry.findFirstOrThrow({ where: { action: 'bounds.check' } });
    expect(entry.actorName.length).toBeLessThanOrEqual(256);
    expect(entry.targetId!.length).toBeLessThanOrEqual(1024);
    expect(entry.targetName!.length).toBeLessThanOrEqual(256);
    expect(JSON.stringify(entry.detail).length).toBeLessThanOrEqual(4100);
  });
});
