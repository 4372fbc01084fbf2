/**
 * Image upload and delete against the real Glance on Ceph (scripts/real/glance.sh) through the
 * adapter: the same cases the demo Glance answers (test/integration/glance-images.test.ts).
 */
import { afterAll, describe } from 'vitest';
import type { BackendWith } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { imageCases } from '@/test/contract/glance-images-cases';
import { realEnv } from './env';
import { keystoneToken } from './glance-client';

const env = realEnv('glance images (ceph + glance)', ['GLANCE_URL', 'KEYSTONE_URL', 'CINDER_USER', 'CINDER_PASSWORD', 'CINDER_PROJECT', 'CINDER_RBD_TYPE'] as const);
const RUN = `vdup${Date.now().toString(36)}`;

type Cinder = BackendWith<'volumes' | 'volumeManagement'>;

describe.skipIf(!env)('real Glance images (adapter)', () => {
  const cinder = env
    ? (createBackend({ id: 'cinder-glance', kind: 'cinder', name: 'Cinder + Glance', url: `${env.KEYSTONE_URL}?project=${env.CINDER_PROJECT}`, username: env.CINDER_USER, password: env.CINDER_PASSWORD }) as Cinder)
    : undefined!;
  const made: string[] = [];

  afterAll(async () => {
    const token = await keystoneToken(env!);
    for (const id of made) {
      await fetch(`${env!.GLANCE_URL}/v2/images/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch', 'X-Auth-Token': token },
        body: JSON.stringify([{ op: 'replace', path: '/protected', value: false }]),
      }).catch(() => undefined);
      await fetch(`${env!.GLANCE_URL}/v2/images/${id}`, { method: 'DELETE', headers: { 'X-Auth-Token': token } }).catch(() => undefined);
    }
    await cinder?.close();
  }, 120_000);

  imageCases(
    {
      cinder: () => cinder,
      name: (suffix) => `${RUN}-${suffix}`,
      made: (id) => made.push(id),
      glance: async () => ({ url: env!.GLANCE_URL, token: await keystoneToken(env!) }),
      volumeType: env?.CINDER_RBD_TYPE ?? '',
      settle: async (id, status) => {
        const deadline = Date.now() + 90_000;
        for (;;) {
          const v = await cinder.getVolume(id);
          if (v.nativeStatus === status) return v;
          if (v.nativeStatus === 'error' || Date.now() > deadline) throw new Error(`volume ${id} did not become ${status} (is ${v.nativeStatus})`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
      gone: async (id) => {
        const deadline = Date.now() + 90_000;
        while (await cinder.getVolume(id).then(() => true, () => false)) {
          if (Date.now() > deadline) throw new Error(`volume ${id} was not deleted`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
    },
    120_000,
  );
});
