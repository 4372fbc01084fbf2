/** Image upload and delete against the demo Glance, through the adapter: the same cases as against the real Glance (test/real/glance-images.test.ts). */
import { afterAll, beforeAll, describe } from 'vitest';
import { imageCases } from '@/test/contract/glance-images-cases';
import { cinderBackend, startFakeCinder, type CinderFakeServer } from '@/test/contract/cinder-fake';

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

async function token(): Promise<string> {
  const answer = await fetch(`${fake.url}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'default' }, password: 'demo-admin' } } }, scope: { project: { name: 'demo', domain: { id: 'default' } } } } }),
  });
  return answer.headers.get('x-subject-token')!;
}

describe('demo Glance images (adapter)', () => {
  imageCases(
    {
      cinder: () => admin as never,
      name: (suffix) => `it-${suffix}`,
      made: () => undefined,
      glance: async () => ({ url: fake.url.replace(/\/identity\/v3$/, '/image'), token: await token() }),
      volumeType: 'ceph',
      settle: async (id, status) => {
        for (let i = 0; i < 500; i++) {
          const v = await admin.getVolume!(id);
          if (v.nativeStatus === status) return v;
          await new Promise((r) => setTimeout(r, 10));
        }
        throw new Error(`volume ${id} did not become ${status}`);
      },
      gone: async (id) => {
        for (let i = 0; i < 500; i++) {
          if (!(await admin.getVolume!(id).then(() => true, () => false))) return;
          await new Promise((r) => setTimeout(r, 10));
        }
        throw new Error(`volume ${id} was not deleted`);
      },
    },
    30_000,
  );
});
