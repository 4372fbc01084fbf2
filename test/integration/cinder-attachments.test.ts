/** The attachments API of the demo Cinder, through the adapter: the same cases as against the real Cinder (test/real/cinder-attachments.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBackendError } from '@/lib/backends';
import type { QualifiedId, Volume } from '@/lib/domain';
import { attachmentCases } from '@/test/contract/cinder-attachments-cases';
import { CINDER_MEMBER, cinderBackend, startFakeCinder, type CinderFakeServer } from '@/test/contract/cinder-fake';

let fake: CinderFakeServer;
let admin: ReturnType<typeof cinderBackend>['backend'];

beforeAll(async () => {
  fake = await startFakeCinder();
  admin = cinderBackend(fake).backend;
});
afterAll(async () => {
  await admin?.close();
  await fake?.close();
});

async function settle(id: QualifiedId, status: string): Promise<Volume> {
  for (let i = 0; i < 500; i++) {
    const v = await admin.getVolume!(id);
    if (v.nativeStatus === status) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`volume ${id} did not become ${status}`);
}

describe('demo Cinder attachments (adapter)', () => {
  attachmentCases(
    {
      cinder: () => admin as never,
      newVolume: async (name) => settle((await admin.createVolume!({ name, sizeGiB: 1, source: { kind: 'blank' } })).id, 'available'),
      settle,
    },
    30_000,
  );

  it('a user without the service role is refused before anything is reserved (OSSA-2023-003), as by the real Cinder', async () => {
    const member = cinderBackend(fake, { id: 'member', identity: CINDER_MEMBER }).backend;
    try {
      let v = await member.createVolume!({ name: 'member-att', sizeGiB: 1, source: { kind: 'blank' } });
      for (let i = 0; i < 500 && v.nativeStatus !== 'available'; i++) {
        await new Promise((r) => setTimeout(r, 10));
        v = await member.getVolume!(v.id);
      }
      const error = await member.reserveVolumeAttachment!(v.id, { instanceId: 'i-1', connector: { host: 'h', ip: '127.0.0.1', initiator: 'iqn.x' } }).catch((e: unknown) => e);
      expect(isBackendError(error, 'forbidden')).toBe(true);
      expect((await member.getVolume!(v.id)).nativeStatus).toBe('available');
    } finally {
      await member.close();
    }
  });

  it('the attachments API is not there below microversion 3.27', async () => {
    const token = await (
      await fetch(`${fake.url}/auth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: 'demo-admin' } } }, scope: { project: { name: 'demo', domain: { id: 'default' } } } } }),
      })
    ).headers.get('x-subject-token');
    const ask = (version: string) => fetch(`${fake.cinderUrl}/v3/${fake.projectId}/attachments`, { headers: { 'X-Auth-Token': token!, 'OpenStack-API-Version': `volume ${version}` } });
    expect((await ask('3.26')).status).toBe(404);
    expect((await ask('3.27')).status).toBe(200);
  });
});
