/**
 * Debian's `openstack` client against the real Keystone, Cinder (RBD on Ceph) and Glance (on Ceph)
 * of scripts/real: the same cases as against the demo cloud (test/integration/openstack-client.test.ts,
 * cases in test/contract/openstack-client-cases.ts), so the fakes are held to the real services'
 * answers, Keystone's project list and its refusal for a member included.
 */
import { afterAll, describe } from 'vitest';
import { openstackClientCases, openstackClientInstalled } from '@/test/contract/openstack-client-cases';
import { realEnv } from './env';

const env = realEnv('openstack client (real keystone, cinder, glance)', [
  'KEYSTONE_URL',
  'CINDER_ADMIN_USER',
  'CINDER_ADMIN_PASSWORD',
  'CINDER_ADMIN_PROJECT',
  'CINDER_RBD_TYPE',
  'CINDER_CONTRACT_USER',
  'CINDER_CONTRACT_PROJECT',
  'CINDER_PASSWORD',
  'GLANCE_URL',
] as const);

describe.skipIf(!env || !openstackClientInstalled)("Debian's openstack client against the real Keystone, Cinder and Glance", () => {
  const cases = openstackClientCases(
    () => ({
      authUrl: env!.KEYSTONE_URL,
      username: env!.CINDER_ADMIN_USER,
      password: env!.CINDER_ADMIN_PASSWORD,
      project: env!.CINDER_ADMIN_PROJECT,
      volumeType: env!.CINDER_RBD_TYPE,
      // A member of its own project only (scripts/real/cinder.sh).
      member: { username: env!.CINDER_CONTRACT_USER, password: env!.CINDER_PASSWORD, project: env!.CINDER_CONTRACT_PROJECT },
    }),
    240_000,
  );
  afterAll(() => cases.cleanUp(), 240_000);
});
