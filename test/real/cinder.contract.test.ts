/**
 * The shared Backend contract suite through the Cinder adapter against the
 * real Keystone + Cinder of scripts/real/cinder.sh, as a project member of
 * its own project (so cinder.test.ts's quota changes and token revocations
 * never reach it). Five volumes are made first so that paging crosses pages.
 */
import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { isBackendError, type BackendWith } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import type { QualifiedId } from '@/lib/domain';
import { runBackendContract } from '../contract/backend-contract';
import { CINDER_OFFERS } from '../contract/expected-capabilities';
import { realEnv } from './env';

const env = realEnv('cinder contract', ['KEYSTONE_URL', 'CINDER_CONTRACT_USER', 'CINDER_PASSWORD', 'CINDER_CONTRACT_PROJECT'] as const);

async function settle(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!env)('real Cinder', () => {
  runBackendContract(
    'Cinder adapter ↔ real Keystone + Cinder, project member',
    {
      missingNativeId: randomUUID(),
      capabilities: CINDER_OFFERS,
      isAdmin: false,
      pollIntervalMs: 250,
      volumeCycle: { timeoutMs: 60_000 },
    },
    async () => {
      const backend = createBackend({
        id: 'cinder-real-contract',
        kind: 'cinder',
        name: 'Real Cinder',
        url: `${env!.KEYSTONE_URL}?project=${env!.CINDER_CONTRACT_PROJECT}`,
        username: env!.CINDER_CONTRACT_USER,
        password: env!.CINDER_PASSWORD,
      }) as BackendWith<'volumes' | 'volumeManagement'>;
      const seeded: QualifiedId[] = [];
      for (let i = 1; i <= 5; i++) {
        seeded.push((await backend.createVolume({ name: `contract-seed-${i}`, sizeGiB: 1, source: { kind: 'blank' } })).id);
      }
      for (const id of seeded) await settle(`seed ${id} available`, async () => (await backend.getVolume(id)).nativeStatus === 'available');
      return {
        backend,
        teardown: async () => {
          for (const id of seeded) await backend.deleteVolume(id).catch(() => undefined);
          for (const id of seeded) {
            await settle(`seed ${id} deleted`, () =>
              backend.getVolume(id).then(
                () => false,
                (e: unknown) => isBackendError(e, 'not_found'),
              ),
            );
          }
          await backend.close();
        },
      };
    },
  );
});
