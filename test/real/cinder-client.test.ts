/**
 * Debian's own `cinder` client against the real Cinder of scripts/real/cinder.sh (with its RBD
 * backend on scripts/real/ceph.sh): the same cases as against the demo Cinder
 * (test/integration/cinder-client.test.ts, cases in test/contract/cinder-client-cases.ts), so the
 * fake is held to the real service's answers, quota-usage included.
 */
import { afterAll, describe } from 'vitest';
import { cinderClientCases, cinderClientInstalled } from '@/test/contract/cinder-client-cases';
import { realEnv } from './env';

const env = realEnv('cinder client (real cinder)', ['KEYSTONE_URL', 'CINDER_ADMIN_USER', 'CINDER_ADMIN_PASSWORD', 'CINDER_ADMIN_PROJECT', 'CINDER_RBD_TYPE'] as const);

describe.skipIf(!env || !cinderClientInstalled)("Debian's cinder client against the real Cinder", () => {
  const cases = cinderClientCases(
    () => ({ authUrl: env!.KEYSTONE_URL, username: env!.CINDER_ADMIN_USER, password: env!.CINDER_ADMIN_PASSWORD, project: env!.CINDER_ADMIN_PROJECT, volumeType: env!.CINDER_RBD_TYPE }),
    240_000,
    // The rig's admin lacks Keystone's service role (only the dashboard's user holds it), so a plain
    // attachment-delete of a VM Nova does not know is refused here: test/real/cinder-attachments.test.ts covers that API.
    { attachments: false },
  );
  afterAll(() => cases.cleanUp(), 240_000);
});
