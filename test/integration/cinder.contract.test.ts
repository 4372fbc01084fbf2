/** The shared Backend contract, run through the Cinder adapter against the fake Keystone + Cinder. */
import { randomUUID } from 'node:crypto';
import { CINDER_CAPABILITIES } from '@/lib/backends/cinder/backend';
import { runBackendContract } from '@/test/contract/backend-contract';
import { CINDER_ADMIN, CINDER_MEMBER, cinderBackend, startFakeCinder } from '@/test/contract/cinder-fake';

runBackendContract('Cinder adapter ↔ fake Keystone + Cinder, admin', async () => {
  const fake = await startFakeCinder();
  const { backend } = cinderBackend(fake, { identity: CINDER_ADMIN });
  return {
    backend,
    teardown: async () => {
      await backend.close();
      await fake.close();
    },
    expectations: {
      missingNativeId: randomUUID(),
      capabilities: CINDER_CAPABILITIES,
      isAdmin: true,
      pollIntervalMs: 20,
      volumeCycle: { timeoutMs: 10_000 },
    },
  };
});

runBackendContract('Cinder adapter ↔ fake Keystone + Cinder, project member', async () => {
  const fake = await startFakeCinder();
  const { backend } = cinderBackend(fake, { id: 'cinder-member', identity: CINDER_MEMBER });
  return {
    backend,
    teardown: async () => {
      await backend.close();
      await fake.close();
    },
    expectations: { missingNativeId: randomUUID(), capabilities: CINDER_CAPABILITIES, isAdmin: false },
  };
});
