/**
 * Debian's `openstack` client against the demo cloud (fake Keystone, Cinder and Glance); the cases
 * are test/contract/openstack-client-cases.ts, the same run against the real services in
 * test/real/openstack-client.test.ts. Skipped where the client is not installed (Keystone,
 * Cinder and Glance in .ci/packages pull it in, so the test command always runs it).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { openstackClientCases, openstackClientInstalled } from '@/test/contract/openstack-client-cases';
import { CINDER_ADMIN, CINDER_MEMBER, startFakeCinder, type CinderFakeServer } from '@/test/contract/cinder-fake';

let fake: CinderFakeServer;

beforeAll(async () => {
  if (openstackClientInstalled) fake = await startFakeCinder();
});

describe.skipIf(!openstackClientInstalled)("Debian's openstack client against the demo cloud", () => {
  const cases = openstackClientCases(
    () => ({
      authUrl: fake.url,
      username: CINDER_ADMIN.username,
      password: CINDER_ADMIN.password,
      project: 'demo',
      volumeType: 'ceph',
      member: { username: CINDER_MEMBER.username, password: CINDER_MEMBER.password, project: 'demo' },
    }),
    120_000,
  );
  afterAll(async () => {
    await cases.cleanUp();
    await fake?.close();
  }, 120_000);
});
