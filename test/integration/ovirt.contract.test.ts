/** The shared Backend contract, run through the oVirt adapter against the demo engine. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runBackendContract } from '@/test/contract/backend-contract';
import { OVIRT_OFFERS as OVIRT } from '@/test/contract/expected-capabilities';
import { walkResponses } from '@/test/contract/ovirt-api-walk';
import { ADMIN, USER, demoBackend, startDemoEngine, type RecordedResponse } from '@/test/contract/ovirt-demo';

/** Every answer the demo engines give during the contract run, checked against the API model at the end. */
const responses: RecordedResponse[] = [];

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
    // Network cases (test/contract/network-contract.ts): a VLAN no seeded network uses, and an
    // up host of the demo estate whose NICs are read and a refused setup tried.
    networkCycle: { vlanId: 3000 },
    hostNetworkingHost: 'host-01',
    // The hyperconverged cluster of the demo estate: gluster service on, host-01..03 up.
    glusterCluster: 'Default',
  },
  async () => {
    const engine = await startDemoEngine('demo', { record: responses });
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
    const engine = await startDemoEngine('demo', { record: responses });
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


// Declared last, so it runs after both contract runs: every answer they got, against the model.
describe("the demo engine's answers in the contract run, against the oVirt API model", () => {
  it('use only types, attributes, links, actions and enum values the engine defines', () => {
    expect(responses.length, 'no answers recorded: nothing to check').toBeGreaterThan(100);
    expect(walkResponses(responses)).toEqual([]);
  });
});
