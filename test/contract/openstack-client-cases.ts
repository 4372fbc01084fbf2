/**
 * Debian's `openstack` client (python3-openstackclient, which Keystone, Cinder and Glance pull in)
 * as a new user tries it, as cases run against the demo cloud (test/integration/openstack-client.test.ts)
 * and the real Keystone + Cinder + Glance on Ceph (test/real/openstack-client.test.ts): the same
 * commands, the same outcome expected from both.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { clientEnvironment, cinderCommand } from './cinder-client-cases';

const run = promisify(execFile);
export const OPENSTACK_CLIENT = '/usr/bin/openstack';
export const openstackClientInstalled = fs.existsSync(OPENSTACK_CLIENT);

export interface OpenstackSubject {
  /** Keystone v3, as OS_AUTH_URL. */
  authUrl: string;
  /** An admin of `project`. */
  username: string;
  password: string;
  project: string;
  /** A volume type whose volumes become available. */
  volumeType: string;
  /** A user of the same Keystone without the admin role, when there is one. */
  member?: { username: string; password: string; project: string };
}

export function openstackCommand(s: () => { authUrl: string; username: string; password: string; project: string }) {
  return (...args: string[]) => run(OPENSTACK_CLIENT, args, { timeout: 90_000, env: { ...clientEnvironment(s()), OS_INTERFACE: 'public' } });
}

export function openstackClientCases(subject: () => OpenstackSubject, timeout: number) {
  const openstack = openstackCommand(subject);
  const field = async (kind: 'volume' | 'image' | 'volume snapshot', name: string, column: string) =>
    (await openstack(...kind.split(' '), 'show', name, '-f', 'value', '-c', column)).stdout.trim();
  const until = async (kind: 'volume' | 'image' | 'volume snapshot', name: string, wanted: string) => {
    let seen = '';
    for (let i = 0; i < 300; i++) {
      seen = await field(kind, name, 'status');
      if (seen === wanted || seen.startsWith('error')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen, `${kind} ${name} status`).toBe(wanted);
  };
  const volumes: string[] = [];
  const snapshots: string[] = [];
  const images: string[] = [];
  const quotaSetOn: string[] = [];
  const tag = () => `osc-${Date.now().toString(36)}`;

  it(
    'volume create with a type, volume set --size (extend) and volume snapshot create, all by name',
    async () => {
      const name = tag();
      await openstack('volume', 'create', '--size', '1', '--type', subject().volumeType, name);
      volumes.push(name);
      await until('volume', name, 'available');
      expect(await field('volume', name, 'type')).toBe(subject().volumeType);
      await openstack('volume', 'set', '--size', '2', name);
      await until('volume', name, 'available');
      expect(await field('volume', name, 'size')).toBe('2');
      await openstack('volume', 'snapshot', 'create', '--volume', name, `${name}-s1`);
      snapshots.push(`${name}-s1`);
      await until('volume snapshot', `${name}-s1`, 'available');
      expect((await openstack('volume', 'snapshot', 'list', '-f', 'value', '-c', 'Name')).stdout).toContain(`${name}-s1`);
    },
    timeout,
  );

  it(
    'image create uploads a file to the image service (active, its size); volume create --image makes a bootable volume from it',
    async () => {
      const name = tag();
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'virtdash-osc-')), 'disk.raw');
      fs.writeFileSync(file, Buffer.alloc(1024 * 1024, 7));
      await openstack('image', 'create', '--disk-format', 'raw', '--container-format', 'bare', '--file', file, name);
      images.push(name);
      await until('image', name, 'active');
      expect(await field('image', name, 'size')).toBe(String(1024 * 1024));
      expect((await openstack('image', 'list', '-f', 'value', '-c', 'Name')).stdout.split('\n')).toContain(name);

      await openstack('volume', 'create', '--image', name, '--size', '1', '--type', subject().volumeType, `${name}-vol`);
      volumes.push(`${name}-vol`);
      await until('volume', `${name}-vol`, 'available');
      expect(await field('volume', `${name}-vol`, 'bootable')).toBe('true');
    },
    timeout,
  );

  it(
    "a project's limits changed (cinder quota-update) show in quota list --volume, which lists only projects off the defaults; a limit below use is refused; a member cannot list projects",
    async () => {
      const s = subject();
      const projectId = (await openstack('project', 'show', s.project, '-f', 'value', '-c', 'id')).stdout.trim();
      expect(projectId).toMatch(/^[0-9a-f]{32}$/);
      // `openstack quota set` (6.0) needs a compute endpoint even for volume limits, on the demo as
      // on a real cloud without Nova: Cinder's own client sets them.
      const cinder = cinderCommand(subject);
      quotaSetOn.push(projectId);
      await cinder('quota-update', '--volumes', '47', '--snapshots', '23', projectId);
      const rows = JSON.parse((await openstack('quota', 'list', '--volume', '-f', 'json')).stdout) as Array<Record<string, unknown>>;
      expect(rows.find((r) => r['Project ID'] === projectId)).toMatchObject({ Volumes: 47, Snapshots: 23 });
      // A limit below what the project already uses is refused in Cinder's words, nothing changes.
      const below = (await cinder('quota-update', '--volumes', '0', projectId).catch((e: unknown) => e)) as { stderr?: string };
      expect(below.stderr).toMatch(/Quota volumes limit must be equal or greater than existing resources\. Current usage is \d+ and the requested limit is 0\./);
      const again = JSON.parse((await openstack('quota', 'list', '--volume', '-f', 'json')).stdout) as Array<Record<string, unknown>>;
      expect(again.find((r) => r['Project ID'] === projectId)).toMatchObject({ Volumes: 47 });
      const member = s.member;
      if (member) {
        const asMember = openstackCommand(() => ({ authUrl: s.authUrl, ...member }));
        const error = (await asMember('quota', 'list', '--volume').catch((e: unknown) => e)) as { stderr?: string };
        expect(error.stderr).toContain('You are not authorized to perform the requested action: identity:list_projects. (HTTP 403)');
      }
    },
    timeout,
  );

  return {
    /** Deletes what the cases made: snapshots, then volumes (a volume with snapshots stays), then images. */
    async cleanUp() {
      // The project's own limits go (`openstack` 6.0 has no quota delete; Cinder's client does).
      for (const projectId of quotaSetOn) await cinderCommand(subject)('quota-delete', projectId).catch(() => undefined);
      for (const name of snapshots) await openstack('volume', 'snapshot', 'delete', name).catch(() => undefined);
      for (const name of volumes) {
        for (let i = 0; i < 100; i++) {
          const gone = await openstack('volume', 'delete', name).then(
            () => true,
            (e: { stderr?: string }) => /No volume with a name or ID|could not be found/i.test(e.stderr ?? ''),
          );
          if (gone) break;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
      for (const name of images) {
        for (let i = 0; i < 50; i++) {
          const gone = await openstack('image', 'delete', name).then(
            () => true,
            (e: { stderr?: string }) => /No Image found|Could not find|could not be found/i.test(e.stderr ?? ''),
          );
          if (gone) break;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    },
  };
}
