import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { CONNECTION_KINDS, connectionFieldErrors, connectionSchema, type ConnectionInput } from '@/lib/validations/connection';
import { removeConnections, upsertConnectionByName, type ConnectionView, type UpsertOutcome } from './connections';

/**
 * Connections declared by the operator in a JSON file (env BACKENDS_FILE), for
 * deployments configured as code. Applied once at start:
 *
 * {
 *   "connections": [
 *     {
 *       "name": "Production",             // unique; the key entries are matched by
 *       "kind": "ovirt",                  // "ovirt" | "libvirt" | "cinder"
 *       "url": "https://engine.example.com/ovirt-engine/api",
 *       "username": "admin@internal",
 *       "passwordEnv": "OVIRT_PROD_PASSWORD",   // or "password": "…" (prefer the env var)
 *       "caCertFile": "certs/engine-ca.pem",    // optional; relative to the JSON file
 *       "insecureSkipVerify": false,            // optional, default false
 *       "useFilter": false,                     // optional, default false
 *       "serialConsolePort": 2222,              // optional (oVirt): the serial console proxy's port
 *       "enabled": true,                        // optional, default true
 *       "simulated": false                      // optional, default false
 *     }
 *   ]
 * }
 *
 * Rules
 * - The whole file is checked first (JSON, fields, URLs, env vars, certificate
 *   files, duplicate names); any problem throws BackendsFileError naming the
 *   file and the entry, and NOTHING is written.
 * - Entries are upserted by name with source 'file'. The file is the truth for
 *   them: they are read-only in the UI (except enable/disable, which lasts until
 *   the next start re-applies `enabled`).
 * - Rows with source 'file' whose name is no longer in the file are DELETED (not
 *   just disabled): the file owns them, the UI cannot edit or delete them, so a
 *   disabled leftover could never be cleaned up. Audit entries keep the name.
 * - A name already used by a connection added in the UI (or the demo) is an
 *   error: the file does not silently take over a connection an admin made.
 * - BACKENDS_FILE unset: nothing happens (rows from an earlier file stay; point
 *   BACKENDS_FILE at `{"connections": []}` to remove them).
 */

export const BACKENDS_FILE_ENV = 'BACKENDS_FILE';
export const DEMO_CONNECTION_NAME = 'Demo (simulated oVirt)';
export const DEMO_CINDER_CONNECTION_NAME = 'Demo (simulated Cinder)';

export class BackendsFileError extends Error {
  override readonly name = 'BackendsFileError';
}

const fileEntrySchema = z
  .object({
    name: z.string(),
    kind: z.enum(CONNECTION_KINDS),
    url: z.string(),
    username: z.string().optional(),
    password: z.string().optional(),
    passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
    caCertFile: z.string().min(1).optional(),
    insecureSkipVerify: z.boolean().optional(),
    useFilter: z.boolean().optional(),
    serialConsolePort: z.number().optional(),
    enabled: z.boolean().optional(),
    simulated: z.boolean().optional(),
  })
  // Unknown keys are errors: a typo such as "pasword" must not silently drop the password.
  .strict()
  .refine((e) => !(e.password !== undefined && e.passwordEnv !== undefined), {
    message: 'give either "password" or "passwordEnv", not both',
  });
type FileEntry = z.infer<typeof fileEntrySchema>;

const fileSchema = z.object({ connections: z.array(z.unknown()) }).strict();

export interface BackendsFileResult {
  path: string;
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Names of 'file' connections deleted because they left the file. */
  removed: string[];
}

/**
 * Applies the backends file (see above). Returns undefined when no file is
 * configured; throws BackendsFileError for a missing, unreadable or invalid file.
 */
export async function loadBackendsFile(
  file: string | undefined = process.env[BACKENDS_FILE_ENV],
  env: Record<string, string | undefined> = process.env,
): Promise<BackendsFileResult | undefined> {
  if (!file?.trim()) return undefined;
  const where = path.resolve(file.trim());
  const fail = (message: string): never => {
    throw new BackendsFileError(`${BACKENDS_FILE_ENV} ${where}: ${message}`);
  };

  let text: string;
  try {
    text = await fs.readFile(where, 'utf8');
  } catch (error) {
    return fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`is not valid JSON: ${(error as Error).message}`);
  }
  const top = fileSchema.safeParse(json);
  if (!top.success) return fail(`must be an object {"connections": [ … ]}: ${describeIssues(top.error)}`);

  // 1. Check everything before writing anything.
  const inputs: Array<{ input: ConnectionInput; simulated: boolean }> = [];
  const seen = new Set<string>();
  for (const [index, raw] of top.data.connections.entries()) {
    const label = entryLabel(index, raw);
    const entry = fileEntrySchema.safeParse(raw);
    if (!entry.success) return fail(`${label}: ${describeIssues(entry.error)}`);
    const input = await toConnectionInput(entry.data, path.dirname(where), env, (m) => fail(`${label}: ${m}`));
    if (seen.has(input.name)) return fail(`${label}: the name "${input.name}" appears more than once`);
    seen.add(input.name);
    inputs.push({ input, simulated: entry.data.simulated ?? false });
  }
  const clashes = await db.backendConnection.findMany({
    where: { name: { in: [...seen] }, source: { not: 'file' } },
    select: { name: true, source: true },
  });
  if (clashes.length) {
    const c = clashes[0];
    const index = inputs.findIndex((i) => i.input.name === c.name);
    return fail(
      `${entryLabel(index, { name: c.name })}: a connection with this name was ${c.source === 'ui' ? 'added in the dashboard' : `registered by ${c.source}`}; rename the entry or remove that connection`,
    );
  }

  // 2. Apply.
  const result: BackendsFileResult = { path: where, created: [], updated: [], unchanged: [], removed: [] };
  const bucket: Record<UpsertOutcome, string[]> = { created: result.created, updated: result.updated, unchanged: result.unchanged };
  for (const { input, simulated } of inputs) {
    const { outcome } = await upsertConnectionByName(input, { source: 'file', simulated });
    bucket[outcome].push(input.name);
  }
  const stale = await db.backendConnection.findMany({
    where: { source: 'file', name: { notIn: [...seen] } },
    select: { id: true, name: true },
  });
  await removeConnections(stale.map((s) => s.id));
  result.removed = stale.map((s) => s.name);
  return result;
}

function entryLabel(index: number, raw: unknown): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() ? `connections[${index}] ("${name.trim()}")` : `connections[${index}]`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

async function toConnectionInput(
  entry: FileEntry,
  baseDir: string,
  env: Record<string, string | undefined>,
  fail: (message: string) => never,
): Promise<ConnectionInput> {
  let password = entry.password;
  if (entry.passwordEnv !== undefined) {
    password = env[entry.passwordEnv];
    if (!password) fail(`passwordEnv: the environment variable ${entry.passwordEnv} is not set`);
  }
  let caCert: string | undefined;
  if (entry.caCertFile !== undefined) {
    const certPath = path.resolve(baseDir, entry.caCertFile);
    try {
      caCert = await fs.readFile(certPath, 'utf8');
    } catch (error) {
      fail(`caCertFile: ${certPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  const parsed = connectionSchema.safeParse({
    kind: entry.kind,
    name: entry.name,
    url: entry.url,
    username: entry.username,
    password,
    caCert,
    insecureSkipVerify: entry.insecureSkipVerify ?? false,
    useFilter: entry.useFilter ?? false,
    serialConsolePort: entry.serialConsolePort,
    enabled: entry.enabled ?? true,
  });
  if (!parsed.success) {
    // The schema speaks in i18n keys; "url: urlInvalid" reads well enough in a log.
    const fields = Object.entries(connectionFieldErrors(parsed.error))
      .map(([field, keys]) => `${field}: ${(keys ?? []).map((k) => k.replace('validation.connection.', '')).join(', ')}`)
      .join('; ');
    fail(fields || 'invalid');
  }
  return parsed.data!;
}

/**
 * The demo launcher's simulated engine as a connection (name DEMO_CONNECTION_NAME,
 * source 'demo', simulated). Called at each demo start: the engine's port and
 * password change every time, so the row is updated in place (same id).
 */
export async function registerDemoConnection(engine: { url: string; username: string; password: string; serialConsolePort?: number }): Promise<ConnectionView> {
  const { connection } = await upsertConnectionByName(
    {
      kind: 'ovirt',
      name: DEMO_CONNECTION_NAME,
      url: engine.url,
      username: engine.username,
      password: engine.password,
      // Its serial console proxy listens on a free port beside it, not on the real 2222.
      serialConsolePort: engine.serialConsolePort,
      insecureSkipVerify: false,
      useFilter: false,
      enabled: true,
    },
    { source: 'demo', simulated: true },
    // The name is the demo's own: take it back from whoever holds it.
    { adopt: ['ui', 'file'] },
  );
  return connection;
}

/**
 * The demo launcher's simulated Keystone + Cinder as a connection (source 'demo',
 * simulated), like the demo engine: re-registered at each start with its new port and password.
 */
export async function registerDemoCinderConnection(cloud: { url: string; username: string; password: string }): Promise<ConnectionView> {
  const { connection } = await upsertConnectionByName(
    {
      kind: 'cinder',
      name: DEMO_CINDER_CONNECTION_NAME,
      url: cloud.url,
      username: cloud.username,
      password: cloud.password,
      insecureSkipVerify: false,
      useFilter: false,
      enabled: true,
    },
    { source: 'demo', simulated: true },
    { adopt: ['ui', 'file'] },
  );
  return connection;
}
