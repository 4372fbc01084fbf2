import { expect } from 'vitest';

/** What the real-backend suites need to reach Keystone and Glance as the rig's project user. */
export interface OpenStackUser {
  KEYSTONE_URL: string;
  GLANCE_URL: string;
  CINDER_USER: string;
  CINDER_PASSWORD: string;
  CINDER_PROJECT: string;
}

/** A project-scoped Keystone token of the rig's user (for calls the dashboard does not make itself). */
export async function keystoneToken(env: OpenStackUser): Promise<string> {
  const answer = await fetch(`${env.KEYSTONE_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: env.CINDER_USER, domain: { id: 'default' }, password: env.CINDER_PASSWORD } } },
        scope: { project: { name: env.CINDER_PROJECT, domain: { id: 'default' } } },
      },
    }),
  });
  return answer.headers.get('x-subject-token')!;
}

/**
 * What `openstack image create --file` does: create the record, then PUT the bytes. Returns the
 * image id; `created` hears of it before the bytes go, so a failed upload is still cleaned up.
 */
export async function uploadImage(env: OpenStackUser, name: string, bytes: Buffer, created?: (id: string) => void): Promise<string> {
  const t = await keystoneToken(env);
  const record = await fetch(`${env.GLANCE_URL}/v2/images`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': t },
    body: JSON.stringify({ name, disk_format: 'raw', container_format: 'bare' }),
  });
  const id = ((await record.json()) as { id: string }).id;
  created?.(id);
  const put = await fetch(`${env.GLANCE_URL}/v2/images/${id}/file`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream', 'X-Auth-Token': t }, body: new Uint8Array(bytes) });
  expect(put.status).toBe(204);
  return id;
}
