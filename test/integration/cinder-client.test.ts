/**
 * Debian's own `cinder` client against the demo Cinder (the cases: test/contract/cinder-client-cases.ts;
 * the same against the real Cinder: test/real/cinder-client.test.ts). The verbs that resolve a volume
 * by NAME send all_tenants=1 as the admin, which the real Cinder accepts from an admin. Skipped where
 * the client is not installed (it is in .ci/packages, so the test command always runs it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cinderClientCases, cinderClientInstalled, cinderCommand } from '@/test/contract/cinder-client-cases';
import { CINDER_ADMIN, CINDER_MEMBER, startFakeCinder, type CinderFakeServer } from '@/test/contract/cinder-fake';

let fake: CinderFakeServer;

beforeAll(async () => {
  if (cinderClientInstalled) fake = await startFakeCinder();
});
afterAll(async () => {
  await fake?.close();
});

describe.skipIf(!cinderClientInstalled)("Debian's cinder client against the demo Cinder", () => {
  const subject = () => ({ authUrl: fake.url, username: CINDER_ADMIN.username, password: CINDER_ADMIN.password, project: 'demo', volumeType: 'ceph' });
  // The demo's admin holds the service role, as a deployment gives its attaching service.
  cinderClientCases(subject, 120_000, { attachments: true });

  it("a member reads their own project's quota usage, not another project's (403, Cinder's policy words)", async () => {
    const member = cinderCommand(() => ({ ...subject(), username: CINDER_MEMBER.username, password: CINDER_MEMBER.password }));
    expect((await member('quota-usage', fake.projectId)).stdout).toMatch(/\|\s+volumes\s+\|/);
    const error = (await member('quota-usage', 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5').catch((e: unknown) => e)) as { stderr?: string };
    expect(error.stderr).toContain("Policy doesn't allow volume_extension:quotas:show to be performed. (HTTP 403)");
  }, 60_000);
});
