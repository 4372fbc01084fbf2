/**
 * The Cinder adapter against a real Keystone + Cinder (API, scheduler, volume
 * service with a no-op driver, RabbitMQ) from Debian's packages, started by
 * scripts/real/cinder.sh: Keystone password auth scoped to a project, the
 * service catalog, the microversion the real server negotiates, the volume
 * life cycle as the services run it, a quota refusal in Cinder's own words,
 * one re-sign-in after Keystone revoked the token, and the noauth mode.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isBackendError, type Backend, type BackendWith, type RequestInfo } from '@/lib/backends';
import { createBackend } from '@/lib/backends/factory';
import { WANTED } from '@/lib/backends/cinder/microversion';
import type { QualifiedId, Volume } from '@/lib/domain';
import { realEnv } from './env';

const env = realEnv('cinder', [
  'KEYSTONE_URL',
  'CINDER_URL',
  'CINDER_USER',
  'CINDER_PASSWORD',
  'CINDER_PROJECT',
  'CINDER_PROJECT_ID',
  'CINDER_ADMIN_USER',
  'CINDER_ADMIN_PASSWORD',
  'CINDER_ADMIN_PROJECT',
  'CINDER_NOAUTH_URL',
  'CINDER_NOAUTH_PROJECT',
] as const);

const GIB = 1024 ** 3;
const SETTLE_MS = 60_000;
/** A test that follows volumes through the services may wait SETTLE_MS more than once on a busy machine. */
const SLOW = 150_000;

type CinderBackend = BackendWith<'volumes' | 'volumeManagement'>;

const opened: Backend[] = [];
afterAll(async () => {
  await Promise.all(opened.map((b) => b.close()));
});

function keystoneBackend(options: { password?: string; project?: string; url?: string } = {}) {
  const requests: RequestInfo[] = [];
  const backend = createBackend(
    {
      id: 'cinder-real',
      kind: 'cinder',
      name: 'Real Cinder',
      url: options.url ?? `${env!.KEYSTONE_URL}?project=${options.project ?? env!.CINDER_PROJECT}`,
      username: env!.CINDER_USER,
      password: options.password ?? env!.CINDER_PASSWORD,
    },
    { onRequest: (info) => requests.push(info) },
  ) as CinderBackend;
  opened.push(backend);
  return { backend, requests, signIns: () => requests.filter((r) => r.purpose === 'auth' && r.method === 'POST').length };
}

/** The admin's own calls (quota sets, revocation), straight over HTTP: the adapter has no such operations. */
async function admin() {
  const answer = await fetch(`${env!.KEYSTONE_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: env!.CINDER_ADMIN_USER, domain: { id: 'default' }, password: env!.CINDER_ADMIN_PASSWORD } } },
        scope: { project: { name: env!.CINDER_ADMIN_PROJECT, domain: { id: 'default' } } },
      },
    }),
  });
  expect(answer.status).toBe(201);
  const token = answer.headers.get('x-subject-token')!;
  const body = (await answer.json()) as { token: { project: { id: string } } };
  const call = async (url: string, method: string, json?: unknown) => {
    const res = await fetch(url, {
      method,
      headers: { 'X-Auth-Token': token, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res;
  };
  const quotaUrl = `${env!.CINDER_URL}/v3/${body.token.project.id}/os-quota-sets/${env!.CINDER_PROJECT_ID}`;
  return {
    setQuota: (quota: Record<string, number>) => call(quotaUrl, 'PUT', { quota_set: quota }),
    /** Back to the defaults. */
    resetQuota: () => call(quotaUrl, 'DELETE'),
    /** Keystone revokes every token of a user whose password an admin sets. */
    async revokeUserTokens(name: string, password: string) {
      const users = (await (await call(`${env!.KEYSTONE_URL}/users?name=${encodeURIComponent(name)}`, 'GET')).json()) as { users: Array<{ id: string }> };
      await call(`${env!.KEYSTONE_URL}/users/${users.users[0]!.id}`, 'PATCH', { user: { password } });
    },
  };
}

/** A Keystone token of the test user, scoped to its project, as any client gets one. */
async function userToken(): Promise<{ token: string; projectId: string }> {
  const answer = await fetch(`${env!.KEYSTONE_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: env!.CINDER_USER, domain: { id: 'default' }, password: env!.CINDER_PASSWORD } } },
        scope: { project: { name: env!.CINDER_PROJECT, domain: { id: 'default' } } },
      },
    }),
  });
  expect(answer.status).toBe(201);
  const body = (await answer.json()) as { token: { project: { id: string } } };
  return { token: answer.headers.get('x-subject-token')!, projectId: body.token.project.id };
}

/** Follows a volume like the Volumes page does, keeping every status word it showed on the way. */
async function follow(b: CinderBackend, id: QualifiedId, done: (v: Volume) => boolean) {
  const seen: string[] = [];
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const v = await b.getVolume(id);
    if (seen[seen.length - 1] !== v.nativeStatus) seen.push(v.nativeStatus);
    if (done(v)) return { volume: v, seen };
    if (Date.now() > deadline) throw new Error(`volume ${id} did not settle (statuses: ${seen.join(' → ')})`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function until(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + SETTLE_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const gone = (b: CinderBackend, id: QualifiedId) =>
  b.getVolume(id).then(
    () => false,
    (e: unknown) => {
      if (isBackendError(e, 'not_found')) return true;
      throw e;
    },
  );

describe.skipIf(!env)('Cinder adapter ↔ real Keystone + Cinder', () => {
  it('signs in with Keystone scoped to the project, finds Cinder in the catalog and negotiates the microversion', async () => {
    const { backend, requests, signIns } = keystoneBackend();
    const about = await backend.about();
    expect(about.identity.username).toBe(env!.CINDER_USER);
    // A project member, not an admin: Keystone's roles reached the adapter.
    expect(about.isAdmin).toBe(false);

    // The real server's range, asked directly.
    const versions = (await (await fetch(`${env!.CINDER_URL}/`)).json()) as { versions: Array<{ id: string; version: string }> };
    const serverMax = versions.versions.find((v) => v.id.startsWith('v3'))!.version;
    const features = await backend.volumeFeatures();
    expect(features.serverMaxVersion).toBe(serverMax);
    const [maj, min] = serverMax.split('.').map(Number) as [number, number];
    const [wmaj, wmin] = WANTED.split('.').map(Number) as [number, number];
    expect(features.apiVersion).toBe(maj > wmaj || (maj === wmaj && min >= wmin) ? WANTED : serverMax);
    expect(features.revertToSnapshot).toBe(true);
    expect(about.version).toBe(`API ${features.apiVersion} (server ${serverMax})`);

    // The Cinder endpoint came from the token's catalog (volumev3, %(project_id)s filled in).
    const api = requests.filter((r) => r.purpose === 'api');
    expect(api.some((r) => r.url.startsWith(`/v3/${env!.CINDER_PROJECT_ID}/limits`))).toBe(true);
    expect(signIns()).toBe(1);

    // Cinder honours what was negotiated: the volume count exists from 3.45. A member's search
    // is by exact name: the cloud's resource_filters (default configuration) have no name~.
    const page = await backend.listVolumes({ page: 1, pageSize: 5, text: 'no-such-volume-anywhere' });
    expect(page.total).toBe(0);
    expect(page.items).toEqual([]);
    expect(requests.filter((r) => r.url.includes('/resource_filters'))).toHaveLength(1);
    expect(requests.some((r) => r.url.includes('name~'))).toBe(false);
    // The token is reused for all of this.
    expect(signIns()).toBe(1);
  });

  it("a wrong password or an unknown project → auth_failed with Keystone's words", async () => {
    for (const b of [keystoneBackend({ password: 'not-the-password' }).backend, keystoneBackend({ project: 'no-such-project' }).backend]) {
      const error = await b.about().catch((e: unknown) => e);
      expect(isBackendError(error, 'auth_failed'), String(error)).toBe(true);
      expect((error as { status?: number }).status).toBe(401);
      expect((error as { detail?: string }).detail).toMatch(/authentication/i);
    }
  });

  it('an endpoint interface or region the catalog lacks → an error naming it', async () => {
    const { backend } = keystoneBackend({ url: `${env!.KEYSTONE_URL}?project=${env!.CINDER_PROJECT}&region=Mars` });
    const error = await backend.about().catch((e: unknown) => e);
    expect(isBackendError(error, 'backend_error'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/region Mars/);
  });

  it('create → followed to available → set bootable → extend → snapshot → revert → delete snapshot → delete', async () => {
    const { backend: b } = keystoneBackend();
    const before = await b.getVolumeLimits();
    const name = `real-${Date.now().toString(36)}`;
    const created = await b.createVolume({ name, description: 'virtdash real test', sizeGiB: 1, source: { kind: 'blank' } });
    expect(created.name).toBe(name);
    expect(created.nativeStatus).toBe('creating');
    try {
      const ready = await follow(b, created.id, (v) => v.status === 'available' || v.status === 'error');
      expect(ready.volume.nativeStatus, `statuses: ${ready.seen.join(' → ')}`).toBe('available');
      expect(ready.seen[ready.seen.length - 1]).toBe('available');
      expect(ready.volume.sizeBytes).toBe(GIB);
      expect(ready.volume.bootable).toBe(false);
      expect(ready.volume.description).toBe('virtdash real test');
      const during = await b.getVolumeLimits();
      expect(during.volumes.used).toBe(before.volumes.used + 1);
      expect(during.gigabytes.used).toBe(before.gigabytes.used + 1);
      expect((await b.listVolumes({ page: 1, pageSize: 10, text: name })).items.map((v) => v.id)).toEqual([created.id]);

      await b.setVolumeBootable(created.id, true);
      expect((await b.getVolume(created.id)).bootable).toBe(true);

      await b.extendVolume(created.id, 2);
      const extended = await follow(b, created.id, (v) => v.nativeStatus === 'available' && v.sizeBytes === 2 * GIB);
      expect(extended.volume.sizeBytes).toBe(2 * GIB);

      const snapshot = await b.createVolumeSnapshot(created.id, { name: `${name}-snap` });
      expect(snapshot.volume.id).toBe(created.id);
      expect(snapshot.sizeBytes).toBe(2 * GIB);
      await until('snapshot available', async () => (await b.getVolumeSnapshot(snapshot.id)).nativeStatus === 'available');
      expect((await b.listVolumeSnapshots(created.id)).map((s) => s.name)).toEqual([`${name}-snap`]);

      // Cinder reverts only to the latest snapshot, at the volume's size (3.40+).
      await b.revertVolumeToSnapshot(created.id, snapshot.id);
      const reverted = await follow(b, created.id, (v) => v.nativeStatus === 'available');
      expect(reverted.volume.sizeBytes).toBe(2 * GIB);

      await b.deleteVolumeSnapshot(snapshot.id);
      await until('snapshot deleted', async () => (await b.listVolumeSnapshots(created.id)).length === 0);
    } finally {
      await follow(b, created.id, (v) => !['creating', 'extending', 'reverting'].includes(v.nativeStatus)).catch(() => undefined);
      await b.deleteVolume(created.id).catch(() => undefined);
    }
    await until('volume deleted', () => gone(b, created.id));
    const after = await b.getVolumeLimits();
    expect(after.volumes.used).toBe(before.volumes.used);
    expect(after.gigabytes.used).toBe(before.gigabytes.used);
  }, SLOW);

  it("a volume over a tiny project quota → refused (413) in Cinder's words, nothing created", async () => {
    const { backend: b } = keystoneBackend();
    const a = await admin();
    await a.setQuota({ gigabytes: 3 });
    try {
      const limits = await b.getVolumeLimits();
      expect(limits.gigabytes.limit).toBe(3);
      const error = await b.createVolume({ name: 'real-too-big', sizeGiB: 5, source: { kind: 'blank' } }).catch((e: unknown) => e);
      expect(isBackendError(error, 'conflict'), String(error)).toBe(true);
      expect((error as { status?: number }).status).toBe(413);
      expect((error as Error).message).toBe('The project quota does not allow this.');
      expect((error as { detail?: string }).detail).toMatch(/exceeds allowed gigabytes quota\. Requested 5G, quota is 3G and 0G has been consumed/);
      expect((await b.listVolumes({ page: 1, pageSize: 10, text: 'real-too-big' })).items).toEqual([]);
      expect((await b.getVolumeLimits()).gigabytes.used).toBe(limits.gigabytes.used);
    } finally {
      await a.resetQuota();
    }
    expect((await b.getVolumeLimits()).gigabytes.limit).toBe(1000);
  }, SLOW);

  it('a token Keystone revoked: Cinder answers 401 and the adapter signs in again, once', async () => {
    const { backend: b, signIns } = keystoneBackend();
    await b.listVolumes({ page: 1, pageSize: 5 });
    expect(signIns()).toBe(1);
    // A token of our own, issued with the adapter's, tells when Cinder starts refusing them.
    const probe = await userToken();
    // Used once now, after the adapter's token: cinder-api caches the probe's validation later than
    // the adapter's, so when the probe is refused, the adapter's cached validation has expired too.
    expect((await fetch(`${env!.CINDER_URL}/v3/${probe.projectId}/volumes?limit=1`, { headers: { 'X-Auth-Token': probe.token } })).status).toBe(200);
    await (await admin()).revokeUserTokens(env!.CINDER_USER, env!.CINDER_PASSWORD);
    const revokedAt = Date.now();
    // cinder-api caches a token's validation for 2 s (scripts/real/cinder.sh): wait until it
    // refuses the old token...
    await until('Cinder refuses the revoked token', async () => (await fetch(`${env!.CINDER_URL}/v3/${probe.projectId}/volumes?limit=1`, { headers: { 'X-Auth-Token': probe.token } })).status === 401);
    // ...and, since Keystone compares revocations with issue times in whole seconds, until a token
    // issued now falls in a later second than the revocation (else it would count as revoked too).
    await until('a second after the revocation', async () => Math.floor(Date.now() / 1000) > Math.floor(revokedAt / 1000));
    await b.listVolumes({ page: 1, pageSize: 5 });
    expect(signIns()).toBe(2);
  }, SLOW);

  it('noauth: the volume service reports its pool, and a volume is created and deleted', async () => {
    const b = createBackend({
      id: 'cinder-noauth',
      kind: 'cinder',
      name: 'Real Cinder (noauth)',
      url: `${env!.CINDER_NOAUTH_URL}?auth=noauth&project=${env!.CINDER_NOAUTH_PROJECT}`,
    }) as CinderBackend;
    opened.push(b);
    const about = await b.about();
    expect(about.isAdmin).toBe(true);
    const pools = await b.listVolumePools!();
    expect(pools.map((p) => p.backendName)).toContain('fake');
    const created = await b.createVolume({ name: 'real-noauth', sizeGiB: 1, source: { kind: 'blank' } });
    try {
      const ready = await follow(b, created.id, (v) => v.status === 'available' || v.status === 'error');
      expect(ready.volume.nativeStatus).toBe('available');
      // Admins see where the scheduler put it: host@backend#pool.
      expect(ready.volume.backendHost).toMatch(/@fake#/);
    } finally {
      await b.deleteVolume(created.id).catch(() => undefined);
    }
    await until('volume deleted', () => gone(b, created.id));
  }, SLOW);
});
