/**
 * Debian's own `cinder` client (python3-cinderclient, which nobody here wrote) against the demo
 * Cinder, as a new user tries it: the verbs that resolve a volume by NAME send all_tenants=1 as
 * the admin, which the real Cinder accepts from an admin. Skipped where the client is not
 * installed (it is in .ci/packages, so the test command always runs it).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CINDER_ADMIN, startFakeCinder, type CinderFakeServer } from '@/test/contract/cinder-fake';

const run = promisify(execFile);
const CLIENT = '/usr/bin/cinder';
const installed = fs.existsSync(CLIENT);
let fake: CinderFakeServer;

beforeAll(async () => {
  if (installed) fake = await startFakeCinder();
});
afterAll(async () => {
  await fake?.close();
});

function cinder(...args: string[]) {
  return run(CLIENT, ['--os-volume-api-version', '3.27', ...args], {
    timeout: 60_000,
    // Only the client's settings: nothing of the developer's own OS_* environment leaks in.
    env: {
      NODE_ENV: 'test',
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      OS_AUTH_URL: fake.url,
      OS_USERNAME: CINDER_ADMIN.username,
      OS_PASSWORD: CINDER_ADMIN.password,
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_IDENTITY_API_VERSION: '3',
    },
  });
}

async function status(name: string): Promise<string> {
  return (await cinder('show', name)).stdout.match(/\|\s+status\s+\|\s+(\S+)/)?.[1] ?? '';
}

describe.skipIf(!installed)("Debian's cinder client against the demo Cinder", () => {
  it('creates a volume, then extends it and snapshots it by name (all_tenants from the admin)', async () => {
    const name = `cli-${Date.now().toString(36)}`;
    await cinder('create', '--name', name, '1');
    for (let i = 0; i < 200 && (await status(name)) !== 'available'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await status(name)).toBe('available');

    await cinder('extend', name, '2');
    for (let i = 0; i < 200 && (await status(name)) !== 'available'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await cinder('show', name)).stdout).toMatch(/\|\s+size\s+\|\s+2\s+\|/);

    const snap = await cinder('snapshot-create', '--name', `${name}-s1`, name);
    expect(snap.stdout).toContain(`${name}-s1`);
  }, 120_000);
  it('reserves a volume for an instance with attachment-create, lists it with attachment-list and frees it with attachment-delete (404 before the attachments API)', async () => {
    const name = `cli-att-${Date.now().toString(36)}`;
    await cinder('create', '--name', name, '1');
    for (let i = 0; i < 200 && (await status(name)) !== 'available'; i++) await new Promise((r) => setTimeout(r, 50));
    const volumeId = (await cinder('show', name)).stdout.match(/\|\s+id\s+\|\s+(\S+)/)![1]!;
    const server = '0b5c4ad5-64f3-4a5c-9d7b-5f3c0b2c1a09';
    const created = (await cinder('attachment-create', volumeId, server)).stdout;
    const attachmentId = created.match(/\|\s+id\s+\|\s+(\S+)/)![1]!;
    expect(created).toContain('reserved');
    expect(await status(name)).toBe('reserved');
    expect((await cinder('attachment-list')).stdout).toContain(attachmentId);
    await cinder('attachment-delete', attachmentId);
    expect(await status(name)).toBe('available');
    expect((await cinder('attachment-list')).stdout).not.toContain(attachmentId);
  }, 120_000);
});
