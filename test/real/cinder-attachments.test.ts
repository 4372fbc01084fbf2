/**
 * The attachments API of the real Cinder (scripts/real/cinder.sh, RBD backend on scripts/real/ceph.sh)
 * through the adapter: the same cases the demo Cinder answers (test/integration/cinder-attachments.test.ts).
 */
import { afterAll, describe } from 'vitest';
import type { BackendWith } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import type { QualifiedId, Volume } from '@/lib/domain';
import { attachmentCases } from '@/test/contract/cinder-attachments-cases';
import { realEnv } from './env';

const env = realEnv('cinder attachments (ceph + cinder rbd)', ['KEYSTONE_URL', 'CINDER_USER', 'CINDER_PASSWORD', 'CINDER_PROJECT', 'CINDER_RBD_TYPE'] as const);
const RUN = `vdatt${Date.now().toString(36)}`;

type Cinder = BackendWith<'volumes' | 'volumeManagement'>;

describe.skipIf(!env)('real Cinder attachments (adapter)', () => {
  const cinder = env
    ? (createBackend({ id: 'cinder-att', kind: 'cinder', name: 'Cinder RBD', url: `${env.KEYSTONE_URL}?project=${env.CINDER_PROJECT}`, username: env.CINDER_USER, password: env.CINDER_PASSWORD }) as Cinder)
    : undefined!;
  const made: QualifiedId[] = [];

  async function settle(id: QualifiedId, status: string): Promise<Volume> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const v = await cinder.getVolume(id);
      if (v.nativeStatus === status) return v;
      if (v.nativeStatus === 'error' || Date.now() > deadline) throw new Error(`volume ${id} did not become ${status} (is ${v.nativeStatus})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  afterAll(async () => {
    for (const id of made) await cinder.deleteVolume(id).catch(() => undefined);
    await cinder?.close();
  }, 120_000);

  attachmentCases(
    {
      cinder: () => cinder,
      newVolume: async (name) => {
        const v = await cinder.createVolume({ name: `${RUN}-${name}`, sizeGiB: 1, volumeType: env!.CINDER_RBD_TYPE, source: { kind: 'blank' } });
        made.push(v.id);
        return settle(v.id, 'available');
      },
      settle,
    },
    120_000,
  );
});
