import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './setup-env';

/**
 * The dashboard's SSH identity for oVirt serial consoles, kept in the database: the key it makes
 * for a connection is stored sealed (never as PEM text), reused by every console, and the engine
 * proxy's host key is recorded at the first console; a different host key later is refused. Then
 * the console service's own checks: the same access rule, the engine's reason where there is no
 * console device, a ticket where there is one.
 */
vi.mock('@/lib/auth/auth', () => ({ auth: async () => null }));
await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { startOvirtEngine } = await import('@/fakes/ovirt/server');
const { registerDemoConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends, getBackend } = await import('@/lib/services/connections');
const { issueSerialConsole, serialConsolePageFor } = await import('@/lib/console/service');

let engine: Awaited<ReturnType<typeof startOvirtEngine>>;
let connectionId = '';
const users: Record<string, { id: string; role: 'admin' | 'user' }> = {};

async function vmId(name: string): Promise<string> {
  const backend = await getBackend(connectionId);
  const vm = (await backend.listVms!({ page: 1, pageSize: 5, filters: { name } })).items.find((v) => v.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm.id;
}

/** Opens the console, presses Enter and waits for the getty's prompt. */
async function prompt(id: string): Promise<string> {
  const stream = await (await getBackend(connectionId)).openSerialConsole!(id);
  let text = '';
  const got = new Promise<string>((resolve, reject) => {
    stream.onData((b) => {
      text += Buffer.from(b).toString('latin1');
      if (/login: $/.test(text)) resolve(text);
    });
    stream.closed.then(() => reject(new Error(`closed before the prompt: ${JSON.stringify(text)}`)), reject);
  });
  stream.write(Buffer.from('\r'));
  const out = await got;
  stream.finish();
  return out;
}

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  users.admin = await getDb().user.create({ data: { username: 'root-admin', role: 'admin' } });
  users.alice = await getDb().user.create({ data: { username: 'alice', role: 'user' } });
  engine = await startOvirtEngine({ port: 0, size: 'demo', timeScale: 0.01, vmconsolePort: 0 });
  const connection = await registerDemoConnection({ url: engine.url, username: 'admin@internal', password: 'demo-admin', serialConsolePort: engine.vmconsole!.port });
  connectionId = connection.id;
}, 120_000);

afterAll(async () => {
  await closeAllBackends();
  await engine?.close();
  await getDb().$disconnect();
});

describe('console SSH identity in the database', () => {
  it('makes one sealed key per connection, records the proxy\'s host key, and refuses another one later', async () => {
    expect(await prompt(await vmId('app-01'))).toMatch(/app-01 login: $/);
    const row = await getDb().consoleSshIdentity.findUniqueOrThrow({ where: { connectionId } });
    expect(row.keyCipher).toMatch(/^v1:/);
    expect(row.keyCipher).not.toContain('PRIVATE KEY');
    expect(row).toMatchObject({ hostAddress: `127.0.0.1:${engine.vmconsole!.port}`, hostKey: engine.vmconsole!.hostKey });

    // The same key again (no second key on the engine user), the same host key.
    expect(await prompt(await vmId('app-02'))).toMatch(/app-02 login: $/);
    expect((await getDb().consoleSshIdentity.findUniqueOrThrow({ where: { connectionId } })).keyCipher).toBe(row.keyCipher);

    // Another key on record for that address: the proxy's is refused, and the record stays.
    const other = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opOdwA8njZP8RjtxkO9HAt/R2/fs4lkdGeeVMnwQJ51cRlCKWnXXwmJAtGtMJ1E5sXo=';
    await getDb().consoleSshIdentity.update({ where: { connectionId }, data: { hostKey: other } });
    await expect((await getBackend(connectionId)).openSerialConsole!(await vmId('app-01'))).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^Refused: the serial console proxy .* presented another host key than the recorded one/),
    });
    expect((await getDb().consoleSshIdentity.findUniqueOrThrow({ where: { connectionId } })).hostKey).toBe(other);
    await getDb().consoleSshIdentity.update({ where: { connectionId }, data: { hostKey: row.hostKey } });
  });

  it('the console service: the access rule, the engine\'s reason, a ticket where the console can open', async () => {
    const app = await vmId('app-01');
    const hosted = await vmId('HostedEngine');
    await expect(serialConsolePageFor(users.alice, app)).resolves.toEqual({ allowed: false, offered: false });
    await expect(issueSerialConsole(users.alice, app)).rejects.toMatchObject({ code: 'not_found' });
    await expect(serialConsolePageFor(users.admin, hosted)).resolves.toMatchObject({
      allowed: true,
      offered: true,
      refusal: expect.stringMatching(/^The VM "HostedEngine" has no serial console device/),
    });
    await expect(issueSerialConsole(users.admin, hosted)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/no serial console device/) });
    await expect(issueSerialConsole(users.admin, app)).resolves.toMatchObject({ protocol: 'serial', vmName: 'app-01' });
  });
});
