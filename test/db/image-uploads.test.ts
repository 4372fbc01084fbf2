import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from './setup-env';

/**
 * The browser's image upload through the service layer (lib/services/image-uploads.ts) into the
 * demo Glance, on a real database: byte ranges streamed into Glance's single upload, a range broken
 * off half-way resumed from the bytes passed on, a range at the wrong offset refused, cancel
 * deleting the partial image. With several instances on the database: the session recorded with
 * its instance's address, a request for an upload another instance holds forwarded there (a real
 * HTTP server stands in for it), and an upload whose instance is gone failed for everyone and
 * cancelled from the ids in the database.
 */

await freshDatabase();
process.env.SECRET_KEY ??= 'ab'.repeat(32);
process.env.AUTH_SECRET ??= 'cd'.repeat(32);
process.env.VIRTDASH_INSTANCE_URL = 'http://127.0.0.1:39123';
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { databaseTarget } = await import('@/lib/db/target');
const { applyMigrations, openSqlRunner } = await import('@/lib/db/migrate');
const { getDb } = await import('@/lib/db/prisma');
const { startCinderFake } = await import('@/fakes/cinder/server');
const { registerDemoCinderConnection } = await import('@/lib/services/backends-file');
const { closeAllBackends } = await import('@/lib/services/connections');
const uploads = await import('@/lib/services/image-uploads');
const { volumeBackend } = await import('@/lib/services/volumes');
const { FORWARDED_HEADER, forwardToPeer } = await import('@/lib/http/peer-forward');
const { auditedAnswer } = await import('@/lib/api/respond');

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

describe('image uploads with several instances on one database', () => {
  const row = (id: string) => getDb().imageUploadSession.findUnique({ where: { id } });

  it('the instance that starts an upload records it with its own address; its end is recorded for every instance', async () => {
    const bytes = randomBytes(50 * 1024);
    const started = await uploads.startImageUpload(connectionId, { name: 'svc-rec', diskFormat: 'raw', containerFormat: 'bare', visibility: 'private', sizeBytes: bytes.length });
    expect(await row(started.transferId)).toMatchObject({ ownerUrl: 'http://127.0.0.1:39123', connectionId, imageId: started.imageId, sizeBytes: BigInt(bytes.length), phase: 'transferring', endedAt: null });
    await uploads.writeImageUpload(started.transferId, { offset: 0, length: bytes.length, total: bytes.length, body: pieces(bytes) });
    await uploads.finalizeImageUpload(started.transferId);
    expect(await row(started.transferId)).toMatchObject({ phase: 'finished', endedAt: expect.any(Date) });

    const other = await uploads.startImageUpload(connectionId, { name: 'svc-rec2', diskFormat: 'raw', containerFormat: 'bare', visibility: 'private', sizeBytes: 10 });
    await uploads.cancelImageUpload(other.transferId);
    expect(await row(other.transferId)).toMatchObject({ phase: 'cancelled' });
  });

  it('a request for an upload another instance holds is forwarded there with the user\'s cookie, and its answer returned; a forwarded one never again', async () => {
    const seen: { method?: string; url?: string; cookie?: string; body: number }[] = [];
    const owner = http.createServer((req, res) => {
      const s = { method: req.method, url: req.url, cookie: req.headers.cookie, body: 0 };
      seen.push(s);
      req.on('data', (piece: Buffer) => (s.body += piece.length));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ phase: 'transferring', transferredBytes: s.body, from: 'owner' }));
      });
    });
    await new Promise<void>((r) => owner.listen(0, '127.0.0.1', r));
    try {
      const id = randomUUID();
      await getDb().imageUploadSession.create({
        data: { id, ownerUrl: `http://127.0.0.1:${(owner.address() as AddressInfo).port}`, connectionId, imageId: 'img-elsewhere', sizeBytes: 300n, phase: 'transferring' },
      });
      const put = (headers: Record<string, string> = {}) =>
        new Request(`http://balancer.test/api/images/uploads/${id}?offset=0&length=300&total=300`, {
          method: 'PUT',
          headers: { cookie: 'session=abc', origin: 'http://balancer.test', ...headers },
          body: new Uint8Array(300),
          duplex: 'half',
        } as RequestInit);
      const answer = await uploads.imageUploadElsewhere(put(), id);
      expect(await answer?.json()).toEqual({ phase: 'transferring', transferredBytes: 300, from: 'owner' });
      expect(seen).toEqual([{ method: 'PUT', url: `/api/images/uploads/${id}?offset=0&length=300&total=300`, cookie: 'session=abc', body: 300 }]);
      // Marked as forwarded already: answered here, not sent on.
      expect(await uploads.imageUploadElsewhere(put({ [FORWARDED_HEADER]: 'x' }), id)).toBeUndefined();
      expect(seen).toHaveLength(1);
    } finally {
      await new Promise((r) => owner.close(r));
    }
  });

  it('an upload whose instance is gone has failed, for every instance, and cancel deletes its image from the ids in the database', async () => {
    const glance = await volumeBackend(connectionId);
    const image = await glance.createImage!({ name: 'svc-orphan', diskFormat: 'raw', containerFormat: 'bare', visibility: 'private' });
    const gone = http.createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const goneUrl = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await new Promise((r) => gone.close(r));
    const id = randomUUID();
    await getDb().imageUploadSession.create({ data: { id, ownerUrl: goneUrl, connectionId, imageId: image.id, sizeBytes: 300n, phase: 'transferring' } });

    // The owner does not answer: this instance answers, and the upload has failed.
    expect(await uploads.imageUploadElsewhere(new Request(`http://balancer.test/api/images/uploads/${id}`, { headers: { cookie: 'session=abc' } }), id)).toBeUndefined();
    const failed = await uploads.imageUploadState(id);
    expect(failed).toMatchObject({ phase: 'failed', reason: 'instance_gone', detail: expect.stringContaining('instance holding this upload is gone'), imageId: image.id });
    expect(await row(id)).toMatchObject({ phase: 'failed', detail: 'instance_gone', endedAt: expect.any(Date) });
    // A range takes no byte and says so; finalize too.
    expect(await uploads.writeImageUpload(id, { offset: 0, length: 3, total: 300, body: pieces(Buffer.alloc(3)) })).toMatchObject({ phase: 'failed', reason: 'instance_gone' });
    expect(await uploads.finalizeImageUpload(id)).toMatchObject({ phase: 'failed', reason: 'instance_gone' });

    expect(cinder.glance.images.has(image.id)).toBe(true);
    expect(await uploads.cancelImageUpload(id)).toMatchObject({ phase: 'cancelled', imageId: image.id });
    expect(cinder.glance.images.has(image.id)).toBe(false);
    expect(await row(id)).toMatchObject({ phase: 'cancelled' });
    // Cancelling again (a second tab, a retry) changes nothing.
    expect(await uploads.cancelImageUpload(id)).toMatchObject({ phase: 'cancelled' });
  });

  it('an upload recorded as this instance\'s but not in its memory (it restarted) is not forwarded to itself: it has failed', async () => {
    const id = randomUUID();
    await getDb().imageUploadSession.create({ data: { id, ownerUrl: 'http://127.0.0.1:39123', connectionId, imageId: 'img-restarted', sizeBytes: 10n, phase: 'transferring' } });
    expect(await uploads.imageUploadElsewhere(new Request(`http://balancer.test/api/images/uploads/${id}`), id)).toBeUndefined();
    expect(await uploads.imageUploadState(id)).toMatchObject({ phase: 'failed', reason: 'instance_gone' });
    await expect(uploads.imageUploadState(randomUUID())).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('a forwarded upload request is audited once, by the instance the user reached', () => {
  const user = { id: 'u-audit', username: 'audit-admin', displayName: null, role: 'admin' as const, sessionId: 's' };
  const entries = (id: string) => getDb().auditEntry.findMany({ where: { action: 'images.upload.cancel', targetId: id }, orderBy: { at: 'asc' } });

  it('the receiving instance audits the owner\'s answer (success or its refusal); the owner, receiving it signed, does not audit again', async () => {
    const id = randomUUID();
    const target = { type: 'image_upload', id };
    // What the receiving instance does: audit the owner's answer, whatever it is.
    await auditedAnswer(new Request(`http://b/api/images/uploads/${id}`, { method: 'DELETE' }), user, 'images.upload.cancel', target, async () => Response.json({ phase: 'cancelled' }));
    await auditedAnswer(new Request(`http://b/api/images/uploads/${id}`, { method: 'DELETE' }), user, 'images.upload.cancel', target, async () =>
      Response.json({ error: { code: 'conflict', message: 'The upload has finished; delete the image instead.' } }, { status: 409 }),
    );
    expect((await entries(id)).map((e) => [e.result, e.detail])).toEqual([
      ['success', null],
      ['failure', { reason: 'The upload has finished; delete the image instead.' }],
    ]);

    // The owner's side: the same request as a peer forwarded it (signed), answered without an entry.
    let forwarded: Request | undefined;
    const owner = http.createServer((req, res) => {
      forwarded = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers as Record<string, string> });
      res.end('{}');
    });
    await new Promise<void>((r) => owner.listen(0, '127.0.0.1', r));
    try {
      await forwardToPeer(new Request(`http://b/api/images/uploads/${id}`, { method: 'DELETE', headers: { cookie: 'session=abc' } }), `http://127.0.0.1:${(owner.address() as AddressInfo).port}`);
    } finally {
      await new Promise((r) => owner.close(r));
    }
    const answer = await auditedAnswer(forwarded!, user, 'images.upload.cancel', target, async () => Response.json({ phase: 'cancelled' }));
    expect(answer.status).toBe(200);
    expect(await entries(id)).toHaveLength(2);
    // A marker the browser wrote itself is no peer's: audited as ever.
    await auditedAnswer(new Request(`http://b/api/images/uploads/${id}`, { method: 'DELETE', headers: { [FORWARDED_HEADER]: '1.x' } }), user, 'images.upload.cancel', target, async () => Response.json({}));
    expect(await entries(id)).toHaveLength(3);
  });
});
