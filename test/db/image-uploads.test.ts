import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './setup-env';

/**
 * The browser's image upload through the service layer (lib/services/image-uploads.ts) into the
 * demo Glance, on a real database: byte ranges streamed into Glance's single upload, a range broken
 * off half-way resumed from the bytes passed on, a range at the wrong offset refused, cancel
 * deleting the partial image.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { startCinderFake } = await import('@/fakes/cinder/server');
const { registerDemoCinderConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends } = await import('@/lib/services/connections');
const uploads = await import('@/lib/services/image-uploads');

let cinder: Awaited<ReturnType<typeof startCinderFake>>;
let connectionId = '';

beforeAll(async () => {
  const runner = await openSqlRunner(databaseTarget());
  await applyMigrations(runner);
  await runner.close();
  cinder = await startCinderFake({ port: 0, timeScale: 0.01 });
  connectionId = (await registerDemoCinderConnection({ url: `${cinder.url}?project=demo`, username: 'admin', password: 'demo-admin' })).id;
}, 60_000);

afterAll(async () => {
  await closeAllBackends();
  await cinder?.close();
  await getDb().$disconnect();
});

async function* pieces(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, Math.min(bytes.length, at + size));
}

/** A range whose body breaks off after `keep` bytes, as a dropped browser connection does. */
async function* brokenAfter(bytes: Buffer, keep: number): AsyncGenerator<Uint8Array> {
  yield* pieces(bytes.subarray(0, keep));
  throw new Error('connection reset by the browser');
}

describe('image uploads (service layer → demo Glance)', () => {
  it('ranges go on into one Glance upload; a range broken off resumes where the bytes stopped; finalize makes the image active with the file\'s md5', async () => {
    const bytes = randomBytes(700 * 1024 + 3);
    const started = await uploads.startImageUpload(connectionId, { name: 'svc-upload', diskFormat: 'qcow2', containerFormat: 'bare', visibility: 'private', sizeBytes: bytes.length });
    expect(started).toMatchObject({ phase: 'transferring', transferredBytes: 0 });
    expect(cinder.glance.images.get(started.imageId)).toMatchObject({ status: 'queued', diskFormat: 'qcow2' });

    const first = 300 * 1024;
    await uploads.writeImageUpload(started.transferId, { offset: 0, length: first, total: bytes.length, body: pieces(bytes.subarray(0, first)) });
    // The second range breaks off after 100 KiB: what went on counts, the upload stays open.
    await expect(
      uploads.writeImageUpload(started.transferId, { offset: first, length: 300 * 1024, total: bytes.length, body: brokenAfter(bytes.subarray(first), 100 * 1024) }),
    ).rejects.toThrow('connection reset');
    const state = await uploads.imageUploadState(started.transferId);
    expect(state).toMatchObject({ phase: 'transferring', transferredBytes: first + 100 * 1024 });
    // Glance is saving (the fake runs in this process: it reads the socket once the loop polls I/O).
    await expect.poll(() => cinder.glance.images.get(started.imageId)!.status).toBe('saving');

    // A range at the wrong offset is refused; the one at the offset the state names goes on.
    await expect(uploads.writeImageUpload(started.transferId, { offset: first, length: 10, total: bytes.length, body: pieces(bytes.subarray(first, first + 10)) })).rejects.toMatchObject({ code: 'conflict' });
    const at = state.transferredBytes;
    await uploads.writeImageUpload(started.transferId, { offset: at, length: bytes.length - at, total: bytes.length, body: pieces(bytes.subarray(at)) });

    const done = await uploads.finalizeImageUpload(started.transferId);
    expect(done).toMatchObject({ phase: 'finished', transferredBytes: bytes.length });
    expect(cinder.glance.images.get(started.imageId)).toMatchObject({ status: 'active', size: bytes.length, checksum: createHash('md5').update(bytes).digest('hex') });
    await expect(uploads.cancelImageUpload(started.transferId)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('finalize before every byte is in is refused; cancel stops the stream and deletes the partial image', async () => {
    const bytes = randomBytes(200 * 1024);
    const started = await uploads.startImageUpload(connectionId, { name: 'svc-cancel', diskFormat: 'raw', containerFormat: 'bare', visibility: 'private', sizeBytes: bytes.length });
    await uploads.writeImageUpload(started.transferId, { offset: 0, length: 100 * 1024, total: bytes.length, body: pieces(bytes.subarray(0, 100 * 1024)) });
    await expect(uploads.finalizeImageUpload(started.transferId)).rejects.toMatchObject({ code: 'conflict' });
    expect((await uploads.cancelImageUpload(started.transferId)).phase).toBe('cancelled');
    expect(cinder.glance.images.has(started.imageId)).toBe(false);
    await expect(uploads.writeImageUpload(started.transferId, { offset: 100 * 1024, length: 10, total: bytes.length, body: pieces(bytes.subarray(0, 10)) })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('an unknown connection is refused before anything is created', async () => {
    const before = cinder.glance.images.size;
    await expect(uploads.startImageUpload('no-such-connection', { name: 'x', diskFormat: 'raw', containerFormat: 'bare', visibility: 'private', sizeBytes: 10 })).rejects.toMatchObject({ code: 'not_found' });
    expect(cinder.glance.images.size).toBe(before);
  });
});
