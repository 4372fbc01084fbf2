/**
 * Image upload and delete as the adapter does them, one set of assertions run against the demo
 * Glance (test/integration/glance-images.test.ts) AND against the real Glance on Ceph
 * (test/real/glance-images.test.ts), so the fake cannot drift from what the real one answers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { BackendError, isBackendError, type BackendWith } from '@/lib/backends';
import type { QualifiedId, Volume } from '@/lib/domain';

type Cinder = BackendWith<'volumes' | 'volumeManagement'>;

export interface ImageCaseEnv {
  cinder: () => Cinder;
  /** A unique image name for this run. */
  name: (suffix: string) => string;
  /** Remembers an image for the suite's cleanup. */
  made: (id: string) => void;
  /** The image service root (catalog URL) and a token of the same user, for calls the dashboard does not make. */
  glance: () => Promise<{ url: string; token: string }>;
  /** A volume type on Ceph RBD (the rig's RBD type), where a volume from a raw image is a clone. */
  volumeType: string;
  /** Polls until the volume's native status is `status`. */
  settle: (id: QualifiedId, status: string) => Promise<Volume>;
  /** Polls until the volume is gone. */
  gone: (id: QualifiedId) => Promise<void>;
}

const KIB = 1024;

/** The bytes in uneven pieces, as the browser's ranges arrive: the adapter must not need them whole. */
async function* pieces(bytes: Buffer, size = 100 * KIB): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, Math.min(bytes.length, at + size));
}

export function imageCases(env: ImageCaseEnv, timeout: number): void {
  it('a new image is queued without size; its bytes streamed in pieces make it active with their size and md5; the list shows it', async () => {
    const c = env.cinder();
    const created = await c.createImage!({ name: env.name('up'), diskFormat: 'raw', containerFormat: 'bare' });
    env.made(created.id);
    expect(created).toMatchObject({ status: 'queued', diskFormat: 'raw', containerFormat: 'bare', protected: false });
    expect(created.sizeBytes).toBeUndefined();
    const bytes = randomBytes(300 * KIB + 17);
    await c.uploadImageData!(created.id, pieces(bytes), bytes.length);
    const image = await c.getImage!(created.id);
    expect(image).toMatchObject({ status: 'active', sizeBytes: bytes.length, checksum: createHash('md5').update(bytes).digest('hex') });
    expect((await c.listImages!()).find((i) => i.id === created.id)).toMatchObject({ name: env.name('up'), status: 'active' });

    // A second upload to an active image: Glance's 409, the image untouched.
    const again = await c.uploadImageData!(created.id, pieces(randomBytes(10 * KIB)), 10 * KIB).catch((e: unknown) => e);
    expect(isBackendError(again, 'conflict')).toBe(true);
    expect((again as BackendError).status).toBe(409);
    expect(await c.getImage!(created.id)).toMatchObject({ status: 'active', sizeBytes: bytes.length });
  }, timeout);

  it('an upload broken off half-way leaves the image queued, without bytes, and deletable', async () => {
    const c = env.cinder();
    const created = await c.createImage!({ name: env.name('broken'), diskFormat: 'qcow2', containerFormat: 'bare' });
    env.made(created.id);
    const controller = new AbortController();
    async function* halfThenStop(): AsyncGenerator<Uint8Array> {
      yield randomBytes(64 * KIB);
      yield randomBytes(64 * KIB);
      controller.abort();
      // The consumer stops reading once aborted; this never arrives.
      await new Promise((r) => setTimeout(r, 60_000));
    }
    const error = await c.uploadImageData!(created.id, halfThenStop(), 1024 * KIB, { signal: controller.signal }).catch((e: unknown) => e);
    expect(isBackendError(error, 'cancelled')).toBe(true);
    // Glance notices the broken connection on its own time: wait for it to give the image back.
    let image = await c.getImage!(created.id);
    for (let i = 0; i < 300 && image.status === 'saving'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      image = await c.getImage!(created.id);
    }
    expect(image.status).toBe('queued');
    expect(image.sizeBytes).toBeUndefined();
    await c.deleteImage!(created.id);
    expect(isBackendError(await c.getImage!(created.id).catch((e: unknown) => e), 'not_found')).toBe(true);
  }, timeout);

  it('a protected image is refused deletion in Glance\'s words and stays; unprotected it goes (204), then is not found', async () => {
    const c = env.cinder();
    const { url, token } = await env.glance();
    const answer = await fetch(`${url}/v2/images`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Auth-Token': token },
      body: JSON.stringify({ name: env.name('prot'), disk_format: 'raw', container_format: 'bare', protected: true }),
    });
    expect(answer.status).toBe(201);
    const id = ((await answer.json()) as { id: string }).id;
    env.made(id);
    const refused = await c.deleteImage!(id).catch((e: unknown) => e);
    expect(isBackendError(refused, 'forbidden')).toBe(true);
    expect((refused as BackendError).detail).toContain('is protected and cannot be deleted');
    expect(await c.getImage!(id)).toMatchObject({ protected: true });

    const unprotect = await fetch(`${url}/v2/images/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch', 'X-Auth-Token': token },
      body: JSON.stringify([{ op: 'replace', path: '/protected', value: false }]),
    });
    expect(unprotect.status).toBe(200);
    await c.deleteImage!(id);
    expect(isBackendError(await c.getImage!(id).catch((e: unknown) => e), 'not_found')).toBe(true);
    expect(isBackendError(await c.deleteImage!(id).catch((e: unknown) => e), 'not_found')).toBe(true);
  }, timeout);

  it('Cinder refuses a volume from an image that is not active yet (it asks Glance)', async () => {
    const c = env.cinder();
    const created = await c.createImage!({ name: env.name('queued'), diskFormat: 'raw', containerFormat: 'bare' });
    env.made(created.id);
    const refused = await c.createVolume({ name: env.name('from-queued'), sizeGiB: 1, volumeType: env.volumeType, source: { kind: 'image', imageId: created.id } }).catch((e: unknown) => e);
    expect(isBackendError(refused, 'invalid_input')).toBe(true);
  }, timeout);

  it('an image a volume is a Ceph clone of is refused deletion (409, in Glance\'s words); once the volume is gone it deletes', async () => {
    const c = env.cinder();
    const created = await c.createImage!({ name: env.name('cloned'), diskFormat: 'raw', containerFormat: 'bare' });
    env.made(created.id);
    const bytes = randomBytes(256 * KIB);
    await c.uploadImageData!(created.id, pieces(bytes), bytes.length);
    const volume = await c.createVolume({ name: env.name('clone-of-image'), sizeGiB: 1, volumeType: env.volumeType, source: { kind: 'image', imageId: created.id } });
    try {
      await env.settle(volume.id, 'available');
      const refused = await c.deleteImage!(created.id).catch((e: unknown) => e);
      expect(isBackendError(refused, 'conflict')).toBe(true);
      expect((refused as BackendError).status).toBe(409);
      expect((refused as BackendError).detail).toContain('is in use');
      expect((await c.getImage!(created.id)).status).toBe('active');
    } finally {
      await c.deleteVolume(volume.id);
      await env.gone(volume.id);
    }
    await c.deleteImage!(created.id);
    expect(isBackendError(await c.getImage!(created.id).catch((e: unknown) => e), 'not_found')).toBe(true);
  }, timeout);

  it('the image list pages by limit with a next link until the last page, and filters by tag, visibility and status', async () => {
    const { url, token } = await env.glance();
    const tag = env.name('tag');
    const headers = { 'Content-Type': 'application/json', 'X-Auth-Token': token };
    for (const [n, visibility] of [['a', 'shared'], ['b', 'private'], ['c', 'shared']] as const) {
      const answer = await fetch(`${url}/v2/images`, { method: 'POST', headers, body: JSON.stringify({ name: env.name(`list-${n}`), disk_format: 'raw', container_format: 'bare', visibility, tags: [tag] }) });
      expect(answer.status).toBe(201);
      env.made(((await answer.json()) as { id: string }).id);
    }
    const list = async (path: string) => {
      const answer = await fetch(`${url}${path}`, { headers });
      expect(answer.status).toBe(200);
      return (await answer.json()) as { images: Array<{ name: string; visibility: string; status: string }>; next?: string; first: string };
    };
    const first = await list(`/v2/images?limit=2&sort_key=name&sort_dir=asc&tag=${encodeURIComponent(tag)}`);
    expect(first.images.map((i) => i.name)).toEqual([env.name('list-a'), env.name('list-b')]);
    expect(first.next).toMatch(/^\/v2\/images\?.*marker=/);
    const second = await list(first.next!);
    expect(second.images.map((i) => i.name)).toEqual([env.name('list-c')]);
    expect(second.next).toBeUndefined();
    expect((await list(`/v2/images?visibility=private&tag=${encodeURIComponent(tag)}`)).images.map((i) => i.name)).toEqual([env.name('list-b')]);
    expect((await list(`/v2/images?status=active&tag=${encodeURIComponent(tag)}`)).images).toEqual([]);
    expect((await list(`/v2/images?status=queued&tag=${encodeURIComponent(tag)}`)).images).toHaveLength(3);
    // A JSON-patch needs its own media type: plain JSON is refused (415) and changes nothing.
    const id = ((await list(`/v2/images?name=${encodeURIComponent(env.name('list-a'))}`)).images[0] as unknown as { id: string }).id;
    const wrongType = await fetch(`${url}/v2/images/${id}`, { method: 'PATCH', headers, body: JSON.stringify([{ op: 'replace', path: '/name', value: 'x' }]) });
    expect(wrongType.status).toBe(415);
    const renamed = await fetch(`${url}/v2/images/${id}`, {
      method: 'PATCH',
      headers: { ...headers, 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
      body: JSON.stringify([{ op: 'replace', path: '/name', value: env.name('list-renamed') }]),
    });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { name: string }).name).toBe(env.name('list-renamed'));
  }, timeout);
}
