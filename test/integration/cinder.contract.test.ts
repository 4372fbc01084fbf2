/** The shared Backend contract, run through the Cinder adapter against the fake Keystone + Cinder. */
import { randomUUID } from 'node:crypto';
import { runBackendContract } from '@/test/contract/backend-contract';
import { CINDER_OFFERS as CINDER } from '@/test/contract/expected-capabilities';
import { CINDER_ADMIN, CINDER_MEMBER, cinderBackend, startFakeCinder } from '@/test/contract/cinder-fake';


function subject(id: string, identity: typeof CINDER_ADMIN | typeof CINDER_MEMBER) {
  return async () => {
    const fake = await startFakeCinder();
    const { backend } = cinderBackend(fake, { id, identity });
    return {
      backend,
      teardown: async () => {
        await backend.close();
        await fake.close();
      },
    };
  };
}

runBackendContract(
  'Cinder adapter ↔ fake Keystone + Cinder, admin',
  {
    missingNativeId: randomUUID(), capabilities: CINDER, isAdmin: true, pollIntervalMs: 20, volumeCycle: { timeoutMs: 10_000 },
    // Issue 18: os-services is an administrator's; a volume service is disabled with a reason and enabled again.
    serviceListed: 'cinder-volume',
    serviceSwitch: { binary: 'cinder-volume' },
  },
  subject('cinder', CINDER_ADMIN),
);

// A project member may create and delete volumes in their project as well.
runBackendContract(
  'Cinder adapter ↔ fake Keystone + Cinder, project member',
  { missingNativeId: randomUUID(), capabilities: CINDER, isAdmin: false, pollIntervalMs: 20, volumeCycle: { timeoutMs: 10_000 } },
  subject('cinder-member', CINDER_MEMBER),
);
