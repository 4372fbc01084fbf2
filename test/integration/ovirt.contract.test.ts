/** The shared Backend contract, run through the oVirt adapter against the demo engine. */
import { randomUUID } from 'node:crypto';
import { runBackendContract } from '@/test/contract/backend-contract';
import { OVIRT_OFFERS as OVIRT } from '@/test/contract/expected-capabilities';
import { ADMIN, USER, demoBackend, startDemoEngine } from '@/test/contract/ovirt-demo';

runBackendContract(
  'oVirt adapter ↔ demo engine, admin',
  {
    missingNativeId: randomUUID(),
    capabilities: OVIRT,
    isAdmin: true,
    // Down in the demo estate (fakes/ovirt/seed.ts), on a cluster with room to start it.
    powerCycleVm: 'test-03',
    powerTimeoutMs: 15_000,
    pollIntervalMs: 50,
    hostMaintenanceCycle: true,
    migrationCycle: true,
  },
  async () => {
    const engine = await startDemoEngine('demo');
    const { backend } = demoBackend(engine, { identity: ADMIN });
    return {
      backend,
      teardown: async () => {
        await backend.close();
        await engine.close();
      },
    };
  },
);

runBackendContract(
  'oVirt adapter ↔ demo engine, self-service user (Filter: true)',
  {
    missingNativeId: randomUUID(),
    capabilities: OVIRT,
    isAdmin: false,
    // A UserRole user is given no host: the engine filters them all out.
    hiddenCollections: ['hosts'],
    // The user's own VM (UserVmManager on it in the demo estate).
    powerCycleVm: 'web-03',
    powerTimeoutMs: 15_000,
    pollIntervalMs: 50,
  },
  async () => {
    const engine = await startDemoEngine('demo');
    const { backend } = demoBackend(engine, { id: 'demo-user', identity: USER });
    return {
      backend,
      teardown: async () => {
        await backend.close();
        await engine.close();
      },
    };
  },
);
