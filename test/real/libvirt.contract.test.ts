/**
 * The shared Backend contract suite against libvirt's test driver, reached
 * through a real libvirtd (scripts/real/libvirt.sh) with the fixture node
 * test/fixtures/libvirt/node.xml: the same wire protocol, daemon and errors as
 * a production host, with a fixed estate.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { qualifyId } from '@/lib/domain';
import { createBackend } from '@/lib/backends/factory';
import { runBackendContract } from '../contract/backend-contract';
import { LIBVIRT_OFFERS } from '../contract/expected-capabilities';
import { realEnv } from './env';

const env = realEnv('libvirt contract', ['LIBVIRT_TEST_URI_PREFIX'] as const);
export const FIXTURE = path.resolve(__dirname, '../fixtures/libvirt/node.xml');

describe.skipIf(!env)('libvirt test driver', () => {
  runBackendContract(
    'libvirt (test driver through libvirtd)',
    {
      missingNativeId: '00000000-0000-0000-0000-00000000dead',
      capabilities: LIBVIRT_OFFERS,
      isAdmin: true,
      powerCycleVm: 'test-cycle',
      powerTimeoutMs: 5000,
    },
    async () => {
      const backend = createBackend({
        id: 'kvm-test',
        kind: 'libvirt',
        name: 'libvirt test driver',
        url: `${env!.LIBVIRT_TEST_URI_PREFIX}${FIXTURE}`,
      });
      return {
        backend,
        teardown: () => backend.close(),
      };
    },
  );
});

describe.skipIf(!env)('libvirt list refresh cost', () => {
  it('200 domains: a refresh costs round trips per network, not per domain (list + bulk stats + DHCP leases)', async () => {
    let calls = 0;
    // A private test:///default: its 200 domains live only as long as this connection.
    const backend = createBackend(
      { id: 'kvm-bulk', kind: 'libvirt', name: 'bulk', url: `${env!.LIBVIRT_TEST_URI_PREFIX}/default` },
      { onRequest: () => calls++ },
    );
    try {
      for (let i = 0; i < 200; i++) {
        await backend.createVm!({ name: `bulk-${i}`, clusterId: qualifyId('kvm-bulk', 'cluster'), memoryBytes: 64 * 1024 ** 2 });
      }
      const cold = await backend.listVms!({ page: 1, pageSize: 500 });
      expect(cold.items.length).toBeGreaterThanOrEqual(200);
      calls = 0;
      const warm = await backend.listVms!({ page: 1, pageSize: 500 });
      expect(warm.items.map((v) => v.id)).toEqual(cold.items.map((v) => v.id));
      // List + bulk stats, then the addresses: the active networks, and the leases of each (the
      // test driver's default has one network, 'default'; its running domain 'test' has a NIC).
      const perRefresh = 2 + 2;
      expect(calls).toBe(perRefresh);
      // A state change re-reads only that domain's XML.
      await backend.vmAction!(warm.items.find((v) => v.name === 'bulk-7')!.id, 'start');
      calls = 0;
      const after = await backend.listVms!({ page: 1, pageSize: 500 });
      expect(after.items.find((v) => v.name === 'bulk-7')!.status).toBe('running');
      expect(calls).toBe(perRefresh + 1);
    } finally {
      await backend.close();
    }
  });
});
