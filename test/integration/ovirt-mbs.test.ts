/** Managed block storage cases (test/contract/managed-block-contract.ts) against the demo engine, its answers walked against the API model. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '@/lib/backends';
import { runManagedBlockContract } from '@/test/contract/managed-block-contract';
import { walkResponses } from '@/test/contract/ovirt-api-walk';
import { demoBackend, startDemoEngine, type DemoEngine, type RecordedResponse } from '@/test/contract/ovirt-demo';

const responses: RecordedResponse[] = [];
let engine: DemoEngine;
let backend: Backend;

beforeAll(async () => {
  engine = await startDemoEngine('demo', { record: responses });
  backend = demoBackend(engine).backend;
});
afterAll(async () => {
  await backend?.close();
  await engine?.close();
});

runManagedBlockContract('oVirt adapter ↔ demo engine', () => ({
  backend,
  answers: () => responses.map((r) => r.body),
  // The Default data center (4.7) of the demo estate and one of its running VMs.
  host: 'host-01',
  dataCenter: 'Default',
  vm: 'web-01',
}));

describe('the demo engine’s managed block storage', () => {
  it('lists the seeded Ceph domain as managed block, without any driver option', async () => {
    const sd = (await backend.listStorageDomains!({ page: 1, pageSize: 500 })).items.find((d) => d.name === 'ceph-mbs');
    expect(sd).toMatchObject({ kind: 'managed_block', storageType: 'managed_block', status: 'active' });
    const raw = responses.filter((r) => JSON.stringify(r.body).includes('ceph-mbs'));
    expect(raw.length).toBeGreaterThan(0);
    for (const r of raw) expect(JSON.stringify(r.body)).not.toMatch(/driver_options|rbd_keyring_conf|AQBdemo/);
  });

  it('answered only with types, attributes and enum values of the API model', () => {
    expect(responses.length).toBeGreaterThan(5);
    expect(walkResponses(responses)).toEqual([]);
  });
});
