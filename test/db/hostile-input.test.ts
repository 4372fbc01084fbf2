import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findEntryPoints } from '../entry-points';
import { sameOriginRequest } from '../same-origin';
import { freshDatabase } from './setup-env';

/**
 * The hostile-input sweep: every server action and route handler the build has (found from the
 * source by ../entry-points.ts, as for the authorization sweep) is driven, as an administrator
 * (the caller who gets furthest), with input generated from the action's own zod schema and far
 * beyond it: huge strings, control characters, Chinese and emoji, deeply nested JSON, __proto__
 * and constructor keys, numbers out of range, files where text belongs, fields missing and extra.
 *
 * What must hold for every call: no answer of 500 (an action that throws or answers "something went
 * wrong"; a route answering 5xx); a refused input names its fields in words, not i18n keys; and a
 * refused call changes nothing, neither in the database (a fingerprint of every table's rows) nor at
 * the backends (the demo engine's and the simulated Cinder's own request logs: no request but reads).
 * HOSTILE_RUNS sets the runs per entry point (default 6: about a minute and a half on 2 cores);
 * a failure prints fast-check's seed and the shrunk input, to replay with HOSTILE_SEED.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);

const request = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock('@/lib/auth/auth', () => ({ auth: async () => (request.sid ? { sid: request.sid } : null), signIn: async () => {}, signOut: async () => {}, handlers: { GET: async () => new Response(null), POST: async () => new Response(null) } }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ 'x-virtdash-client-ip': '203.0.113.8' }),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  const messages = (await import('@/messages/en.json')).default;
  return { getTranslations: async (namespace?: string) => createTranslator({ locale: 'en', messages, namespace: namespace as never }) };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { hashPassword } = await import('@/lib/auth/password');
const { createAuthSession } = await import('@/lib/auth/sessions');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { startCinderFake } = await import('@/fakes/cinder/server');
const { registerDemoCinderConnection, registerDemoConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends } = await import('@/lib/services/connections');
const en = (await import('@/messages/en.json')).default;

const RUNS = Number(process.env.HOSTILE_RUNS) || 6;
const SEED = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : undefined;
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const BASE = 'http://dashboard.test';

// ---- what hostile input is made of ----------------------------------------------------------

const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const NASTY = [
  '', ' ', '   \t\n', '__proto__', 'constructor', 'prototype', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}',
  '-1', '0', '-0', '1.5', '1e309', '-1e309', 'NaN', 'Infinity', '2147483648', '9007199254740993', '9'.repeat(400), '0x10', '1_000',
  'true', 'null', 'undefined', '[]', '{}', '\u0000', 'a\u0000b', '\u202eevil', '\r\n\r\nX-Injected: 1', '../../../etc/passwd', '%2e%2e%2f',
  '<script>alert(1)</script>', '\'; DROP TABLE "User"; --', '$(reboot)', '虚拟机-测试', '🙂🚀👩‍👩‍👧', '\ud800', 'a'.repeat(300),
  'x'.repeat(100_000), deepJson(2_000), '['.repeat(10_000), 'demo:00000000-0000-0000-0000-000000000000', 'no-such:vm',
];
const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), maxLength: 20 });
const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: controlChars },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.bigInt()).map(String) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)) },
);
/** A form field's value: text, or a file where text belongs (FormData carries nothing else). */
const formValue: fc.Arbitrary<string | File> = fc.oneof(
  { weight: 9, arbitrary: hostileText },
  { weight: 1, arbitrary: hostileText.map((t) => new File([t], 'x.bin', { type: 'application/octet-stream' })) },
);
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'role', 'id', 'userId', 'ownerId', 'isAdmin', 'connectionId', '$ACTION_REF_1'];

/** The top-level field names a schema reads, whatever wraps it (refinements, pipes, unions). */
function fieldsOf(schema: z.ZodType | undefined): string[] {
  const def = (schema as unknown as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def) return [];
  switch (def.type) {
    case 'object':
      return Object.keys(def.shape as object);
    case 'pipe': {
      // z.preprocess is a pipe from a transform (no fields) into the object that has them.
      const input = fieldsOf(def.in as z.ZodType);
      return input.length > 0 ? input : fieldsOf(def.out as z.ZodType);
    }
    case 'union':
      return [...new Set((def.options as z.ZodType[]).flatMap(fieldsOf))];
    case 'intersection':
      return [...new Set([...fieldsOf(def.left as z.ZodType), ...fieldsOf(def.right as z.ZodType)])];
    default:
      return fieldsOf(def.innerType as z.ZodType | undefined);
  }
}

/** Fields present or missing, each with a hostile value, plus extra fields the schema never named. */
function formInput(fields: string[]) {
  const known = fc.record(Object.fromEntries(fields.map((f) => [f, formValue])), { requiredKeys: [] });
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 10 })), formValue), { maxLength: 3 });
  return fc.tuple(known, extra).map(([k, e]) => [...Object.entries(k), ...e] as Array<[string, string | File]>);
}

function form(entries: Array<[string, string | File]>): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

/** A route request: hostile query parameters, path parameters and (for writes) a hostile body. */
const routeInput = fc.record({
  query: fc.array(fc.tuple(fc.constantFrom('vm', 'id', 'page', 'pageSize', 'q', 'sort', 'dir', 'resource', 'connection', 'status', 'search', '__proto__'), hostileText), { maxLength: 4 }),
  params: fc.record({ id: hostileText, resource: fc.oneof(hostileText, fc.constantFrom('vms', 'hosts', 'storage')), nextauth: fc.array(hostileText, { maxLength: 3 }) }),
  body: fc.oneof(
    fc.jsonValue({ maxDepth: 8 }).map((v) => JSON.stringify(v)),
    fc.constantFrom(deepJson(50_000), '{"__proto__":{"polluted":true},"vmId":"x"}', '{"constructor":{"prototype":{"polluted":true}}}', 'not json', '', '\u0000'.repeat(10), `"${'x'.repeat(200_000)}"`),
    hostileText,
  ),
  contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', ''),
});

// ---- what must not change --------------------------------------------------------------------

// Every table but the ones a refused call writes on purpose: the audit log (a refusal is audited),
// sessions (their last-seen time moves) and the sign-in throttle (a refused sign-in counts).
const WATCHED = ['User', 'SetupToken', 'BackendConnection', 'ConsoleTicket', 'UserGroup', 'UserGroupMember', 'VmOwnership', 'VolumeOwnership', 'CatalogItem', 'Flavor', 'Quota', 'SshKey'];
const FINGERPRINT = WATCHED.map((t) => `SELECT '${t}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`).join(' UNION ALL ');

async function databaseFingerprint(): Promise<Record<string, string>> {
  const rows = await getDb().$queryRawUnsafe<Array<{ t: string; h: string }>>(FINGERPRINT);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

let engine: Awaited<ReturnType<typeof startOvirtEngine>>;
let cinder: Awaited<ReturnType<typeof startCinderFake>>;

/** Requests that change something at a backend: anything but reads and sign-ins (token requests). */
function backendWrites(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [who, stats] of [['engine', engine.stats.byRoute()], ['cinder', cinder.stats.byRoute()]] as const) {
    for (const [route, n] of Object.entries(stats)) {
      if (/^(GET|HEAD|OPTIONS) /.test(route) || /sso|auth\/tokens|oauth/i.test(route)) continue;
      out[`${who} ${route}`] = n;
    }
  }
  return out;
}

async function state() {
  return { db: await databaseFingerprint(), backends: backendWrites() };
}

// ---- the callers ----------------------------------------------------------------------------

type Answer = { ok?: boolean; message?: string; fieldErrors?: Record<string, string> } | undefined;
type ActionFn = ((prev: unknown, data: FormData) => Promise<Answer>) & { inputSchema?: z.ZodType };

async function enumerate() {
  const points = findEntryPoints(process.cwd());
  const actions: Array<{ key: string; file: string; fn: ActionFn }> = [];
  const routes: Array<{ key: string; method: string; fn: (req: Request, ctx: unknown) => Promise<Response> }> = [];
  for (const file of points.actionFiles) {
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === 'function') actions.push({ key: name, file, fn: value as ActionFn });
  }
  for (const file of points.routeFiles) {
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === 'function' && HTTP_METHODS.includes(name)) routes.push({ key: `${file}#${name}`, method: name, fn: value as never });
  }
  return { actions, routes };
}

/** Next.js signals a redirect or a not-found page by throwing: that is an answer, not a crash. */
function isNavigation(err: unknown): boolean {
  const digest = (err as { digest?: unknown })?.digest;
  return typeof digest === 'string' && /^(NEXT_REDIRECT|NEXT_HTTP_ERROR_FALLBACK|NEXT_NOT_FOUND)/.test(digest);
}

let found: Awaited<ReturnType<typeof enumerate>>;

/** The fields an action reads: its schema's, else the names its file reads from the form, else every schema's. */
function fieldsFor(action: { key?: string; file: string; fn: ActionFn }): string[] {
  if (action.fn.inputSchema) return fieldsOf(action.fn.inputSchema);
  const source = fs.readFileSync(action.file, 'utf8');
  const named = [...source.matchAll(/formData\.get(?:All)?\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  const schemas = [...source.matchAll(/(\w+Schema)\.safeParse/g)].map((m) => m[1]);
  if (named.length > 0 || schemas.length === 0) return [...new Set(named.length ? named : allFields())];
  return allFields();
}

function allFields(): string[] {
  return [...new Set(found.actions.flatMap((a) => (a.fn.inputSchema ? fieldsOf(a.fn.inputSchema) : [])))];
}

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  const admin = await getDb().user.create({ data: { username: 'hostile-admin', role: 'admin', passwordHash: await hashPassword('hostile-password') } });
  request.sid = (await createAuthSession(admin.id, '203.0.113.1', null)).id;
  engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01, backgroundEvents: false });
  await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'demo-admin' });
  cinder = await startCinderFake({ port: 0, timeScale: 0.01 });
  await registerDemoCinderConnection({ url: `${cinder.url}?project=demo`, username: 'admin', password: 'demo-admin' });
  found = await enumerate();
}, 120_000);

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await cinder?.close();
  await getDb().$disconnect();
});

describe('hostile input sweep (fast-check)', () => {
  it('finds the entry points, and every roleAction exposes the schema its input is generated from', () => {
    expect(found.actions.length).toBeGreaterThan(50);
    expect(found.routes.length).toBeGreaterThan(10);
    expect(found.actions.filter((a) => a.fn.inputSchema).length).toBeGreaterThan(50);
    // Actions that parse their input themselves get the field names their source reads, or every
    // field any schema has.
    for (const a of found.actions.filter((x) => !x.fn.inputSchema)) expect(fieldsFor(a).length, a.key).toBeGreaterThan(0);
  });

  it('server actions: never a 500, refused fields named in words, and a refusal changes nothing in the database or at the backends', async () => {
    const accepted: Record<string, number> = {};
    for (const { key, file, fn } of found.actions) {
      const fields = fieldsFor({ key, file, fn });
      let before = await state();
      await fc.assert(
        fc.asyncProperty(formInput(fields), async (entries) => {
          let answer: Answer;
          try {
            answer = await fn(undefined, form(entries));
          } catch (err) {
            if (isNavigation(err)) return;
            throw new Error(`${key} threw (a 500 in the browser): ${(err as Error)?.stack ?? err}`);
          }
          // setLocale/setTheme/signOut answer nothing; every other action answers a state.
          if (answer === undefined) return;
          expect(answer.message, `${key} answered "something went wrong"`).not.toBe(en.errors.unexpected);
          expect(answer.message ?? '', `${key} answered an untranslated key`).not.toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
          for (const [field, words] of Object.entries(answer.fieldErrors ?? {})) {
            // An action parsing on its own may name fields the sweep did not know of (setup's token).
            if (fn.inputSchema) expect([...fields, 'form'], `${key} named a field it does not have`).toContain(field);
            expect(words, `${key}: field ${field} has no message in words`).not.toMatch(/^[a-z]+(\.[a-zA-Z]+)+$|^$/);
          }
          const after = await state();
          if (answer.ok) {
            // Hostile but valid (a name in Chinese, say): accepted, and the sweep moves on from there.
            accepted[key] = (accepted[key] ?? 0) + 1;
            before = after;
            return;
          }
          expect(after, `${key} was refused ("${answer.message}") but changed something`).toEqual(before);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    // Printed, not asserted: what hostile input some action let through, to read over.
    console.info('[hostile] accepted as valid:', accepted);
  }, 900_000);

  it('route handlers: never a 5xx, a refused request says why, and changes nothing', async () => {
    for (const { key, method, fn } of found.routes) {
      if (key.startsWith('app/api/auth/[...nextauth]')) continue; // Auth.js's own handlers (mocked here, as in the authz sweep)
      let before = await state();
      await fc.assert(
        fc.asyncProperty(routeInput, async ({ query, params, body, contentType }) => {
          const url = new URL(`${BASE}/api/hostile`);
          for (const [k, v] of query) url.searchParams.append(k, v);
          const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
          const req = sameOriginRequest(url.toString(), { method, ...(hasBody ? { body, headers: contentType ? { 'content-type': contentType } : {} } : {}) });
          let res: Response;
          try {
            res = await fn(req, { params: Promise.resolve(params) });
          } catch (err) {
            if (isNavigation(err)) return;
            throw new Error(`${key} threw (a 500): ${(err as Error)?.stack ?? err}`);
          }
          // The body is read only for a 5xx: a stream that stays open (GET /api/changes, Server-Sent
          // Events) has no end to read to.
          if (res.status >= 500) expect(res.status, `${key} answered ${res.status}: ${await res.text()}`).toBeLessThan(500);
          const after = await state();
          if (res.status < 300) {
            if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
            before = after;
            return;
          }
          if (res.status === 400 || res.status === 413 || res.status === 422) {
            const text = await res.text();
            expect(text, `${key}: a refusal with no reason`).toMatch(/message|error/);
          }
          expect(after, `${key} answered ${res.status} but changed something`).toEqual(before);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
  }, 900_000);
});
