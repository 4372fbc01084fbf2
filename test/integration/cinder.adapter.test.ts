/**
 * What the Cinder adapter does beyond the shared contract, against the fake
 * Keystone + Cinder: token reuse and one re-sign-in on 401, the service
 * catalog choice, microversion negotiation and the features it switches off,
 * marker paging, the noauth mode, and the services' own error words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualifyId } from '@/lib/domain';
import { isBackendError } from '@/lib/backends';
import { expectBackendError, waitFor } from '@/test/contract/backend-contract';
import { CINDER_ADMIN, cinderBackend, startFakeCinder, type CinderFakeServer } from '@/test/contract/cinder-fake';

let fake: CinderFakeServer;

beforeAll(async () => {
  fake = await startFakeCinder();
});
afterAll(async () => {
  await fake?.close();
});

async function settle(b: ReturnType<typeof cinderBackend>['backend'], id: string, until: (status: string) => boolean) {
  for (let i = 0; i < 200; i++) {
    const v = await b.getVolume!(id);
    if (until(v.nativeStatus)) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`volume ${id} did not settle`);
}

describe('Keystone', () => {
  it('signs in once and reuses the token for many calls', async () => {
    const c = cinderBackend(fake);
    await c.backend.listVolumes!({ page: 1, pageSize: 5 });
    await c.backend.getVolumeLimits!();
    await c.backend.listVolumeTypes!();
    expect(c.authRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
    await c.backend.close();
  });

  it('signs in again once when Cinder answers 401', async () => {
    const c = cinderBackend(fake);
    await c.backend.listVolumes!({ page: 1, pageSize: 5 });
    fake.revokeTokens();
    const page = await c.backend.listVolumes!({ page: 1, pageSize: 5 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(c.authRequests().filter((r) => r.method === 'POST')).toHaveLength(2);
    await c.backend.close();
  });

  it('a wrong password → auth_failed with Keystone\'s words', async () => {
    const c = cinderBackend(fake, { identity: { username: 'admin', password: 'wrong' } });
    const error = await c.backend.about().catch((e: unknown) => e);
    expect(isBackendError(error, 'auth_failed')).toBe(true);
    expect((error as { detail?: string }).detail).toMatch(/requires authentication/);
    await c.backend.close();
  });

  it('a region that is not in the catalog → a clear error naming it', async () => {
    const c = cinderBackend(fake, { url: `${fake.url}?project=demo&region=Mars` });
    const error = await c.backend.about().catch((e: unknown) => e);
    expect(isBackendError(error, 'backend_error')).toBe(true);
    expect((error as Error).message).toMatch(/region Mars/);
    await c.backend.close();
  });

  it('the internal interface works as well as the public one', async () => {
    const c = cinderBackend(fake, { url: `${fake.url}?project=demo&interface=internal&region=RegionOne` });
    expect((await c.backend.about()).isAdmin).toBe(true);
    await c.backend.close();
  });
});

describe('noauth mode', () => {
  it('talks to Cinder directly with a user:project token', async () => {
    const noauth = await startFakeCinder({ noauth: true });
    try {
      const c = cinderBackend(noauth, { url: `${noauth.cinderUrl}?auth=noauth&project=${noauth.projectId}` });
      const page = await c.backend.listVolumes!({ page: 1, pageSize: 3 });
      expect(page.items).toHaveLength(3);
      expect(c.authRequests()).toHaveLength(0);
      await c.backend.close();
    } finally {
      await noauth.close();
    }
  });
});

describe('microversions', () => {
  it('uses the highest version both sides know, and counts totals from 3.45', async () => {
    const c = cinderBackend(fake);
    const features = await c.backend.volumeFeatures!();
    expect(features.serverMaxVersion).toBe('3.70');
    expect(features.apiVersion).toBe('3.64');
    expect(features.revertToSnapshot).toBe(true);
    const page = await c.backend.listVolumes!({ page: 1, pageSize: 3 });
    expect(page.total).toBeGreaterThan(3);
    await c.backend.close();
  });

  it("a project member searches by exact name: Cinder's default filters refuse members name~", async () => {
    const member = cinderBackend(fake, { id: 'cinder-member', identity: { username: 'member', password: 'demo-member' } });
    const exact = await member.backend.listVolumes!({ page: 1, pageSize: 50, text: 'db-data' });
    expect(exact.items.map((v) => v.name)).toEqual(['db-data']);
    // No partial matches for members, where an admin finds every name containing the text.
    expect((await member.backend.listVolumes!({ page: 1, pageSize: 50, text: 'db-' })).items).toEqual([]);
    const admin = cinderBackend(fake);
    expect((await admin.backend.listVolumes!({ page: 1, pageSize: 50, text: 'db-' })).items.map((v) => v.name)).toContain('db-data');
    const asked = member.apiRequests().filter((r) => r.url.includes('/resource_filters'));
    expect(asked).toHaveLength(1);
    expect(member.apiRequests().some((r) => r.url.includes('name~'))).toBe(false);
    // The fake answers as Cinder does when a member tries anyway.
    const token = await fetch(`${fake.url}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: 'member', domain: { name: 'Default' }, password: 'demo-member' } } },
          scope: { project: { name: 'demo', domain: { name: 'Default' } } },
        },
      }),
    }).then((r) => r.headers.get('x-subject-token')!);
    const refused = await fetch(`${fake.cinderUrl}/v3/${fake.projectId}/volumes/detail?name~=db`, {
      headers: { 'X-Auth-Token': token, 'OpenStack-API-Version': 'volume 3.64' },
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ badRequest: { code: 400, message: 'Invalid filters name~ are found in query options.' } });
    await member.backend.close();
    await admin.backend.close();
  });

  it('a 3.0-only Cinder has no user messages: the adapter does not ask for them and says there are none', async () => {
    const old = await startFakeCinder({ maxVersion: '3.0' });
    try {
      const c = cinderBackend(old);
      const features = await c.backend.volumeFeatures!();
      expect(features).toMatchObject({ apiVersion: '3.0', messages: false, revertToSnapshot: false });
      expect(features.requires).toMatchObject({ messages: '3.3', revertToSnapshot: '3.40' });
      const failed = (await c.backend.listVolumes!({ page: 1, pageSize: 50, text: 'failed-restore' })).items[0]!;
      c.reset();
      expect(await c.backend.listVolumeMessages!(failed.id)).toEqual([]);
      expect(c.apiRequests().some((r) => r.url.includes('/messages'))).toBe(false);
      await c.backend.close();
    } finally {
      await old.close();
    }
  });

  it('below 3.40 revert is switched off with the reason, and name filters stay exact', async () => {
    const old = await startFakeCinder({ maxVersion: '3.30' });
    try {
      const c = cinderBackend(old);
      const features = await c.backend.volumeFeatures!();
      expect(features).toMatchObject({ apiVersion: '3.30', revertToSnapshot: false, countTotals: false });
      expect(features.requires.revertToSnapshot).toBe('3.40');
      const vol = (await c.backend.listVolumes!({ page: 1, pageSize: 50, text: 'db-data' })).items;
      expect(vol.map((v) => v.name)).toEqual(['db-data']);
      expect((await c.backend.listVolumes!({ page: 1, pageSize: 50 })).total).toBeUndefined();
      const snapshots = await c.backend.listVolumeSnapshots!(vol[0]!.id);
      const error = await c.backend.revertVolumeToSnapshot!(vol[0]!.id, snapshots[0]!.id).catch((e: unknown) => e);
      expect(isBackendError(error, 'invalid_input')).toBe(true);
      expect((error as Error).message).toMatch(/3\.40.*3\.30/);
      await c.backend.close();
    } finally {
      await old.close();
    }
  });
});

describe('volumes', () => {
  it('pages by marker without gaps or repeats', async () => {
    const c = cinderBackend(fake);
    const all = await c.backend.listVolumes!({ page: 1, pageSize: 100, sort: { field: 'name', dir: 'asc' } });
    const seen: string[] = [];
    let marker: string | undefined;
    for (let n = 0; n < 20; n++) {
      const page = await c.backend.listVolumes!({ page: 1, pageSize: 4, marker, sort: { field: 'name', dir: 'asc' } });
      seen.push(...page.items.map((v) => v.id));
      if (!page.hasMore) break;
      marker = page.nextMarker;
    }
    expect(seen).toEqual(all.items.map((v) => v.id));
    await c.backend.close();
  });

  it('filters by status and reads bootable from its string form', async () => {
    const c = cinderBackend(fake);
    const inUse = await c.backend.listVolumes!({ page: 1, pageSize: 50, filters: { status: 'in_use' } });
    expect(inUse.items.map((v) => v.name)).toEqual(['app-server-boot']);
    expect(inUse.items[0]).toMatchObject({ status: 'in_use', nativeStatus: 'in-use', bootable: true });
    expect(inUse.items[0]!.attachments[0]?.device).toBe('/dev/vdb');
    await c.backend.close();
  });

  it('a volume from an image passes through downloading and ends bootable', async () => {
    const c = cinderBackend(fake);
    const v = await c.backend.createVolume!({ name: 'from-image', sizeGiB: 1, source: { kind: 'image', imageId: 'cirros-0.6.2' } });
    expect(v.nativeStatus).toBe('creating');
    const done = await settle(c.backend, v.id, (s) => s === 'available' || s === 'error');
    expect(done.nativeStatus).toBe('available');
    expect(done.bootable).toBe(true);
    // The statuses the volume went through, as the fake recorded them (a poll may miss one).
    expect(fake.state.volumes.get(v.nativeId)!.statusLog).toEqual(['creating', 'downloading', 'available']);
    await c.backend.deleteVolume!(v.id);
    await c.backend.close();
  });

  it('a type whose back end cannot allocate ends in error', async () => {
    const c = cinderBackend(fake);
    const v = await c.backend.createVolume!({ name: 'doomed', sizeGiB: 1, volumeType: 'legacy-nfs', source: { kind: 'blank' } });
    const done = await settle(c.backend, v.id, (s) => s !== 'creating');
    expect(done).toMatchObject({ status: 'error', nativeStatus: 'error' });
    // Cinder's user message says why (3.3+), which the volume itself does not.
    expect((await c.backend.listVolumeMessages!(v.id)).map((m) => m.text)).toEqual(['schedule allocate volume: Could not find any available weighted backend.']);
    await c.backend.deleteVolume!(v.id);
    await c.backend.close();
  });

  it('retype: in place on the same back end; to another back end only when migration is allowed', async () => {
    const b = cinderBackend(fake).backend;
    const v = await b.createVolume!({ name: 'retype-me', sizeGiB: 1, volumeType: 'standard', source: { kind: 'blank' } });
    await settle(b, v.id, (s) => s === 'available');
    // lvm-thick lives on the same LVM back end: the driver changes it in place.
    await b.retypeVolume!(v.id, 'lvm-thick');
    expect((await settle(b, v.id, (s) => s === 'available')).volumeType).toBe('lvm-thick');
    // fast-ssd is on Ceph: with "never" the scheduler gives up after the 202 and says why.
    const log = fake.state.volumes.get(v.nativeId)!.statusLog;
    const before = log.length;
    await b.retypeVolume!(v.id, 'fast-ssd', 'never');
    expect((await settle(b, v.id, (s) => s === 'available')).volumeType).toBe('lvm-thick');
    expect(log.slice(before)).toEqual(['retyping', 'available']);
    expect((await b.listVolumeMessages!(v.id))[0]?.text).toBe('retype volume: Retype requires migration but is not allowed.');
    await b.deleteVolume!(v.id);
    await b.close();
  });

  it('clones a volume and a snapshot, retypes, sets bootable, reverts to the latest snapshot', async () => {
    const c = cinderBackend(fake);
    const b = c.backend;
    const src = await b.createVolume!({ name: 'src', sizeGiB: 1, source: { kind: 'blank' } });
    await settle(b, src.id, (s) => s === 'available');
    const clone = await b.createVolume!({ name: 'clone', sizeGiB: 1, source: { kind: 'volume', volumeId: src.id } });
    await settle(b, clone.id, (s) => s === 'available');
    const snap = await b.createVolumeSnapshot!(src.id, { name: 's1' });
    await waitFor(() => b.getVolumeSnapshot!(snap.id), (s) => s.nativeStatus === 'available', 5_000, 10, 'snapshot available');
    const fromSnap = await b.createVolume!({ name: 'from-snap', sizeGiB: 1, source: { kind: 'snapshot', snapshotId: snap.id } });
    await settle(b, fromSnap.id, (s) => s === 'available');

    // Another back end: the data must move, which the default policy (never) refuses.
    const log = fake.state.volumes.get(src.nativeId)!.statusLog;
    let before = log.length;
    await b.retypeVolume!(src.id, 'fast-ssd', 'on-demand');
    expect((await settle(b, src.id, (s) => s === 'available')).volumeType).toBe('fast-ssd');
    expect(log.slice(before)).toEqual(['retyping', 'available']);
    await b.setVolumeBootable!(src.id, true);
    expect((await b.getVolume!(src.id)).bootable).toBe(true);
    before = log.length;
    await b.revertVolumeToSnapshot!(src.id, snap.id);
    await settle(b, src.id, (s) => s === 'available');
    expect(log.slice(before)).toEqual(['reverting', 'available']);

    // Cinder's own refusal: a volume with snapshots cannot be deleted.
    const refusal = await b.deleteVolume!(src.id).catch((e: unknown) => e);
    expect(isBackendError(refusal, 'invalid_input')).toBe(true);
    expect((refusal as { detail?: string }).detail).toMatch(/dependent snapshots/);

    await b.deleteVolumeSnapshot!(snap.id);
    for (const v of [fromSnap, clone]) await b.deleteVolume!(v.id);
    await expectBackendError(b.extendVolume!(qualifyId('other', src.nativeId), 3), 'not_found');
    await b.close();
  });

  it('the pools are for admins only', async () => {
    const admin = cinderBackend(fake, { identity: CINDER_ADMIN });
    const pools = await admin.backend.listVolumePools!();
    expect(pools.length).toBeGreaterThan(0);
    expect(pools.some((p) => p.totalBytes === undefined)).toBe(true);
    const member = cinderBackend(fake, { identity: { username: 'member', password: 'demo-member' } });
    await expectBackendError(member.backend.listVolumePools!(), 'forbidden');
    await admin.backend.close();
    await member.backend.close();
  });
});
