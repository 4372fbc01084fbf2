import 'server-only';
import { randomUUID } from 'node:crypto';
import type { BackendConnection } from '@prisma/client';
import { db } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';
import { createBackend } from '@/lib/backends/factory';
import type { BackendConfig, BackendRuntimeOptions } from '@/lib/backends/config';
import { BackendError, isBackendError, toClientError, type BackendErrorCode, type ClientError } from '@/lib/backends/errors';
import type { Backend, BackendAbout, BackendKind } from '@/lib/backends/types';
import { SecretDecryptionError, decryptSecret, encryptSecret } from '@/lib/crypto/secrets';
import {
  CONNECTION_ERRORS,
  connectionFieldErrors,
  connectionSchema,
  type ConnectionField,
  type ConnectionFormValues,
  type ConnectionInput,
} from '@/lib/validations/connection';
import { invalidate } from './backend-cache';
import { consoleSshStore } from './console-ssh';
import { resetConnectionHealth } from './health';

/**
 * The registry of backend connections: rows in BackendConnection, and one live
 * Backend per connection per process.
 *
 * Pure data + backend logic: NO role checks and NO audit entries here. The
 * server-action wrapper that calls these does both.
 *
 * Secrets: the password goes into `secretCipher` as AES-256-GCM of the JSON
 * `{"password": …}` (lib/crypto/secrets.ts), and is decrypted only to build a
 * Backend. Nothing returned from this module carries it: the views say
 * `hasPassword`.
 *
 * Sources: 'ui' rows are managed here; 'file' rows belong to BACKENDS_FILE
 * (lib/services/backends-file.ts, re-applied at every start) and are therefore
 * read-only here except for enabling/disabling; the 'demo' row is re-registered
 * by the demo launcher at each start.
 */

export type ConnectionSource = 'ui' | 'file' | 'demo';

/** What the browser may see of a connection. */
export interface ConnectionView {
  id: string;
  kind: BackendKind;
  name: string;
  url: string;
  username: string | null;
  hasPassword: boolean;
  hasCaCert: boolean;
  insecureSkipVerify: boolean;
  useFilter: boolean;
  /** oVirt: the serial console proxy's port; null = 2222. */
  serialConsolePort: number | null;
  enabled: boolean;
  source: ConnectionSource;
  simulated: boolean;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** For the edit form: the view plus the CA certificate (public, not a secret) to pre-fill. */
export interface ConnectionDetail extends ConnectionView {
  caCert: string | null;
}

/**
 * What the admin should change although the test passed. `nonAdminWithoutFilter`: an oVirt
 * identity that is not an engine administrator, with the Filter header off, so the engine
 * refuses most of its reads (it expects `Filter: true` from self-service users).
 */
export type TestConnectionWarning = 'nonAdminWithoutFilter';

export type TestConnectionResult =
  | { ok: true; about: BackendAbout; latencyMs: number; warnings: TestConnectionWarning[] }
  | { ok: false; error: ClientError };

/**
 * invalid_input or conflict on the connection form, with the i18n keys per field
 * (`{ name: ['validation.connection.nameTaken'] }`) for the form to show.
 */
export class ConnectionInputError extends BackendError {
  constructor(
    code: Extract<BackendErrorCode, 'invalid_input' | 'conflict'>,
    message: string,
    readonly fieldErrors: Partial<Record<ConnectionField, string[]>>,
  ) {
    super(code, message, { detail: describeFieldErrors(fieldErrors) });
  }
}

function describeFieldErrors(fieldErrors: Partial<Record<string, string[]>>): string {
  return Object.entries(fieldErrors)
    .map(([field, keys]) => `${field}: ${(keys ?? []).join(', ')}`)
    .join('; ');
}

/** "Test connection" gives up after this long in total (sign-in + two reads). */
export const TEST_TIMEOUT_MS = 10_000;
/** A backend replaced because its row changed keeps serving requests already under way this long. */
const RETIRE_GRACE_MS = 30_000;

interface StoredSecrets {
  password?: string;
  /** libvirt qemu+tls client certificate and key, qemu+ssh key: sealed like the password. */
  clientCert?: string;
  clientKey?: string;
  sshKey?: string;
  /** libvirt: the Ceph user's key, put into the host's libvirt secret when an rbd volume is attached. */
  cephKey?: string;
}

const SECRET_FIELDS = ['password', 'clientCert', 'clientKey', 'sshKey', 'cephKey'] as const;

/** The secrets a form submission carries (absent fields: not given). */
function secretsOf(valid: ConnectionInput): StoredSecrets {
  const out: StoredSecrets = {};
  for (const k of SECRET_FIELDS) if (valid[k] !== undefined) out[k] = valid[k];
  return out;
}

// ───────────────────────────── views ─────────────────────────────

function toView(row: BackendConnection): ConnectionView {
  return {
    id: row.id,
    kind: row.kind as BackendKind,
    name: row.name,
    url: row.url,
    username: row.username,
    hasPassword: row.secretCipher !== null,
    hasCaCert: !!row.caCert,
    insecureSkipVerify: row.insecureSkipVerify,
    useFilter: row.useFilter,
    serialConsolePort: row.serialConsolePort,
    enabled: row.enabled,
    source: row.source as ConnectionSource,
    simulated: row.simulated,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Every connection row, kept by this process for at most ROWS_TTL_MS. The load profile (README
 * "Benchmarks") found every page asking the database for them (a VM page seven times before they
 * were read once per render); they change only when an admin edits a connection, so a page need
 * not read them at all. Several dashboard instances share PostgreSQL and another instance's
 * edit is not announced here: that is why the copy lives only ROWS_TTL_MS (an edit made elsewhere
 * counts here at most that much later, as it would for a page already rendering), and why every
 * write of THIS instance below drops the copy at once (rowsChanged), so its own edits count from
 * the very next read. One entry (the whole table, a handful of rows): bounded in size as in time.
 * On globalThis: Next loads this module once per route bundle, and an action's write must reach
 * the pages' copy. Shared between callers: read-only.
 */
const ROWS_TTL_MS = 2_000;
const globalForRows = globalThis as unknown as { __virtdashConnectionRows?: { at: number; rows: Promise<readonly BackendConnection[]> } };

function connectionRows(): Promise<readonly BackendConnection[]> {
  const held = globalForRows.__virtdashConnectionRows;
  if (held && Date.now() - held.at < ROWS_TTL_MS) return held.rows;
  // Held from the start of the read, so concurrent pages share one query; a write during the
  // read drops it (rowsChanged), and a failed read is not kept.
  // A native promise (Prisma's own is lazy and re-runnable): every caller awaits the one query.
  const entry = { at: Date.now(), rows: (async (): Promise<readonly BackendConnection[]> => db.backendConnection.findMany({ orderBy: { name: 'asc' } }))() };
  globalForRows.__virtdashConnectionRows = entry;
  entry.rows.catch(() => {
    if (globalForRows.__virtdashConnectionRows === entry) globalForRows.__virtdashConnectionRows = undefined;
  });
  return entry.rows;
}

/** After every write to BackendConnection in this process: the next read goes to the database. */
function rowsChanged(): void {
  globalForRows.__virtdashConnectionRows = undefined;
}

export async function listConnections(): Promise<ConnectionView[]> {
  return (await connectionRows()).map(toView);
}

export async function getConnection(id: string): Promise<ConnectionDetail> {
  const row = await findRow(id);
  return { ...toView(row), caCert: row.caCert };
}

async function findRow(id: string): Promise<BackendConnection> {
  const row = await db.backendConnection.findUnique({ where: { id } });
  if (!row) throw new BackendError('not_found', 'The connection was not found.');
  return row;
}

// ───────────────────────────── writes ─────────────────────────────

function parseInput(input: ConnectionFormValues): ConnectionInput {
  const parsed = connectionSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConnectionInputError('invalid_input', 'The connection settings are not valid.', connectionFieldErrors(parsed.error));
  }
  return parsed.data;
}

function nameTaken(name: string): ConnectionInputError {
  return new ConnectionInputError('conflict', `A connection named "${name}" already exists.`, {
    name: [CONNECTION_ERRORS.nameTaken],
  });
}


function needsPassword(kind: BackendKind): boolean {
  return kind === 'ovirt' || kind === 'cinder';
}

function sealSecrets(secrets: StoredSecrets): string | null {
  return SECRET_FIELDS.every((k) => secrets[k] === undefined) ? null : encryptSecret(JSON.stringify(secrets));
}

function openSecrets(row: Pick<BackendConnection, 'name' | 'secretCipher'>): StoredSecrets {
  if (!row.secretCipher) return {};
  try {
    const parsed = JSON.parse(decryptSecret(row.secretCipher)) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as StoredSecrets) : {};
  } catch (error) {
    const why =
      error instanceof SecretDecryptionError
        ? 'SECRET_KEY may have changed since it was saved'
        : 'the stored value is damaged';
    throw new BackendError(
      'invalid_input',
      `The stored password of the connection "${row.name}" cannot be read (${why}). Enter the password again.`,
      { cause: error },
    );
  }
}

/** The row fields the form controls (everything but the password). */
function rowFields(input: ConnectionInput) {
  return {
    kind: input.kind,
    name: input.name,
    url: input.url,
    username: input.username ?? null,
    caCert: input.caCert ?? null,
    insecureSkipVerify: input.insecureSkipVerify,
    useFilter: input.useFilter,
    enabled: input.enabled,
    serialConsolePort: input.kind === 'ovirt' ? (input.serialConsolePort ?? null) : null,
  };
}

/** Adds a connection made in the UI. Throws ConnectionInputError (invalid_input / conflict). */
export async function createConnection(input: ConnectionFormValues): Promise<ConnectionView> {
  // Without an id the schema requires the password (oVirt, Cinder).
  const valid = parseInput({ ...input, id: undefined });
  return insertRow(valid, { source: 'ui', simulated: false });
}

async function insertRow(valid: ConnectionInput, origin: { source: ConnectionSource; simulated: boolean }): Promise<ConnectionView> {
  if (await db.backendConnection.findUnique({ where: { name: valid.name }, select: { id: true } })) throw nameTaken(valid.name);
  try {
    const row = await db.backendConnection.create({
      data: { ...rowFields(valid), ...origin, secretCipher: sealSecrets(secretsOf(valid)) },
    });
    rowsChanged();
    return toView(row);
  } catch (error) {
    // Two admins adding the same name at once: the unique index decides.
    if (isUniqueViolation(error)) throw nameTaken(valid.name);
    throw error;
  }
}

function refuseFileManaged(row: BackendConnection, what: string): void {
  if (row.source === 'file') {
    throw new BackendError(
      'conflict',
      `The connection "${row.name}" is defined in the backends file (BACKENDS_FILE); ${what} it there. Changes made here would be overwritten at the next start.`,
    );
  }
}

/** A file-managed connection is tested by id (its own settings), never with a form's other values. */
function refuseFormTestOfFile(row: BackendConnection): void {
  if (row.source === 'file') {
    throw new BackendError('conflict', `The connection "${row.name}" is defined in the backends file (BACKENDS_FILE): it is tested with its own settings only; change them there.`);
  }
}

/** A CA certificate as pasted: browsers send a textarea's line ends as CRLF. */
const sameCert = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').replace(/\r\n?/g, '\n').trim() === (b ?? '').replace(/\r\n?/g, '\n').trim();

/**
 * The stored password goes only where it was saved for: when the form changes the address, the
 * user, the kind or the TLS settings (CA, skipping verification) without giving the password
 * again, it is refused, so an admin's session (or whoever holds it) cannot send it to a server of
 * their choosing with "Test connection" or an edit. Keys (libvirt) never leave this server.
 */
function requirePasswordAgain(row: BackendConnection, valid: ConnectionInput): void {
  if (valid.password !== undefined) return;
  const moved =
    valid.kind !== row.kind ||
    valid.url !== row.url ||
    (valid.username ?? null) !== (row.username ?? null) ||
    valid.insecureSkipVerify !== row.insecureSkipVerify ||
    !sameCert(valid.caCert, row.caCert);
  if (moved && needsPassword(row.kind as BackendKind) && row.secretCipher !== null) {
    throw new ConnectionInputError('invalid_input', 'Enter the password again: the address, user or TLS settings changed.', {
      password: [CONNECTION_ERRORS.passwordAgain],
    });
  }
}

/**
 * For "Test connection" on an edit form: refuses what configForTest would refuse, as a field
 * error the form can show (file-managed connection, password needed again).
 */
export async function checkEditFormTest(input: ConnectionFormValues): Promise<void> {
  const valid = parseInput(input);
  if (valid.id === undefined) return;
  const row = await findRow(valid.id);
  refuseFormTestOfFile(row);
  requirePasswordAgain(row, valid);
}

/**
 * Edits a connection. An empty/absent password keeps the stored one. The live
 * Backend is replaced (its row's updatedAt changes) and its cached reads dropped.
 */
export async function updateConnection(id: string, input: ConnectionFormValues): Promise<ConnectionView> {
  const row = await findRow(id);
  refuseFileManaged(row, 'edit');
  const valid = parseInput({ ...input, id });
  requirePasswordAgain(row, valid);
  // Secrets left empty keep their stored values; given ones replace them.
  const given = secretsOf(valid);
  const secretCipher = Object.keys(given).length > 0 ? sealSecrets({ ...(row.secretCipher ? openSecrets(row) : {}), ...given }) : row.secretCipher;
  if (needsPassword(valid.kind) && secretCipher === null) {
    throw new ConnectionInputError('invalid_input', 'The connection settings are not valid.', {
      password: [CONNECTION_ERRORS.passwordRequired],
    });
  }
  if (valid.name !== row.name) {
    const other = await db.backendConnection.findUnique({ where: { name: valid.name }, select: { id: true } });
    if (other && other.id !== id) throw nameTaken(valid.name);
  }
  let updated: BackendConnection;
  try {
    updated = await db.backendConnection.update({ where: { id }, data: { ...rowFields(valid), secretCipher } });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(valid.name);
    throw notFoundIfGone(error);
  } finally {
    rowsChanged();
  }
  forgetBackend(id, RETIRE_GRACE_MS);
  return toView(updated);
}

/** Allowed for every source (also file-defined ones, until the next start re-applies the file). */
export async function setConnectionEnabled(id: string, enabled: boolean): Promise<ConnectionView> {
  await findRow(id);
  const updated = await db.backendConnection
    .update({ where: { id }, data: { enabled } })
    .catch((e: unknown) => {
      throw notFoundIfGone(e);
    })
    .finally(rowsChanged);
  if (!enabled) forgetBackend(id, 0);
  return toView(updated);
}

export async function deleteConnection(id: string): Promise<void> {
  const row = await findRow(id);
  refuseFileManaged(row, 'remove');
  await db.backendConnection
    .delete({ where: { id } })
    .catch((e: unknown) => {
      throw notFoundIfGone(e);
    })
    .finally(rowsChanged);
  forgetBackend(id, 0);
}

function notFoundIfGone(error: unknown): unknown {
  // P2025: the row vanished between our read and the write (someone else deleted it).
  if ((error as { code?: unknown })?.code === 'P2025') return new BackendError('not_found', 'The connection was not found.');
  return error;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * For the backends file and the demo: create or update the connection with this
 * name, as `origin.source`. A row of another source with the same name is
 * replaced only when `adopt` lists that source; otherwise → conflict.
 * An unchanged row is left alone, so its updatedAt (and its live Backend with
 * its SSO token) survives a restart.
 */
export async function upsertConnectionByName(
  input: ConnectionFormValues,
  origin: { source: Exclude<ConnectionSource, 'ui'>; simulated: boolean },
  options: { adopt?: ConnectionSource[] } = {},
): Promise<{ connection: ConnectionView; outcome: UpsertOutcome }> {
  const valid = parseInput({ ...input, id: undefined });
  const row = await db.backendConnection.findUnique({ where: { name: valid.name } });
  if (!row) return { connection: await insertRow(valid, origin), outcome: 'created' };
  if (row.source !== origin.source && !options.adopt?.includes(row.source as ConnectionSource)) {
    throw new BackendError(
      'conflict',
      `A connection named "${valid.name}" already exists (added ${row.source === 'ui' ? 'in the dashboard' : `by ${row.source}`}).`,
    );
  }
  const fields = { ...rowFields(valid), ...origin };
  let samePassword = false;
  try {
    samePassword = openSecrets(row).password === valid.password;
  } catch {
    // Unreadable (SECRET_KEY changed): re-encrypt with the current key.
  }
  const same =
    samePassword && (Object.keys(fields) as Array<keyof typeof fields>).every((k) => row[k] === fields[k]);
  if (same) return { connection: toView(row), outcome: 'unchanged' };
  const updated = await db.backendConnection.update({
    where: { id: row.id },
    data: { ...fields, secretCipher: sealSecrets({ password: valid.password }) },
  });
  rowsChanged();
  forgetBackend(row.id, RETIRE_GRACE_MS);
  return { connection: toView(updated), outcome: 'updated' };
}

/** For the backends file: removes rows by id (no source check), closing their backends. */
export async function removeConnections(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.backendConnection.deleteMany({ where: { id: { in: ids } } }).finally(rowsChanged);
  for (const id of ids) forgetBackend(id, 0);
}

// ───────────────────────────── backends ─────────────────────────────

function configOf(row: BackendConnection, password?: string): BackendConfig {
  return {
    id: row.id,
    kind: row.kind as BackendKind,
    name: row.name,
    url: row.url,
    username: row.username ?? undefined,
    password: password ?? openSecrets(row).password,
    ...(row.kind === 'libvirt' ? libvirtSecrets(openSecrets(row)) : {}),
    caCert: row.caCert ?? undefined,
    insecureSkipVerify: row.insecureSkipVerify,
    filter: row.useFilter,
    serialConsolePort: row.kind === 'ovirt' ? (row.serialConsolePort ?? undefined) : undefined,
  };
}

interface LiveBackend {
  /** The row's updatedAt when the backend was built. */
  stamp: number;
  backend: Backend;
}

// One per process even when Next loads this module in several bundles: a backend holds an SSO
// token and a keep-alive socket pool, and two copies would sign in twice.
const globalForBackends = globalThis as unknown as {
  __virtdashBackends?: {
    live: Map<string, LiveBackend>;
    /** Replaced backends still finishing their requests, closed when their grace period ends. */
    retiring: Map<Backend, NodeJS.Timeout>;
  };
};
const { live, retiring } = (globalForBackends.__virtdashBackends ??= { live: new Map(), retiring: new Map() });

let runtimeDefaults: BackendRuntimeOptions = {};

/** Hooks for every live backend built from now on (request log, timeouts); set once at start. */
export function configureBackendRuntime(runtime: BackendRuntimeOptions): void {
  runtimeDefaults = runtime;
}

/**
 * Closes the live backend now, or after `graceMs` so requests under way can finish; drops its cached
 * reads, and closes its circuit: an edited connection (a new address, a mended password) is asked
 * again at once instead of being answered "not answering" until the next background retry.
 */
function forgetBackend(id: string, graceMs: number): void {
  const entry = live.get(id);
  live.delete(id);
  invalidate(id);
  resetConnectionHealth(id);
  if (entry) retire(entry.backend, graceMs);
}

function retire(backend: Backend, graceMs: number): void {
  if (graceMs <= 0) return void backend.close().catch(() => {});
  const timer = setTimeout(() => {
    retiring.delete(backend);
    void backend.close().catch(() => {});
  }, graceMs);
  timer.unref?.();
  retiring.set(backend, timer);
}

/** The live backend for this row: the cached one while the row is unchanged, else a new one. */
function backendFor(row: BackendConnection): Backend {
  const stamp = row.updatedAt.getTime();
  const current = live.get(row.id);
  if (current?.stamp === stamp) return current.backend;
  // No await between the check above and the set below: concurrent callers cannot build twice.
  // The consoles' SSH key and known host keys live in the database (./console-ssh).
  const backend = createBackend(configOf(row), { ...runtimeDefaults, consoleSsh: consoleSshStore });
  live.set(row.id, { stamp, backend });
  if (current) {
    invalidate(row.id);
    retire(current.backend, RETIRE_GRACE_MS);
  }
  return backend;
}

/**
 * THE Backend of a connection, shared by every request in this process so its
 * SSO token and sockets are reused. Rebuilt when the row changed (also when
 * another dashboard instance edited it, at most ROWS_TTL_MS later: each call
 * compares updatedAt), closed
 * when the connection is disabled or deleted.
 * Throws not_found (no such connection) or conflict (disabled).
 */
export async function getBackend(id: string): Promise<Backend> {
  const row = (await connectionRows()).find((r) => r.id === id);
  if (!row) {
    forgetBackend(id, 0);
    throw new BackendError('not_found', 'The connection was not found.');
  }
  if (!row.enabled) {
    forgetBackend(id, 0);
    throw new BackendError('conflict', `The connection "${row.name}" is disabled.`);
  }
  return backendFor(row);
}

/**
 * The live backends of all enabled connections, by name. A connection whose
 * backend cannot be built (unreadable password, a kind not yet supported) is
 * left out and logged, so one broken connection does not hide the others.
 */
export async function listEnabledBackends(): Promise<Backend[]> {
  const rows = (await connectionRows()).filter((r) => r.enabled);
  // Connections disabled or deleted elsewhere (another dashboard instance) since we built them.
  const enabled = new Set(rows.map((r) => r.id));
  for (const id of [...live.keys()]) if (!enabled.has(id)) forgetBackend(id, 0);
  const backends: Backend[] = [];
  for (const row of rows) {
    try {
      backends.push(backendFor(row));
    } catch (error) {
      const e = toClientError(error);
      console.error(`[connections] skipping "${row.name}" (${row.id}): ${e.code}: ${e.message}`);
    }
  }
  return backends;
}

/** Closes every live backend, and the replaced ones still in their grace period (tests, shutdown). */
export async function closeAllBackends(): Promise<void> {
  const entries = [...live.entries()];
  live.clear();
  const replaced = [...retiring.entries()];
  retiring.clear();
  for (const [, timer] of replaced) clearTimeout(timer);
  for (const [id] of entries) invalidate(id);
  await Promise.all(
    [...entries.map(([, entry]) => entry.backend), ...replaced.map(([backend]) => backend)].map((b) => b.close().catch(() => {})),
  );
}

// ───────────────────────────── test connection ─────────────────────────────

/**
 * "Test connection", for a saved connection (`id`) or for the form's values
 * before saving. When the values carry an `id` and no password (edit form, the
 * password field left empty), the stored password is used.
 *
 * Uses a FRESH backend (a real sign-in with these credentials, no retries, short
 * timeouts), reads about(), and closes it (signing out). Never throws.
 */
export async function testConnection(
  target: string | ConnectionFormValues,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<TestConnectionResult> {
  const timeoutMs = options.timeoutMs ?? TEST_TIMEOUT_MS;
  let backend: Backend;
  let config: BackendConfig;
  try {
    config = typeof target === 'string' ? configOf(await findRow(target)) : await configForTest(target);
    backend = createBackend(config, {
      ...runtimeDefaults,
      timeouts: { connectMs: Math.min(5_000, timeoutMs), requestMs: timeoutMs },
      retry: { maxRetries: 0 },
    });
  } catch (error) {
    return { ok: false, error: toClientError(error) };
  }
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const started = performance.now();
  try {
    const about = await backend.about({ signal });
    const latencyMs = Math.round(performance.now() - started);
    const warnings: TestConnectionWarning[] = [];
    if (config.kind === 'ovirt' && !about.isAdmin && !config.filter) warnings.push('nonAdminWithoutFilter');
    return { ok: true, about, latencyMs, warnings };
  } catch (error) {
    // Our overall deadline, not the caller, cancelled it: that is a timeout.
    if (deadline.aborted && !options.signal?.aborted && isBackendError(error, 'cancelled')) {
      return {
        ok: false,
        error: toClientError(new BackendError('timeout', `The backend did not answer within ${timeoutMs / 1000} s.`)),
      };
    }
    return { ok: false, error: toClientError(error) };
  } finally {
    await backend.close().catch(() => {});
  }
}

function libvirtSecrets(secrets: StoredSecrets): Pick<BackendConfig, 'clientCert' | 'clientKey' | 'sshKey' | 'cephKey'> {
  return { clientCert: secrets.clientCert, clientKey: secrets.clientKey, sshKey: secrets.sshKey, cephKey: secrets.cephKey };
}

async function configForTest(input: ConnectionFormValues): Promise<BackendConfig> {
  const valid = parseInput(input);
  let password = valid.password;
  let id = `test-${randomUUID()}`;
  let stored: StoredSecrets = {};
  if (valid.id !== undefined) {
    const row = await findRow(valid.id);
    refuseFormTestOfFile(row);
    requirePasswordAgain(row, valid);
    try {
      stored = openSecrets(row);
    } catch (error) {
      // Unreadable stored secrets matter only when the form does not replace them.
      if (password === undefined && Object.keys(secretsOf(valid)).length === 0) throw error;
    }
    if (password === undefined) password = stored.password;
    id = row.id;
  }
  const libvirt = valid.kind === 'libvirt' ? libvirtSecrets({ ...stored, ...secretsOf(valid) }) : {};
  return {
    id,
    kind: valid.kind,
    name: valid.name,
    url: valid.url,
    username: valid.username,
    password,
    ...libvirt,
    caCert: valid.caCert,
    insecureSkipVerify: valid.insecureSkipVerify,
    filter: valid.useFilter,
  };
}
