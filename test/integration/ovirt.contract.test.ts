/** The shared Backend contract, run through the oVirt adapter against the demo engine. */
import { randomUUID } from 'node:crypto';
import { OVIRT_CAPABILITIES } from '@/lib/backends/ovirt/backend';
import { runBackendContract } from '@/test/contract/backend-contract';
import { ADMIN, USER, demoBackend, startDemoEngine } from '@/test/contract/ovirt-demo';

runBackendContract('oVirt adapter ↔ demo engine, admin', async () => {
  const engine = await startDemoEngine('demo');
  const { backend } = demoBackend(engine, { identity: ADMIN });
  // Any VM that is down now will do for the power cycle.
  const stopped = await backend.listVms!({ page: 1, pageSize: 1, filters: { status: 'stopped' } });
  return {
    backend,
    teardown: async () => {
      await backend.close();
      await engine.close();
    },
    expectations: {
      missingNativeId: randomUUID(),
      capabilities: OVIRT_CAPABILITIES,
      isAdmin: true,
      powerCycleVm: stopped.items[0]?.name,
      networkCycle: { vlanId: 3000 },
      hostNetworkingHost: (await backend.listHosts!({ page: 1, pageSize: 1, filters: { status: 'up' } })).items[0]?.name,
      powerTimeoutMs: 15_000,
      pollIntervalMs: 50,
    },
  };
});

runBackendContract('oVirt adapter ↔ demo engine, self-service user (Filter: true)', async () => {
  const engine = await startDemoEngine('demo');
  const { backend } = demoBackend(engine, { id: 'demo-user', identity: USER });
  return {
    backend,
    teardown: async () => {
      await backend.close();
      await engine.close();
    },
    expectations: { missingNativeId: randomUUID(), capabilities: OVIRT_CAPABILITIES, isAdmin: false },
  };
});
