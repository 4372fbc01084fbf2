/**
 * The shared Backend contract suite against libvirt's test driver, reached
 * through a real libvirtd (scripts/real/libvirt.sh) with the fixture node
 * test/fixtures/libvirt/node.xml: the same wire protocol, daemon and errors as
 * a production host, with a fixed estate.
 */
import path from 'node:path';
import { describe } from 'vitest';
import { createBackend } from '@/lib/backends/factory';
import { runBackendContract } from '../contract/backend-contract';
import { realEnv } from './env';

const env = realEnv('libvirt contract', ['LIBVIRT_TEST_URI_PREFIX'] as const);
export const FIXTURE = path.resolve(__dirname, '../fixtures/libvirt/node.xml');

describe.skipIf(!env)('libvirt test driver', () => {
  runBackendContract('libvirt (test driver through libvirtd)', async () => {
    const backend = createBackend({
      id: 'kvm-test',
      kind: 'libvirt',
      name: 'libvirt test driver',
      url: `${env!.LIBVIRT_TEST_URI_PREFIX}${FIXTURE}`,
    });
    return {
      backend,
      teardown: () => backend.close(),
      expectations: {
        missingNativeId: '00000000-0000-0000-0000-00000000dead',
        capabilities: { vms: true, hosts: true, storageDomains: true, disks: true, networks: true, snapshots: true, consoles: true, dataCenters: false, tasks: false },
        isAdmin: true,
        powerCycleVm: 'test-cycle',
        powerTimeoutMs: 5000,
      },
    };
  });
});
