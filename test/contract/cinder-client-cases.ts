/**
 * Debian's own `cinder` client (python3-cinderclient, which nobody here wrote) as a new user tries
 * it, as cases run against the demo Cinder (test/integration/cinder-client.test.ts) and the real
 * one (test/real/cinder-client.test.ts): the same commands, the same outcome expected from both.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
export const CINDER_CLIENT = '/usr/bin/cinder';
export const cinderClientInstalled = fs.existsSync(CINDER_CLIENT);

export interface CinderClientSubject {
  /** Keystone v3, as OS_AUTH_URL. */
  authUrl: string;
  /** An admin of the project (name resolution sends all_tenants=1, which Cinder takes from an admin). */
  username: string;
  password: string;
  project: string;
  /** A volume type of that Cinder whose volumes become available. */
  volumeType: string;
}

/**
 * The OS_* settings an OpenStack command-line client reads, and nothing of the developer's own
 * environment: what the `cinder` and `openstack` cases run their clients with.
 */
export function clientEnvironment(s: { authUrl: string; username: string; password: string; project: string }): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    OS_AUTH_URL: s.authUrl,
    OS_USERNAME: s.username,
    OS_PASSWORD: s.password,
    OS_PROJECT_NAME: s.project,
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    OS_IDENTITY_API_VERSION: '3',
  };
}

export function cinderCommand(s: () => CinderClientSubject) {
  return (...args: string[]) => run(CINDER_CLIENT, ['--os-volume-api-version', '3.27', ...args], { timeout: 60_000, env: clientEnvironment(s()) });
}

/** The project's id, as a user finds it (the token's project). */
async function projectIdOf(s: CinderClientSubject): Promise<string> {
  const answer = await fetch(`${s.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: s.username, domain: { id: 'default' }, password: s.password } } },
        scope: { project: { name: s.project, domain: { id: 'default' } } },
      },
    }),
  });
  return ((await answer.json()) as { token: { project: { id: string } } }).token.project.id;
}

/** `cinder quota-usage` as a table: resource → In_use, Reserved, Limit. */
function usageTable(stdout: string): Map<string, { inUse: number; reserved: number; limit: number }> {
  const rows = new Map<string, { inUse: number; reserved: number; limit: number }>();
  for (const line of stdout.split('\n')) {
    const m = line.match(/^\|\s*(\S+)\s*\|\s*(-?\d+)\s*\|\s*(-?\d+)\s*\|\s*(-?\d+)\s*\|/);
    if (m) rows.set(m[1]!, { inUse: Number(m[2]), reserved: Number(m[3]), limit: Number(m[4]) });
  }
  return rows;
}

/**
 * `attachments`: whether the user holds Keystone's `service` role, without which Cinder (since
 * OSSA-2023-003) refuses a plain attachment-delete for a VM Nova does not know.
 */
export function cinderClientCases(subject: () => CinderClientSubject, timeout: number, options: { attachments: boolean }) {
  const cinder = cinderCommand(subject);
  const status = async (name: string) => (await cinder('show', name)).stdout.match(/\|\s+status\s+\|\s+(\S+)/)?.[1] ?? '';
  const until = async (name: string, wanted: string) => {
    for (let i = 0; i < 600 && (await status(name)) !== wanted; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await status(name)).toBe(wanted);
  };
  const created: string[] = [];
  const make = async (name: string, ...extra: string[]) => {
    await cinder('create', '--name', name, ...extra, '1');
    created.push(name);
    await until(name, 'available');
  };

  it(
    'creates a volume, then extends it and snapshots it by name (all_tenants from the admin)',
    async () => {
      const name = `cli-${Date.now().toString(36)}`;
      await make(name, '--volume-type', subject().volumeType);
      await cinder('extend', name, '2');
      await until(name, 'available');
      expect((await cinder('show', name)).stdout).toMatch(/\|\s+size\s+\|\s+2\s+\|/);
      const snap = await cinder('snapshot-create', '--name', `${name}-s1`, name);
      expect(snap.stdout).toContain(`${name}-s1`);
    },
    timeout,
  );

  it(
    'quota-usage lists in use, reserved and limit per resource and per volume type; a new volume counts in volumes, gigabytes and its type’s',
    async () => {
      const s = subject();
      const project = await projectIdOf(s);
      const before = usageTable((await cinder('quota-usage', project)).stdout);
      for (const key of ['volumes', 'gigabytes', 'snapshots', 'backups', 'backup_gigabytes', 'per_volume_gigabytes', 'groups', `volumes_${s.volumeType}`, `gigabytes_${s.volumeType}`, `snapshots_${s.volumeType}`]) {
        expect(before.has(key), `quota-usage lists ${key}`).toBe(true);
      }
      // Per-type and per-volume limits are unlimited unless an admin sets them.
      expect(before.get(`volumes_${s.volumeType}`)!.limit).toBe(-1);
      expect(before.get('per_volume_gigabytes')!.limit).toBe(-1);

      const name = `cli-q-${Date.now().toString(36)}`;
      await make(name, '--volume-type', s.volumeType);
      const after = usageTable((await cinder('quota-usage', project)).stdout);
      for (const key of ['volumes', 'gigabytes', `volumes_${s.volumeType}`, `gigabytes_${s.volumeType}`]) {
        expect(after.get(key)!.inUse, key).toBe(before.get(key)!.inUse + 1);
        expect(after.get(key)!.limit, key).toBe(before.get(key)!.limit);
      }
      expect(after.get('snapshots')!.inUse).toBe(before.get('snapshots')!.inUse);
      // quota-show: the limits alone.
      expect((await cinder('quota-show', project)).stdout).toMatch(new RegExp(`\\|\\s+volumes\\s+\\|\\s+${after.get('volumes')!.limit}\\s+\\|`));
    },
    timeout,
  );

  // Not registered at all where the user lacks the role (rather than a skip that would read as missing data).
  if (options.attachments) {
    it(
      'reserves a volume for an instance with attachment-create, lists it with attachment-list and frees it with attachment-delete',
      async () => {
        const name = `cli-att-${Date.now().toString(36)}`;
        await make(name, '--volume-type', subject().volumeType);
        const volumeId = (await cinder('show', name)).stdout.match(/\|\s+id\s+\|\s+(\S+)/)![1]!;
        const server = '0b5c4ad5-64f3-4a5c-9d7b-5f3c0b2c1a09';
        const att = (await cinder('attachment-create', volumeId, server)).stdout;
        const attachmentId = att.match(/\|\s+id\s+\|\s+(\S+)/)![1]!;
        expect(att).toContain('reserved');
        expect(await status(name)).toBe('reserved');
        expect((await cinder('attachment-list')).stdout).toContain(attachmentId);
        await cinder('attachment-delete', attachmentId);
        expect(await status(name)).toBe('available');
        expect((await cinder('attachment-list')).stdout).not.toContain(attachmentId);
      },
      timeout,
    );
  }

  return {
    /** Deletes what the cases made (snapshots first: Cinder keeps a volume with snapshots). */
    async cleanUp() {
      for (const name of created) {
        await cinder('snapshot-delete', `${name}-s1`).catch(() => undefined);
      }
      for (const name of created) {
        for (let i = 0; i < 100; i++) {
          const gone = await cinder('delete', name).then(
            () => true,
            (e: { stderr?: string }) => /No volume with a name or ID/.test(e.stderr ?? ''),
          );
          if (gone) break;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
  };
}
