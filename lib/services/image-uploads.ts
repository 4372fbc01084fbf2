import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ImageUploadSession as SessionRow } from '@prisma/client';
import { BackendError } from '@/lib/backends';
import { instanceUrl } from '@/lib/config/instance-url';
import { getDb } from '@/lib/db/prisma';
import type { ImageCreateInput } from '@/lib/domain/volumes';
import { forwardToPeer, isForwarded } from '@/lib/http/peer-forward';
import { listVolumeConnections, volumeBackend } from './volumes';
import { mutate } from './gateway';

/**
 * Browser → Glance image uploads. Glance takes an image's bytes in ONE streamed request
 * (PUT …/file), while the browser sends byte ranges it can retry and resume. A session bridges
 * them: it opens that PUT once and feeds it each range as it arrives, handing the next piece only
 * when the socket took the last (backpressure), so the dashboard never holds more than a piece.
 * A range broken off mid-way resumes from the bytes the session passed on, as long as the PUT is
 * open; if Glance ends it (a failure, the dashboard restarting), the image is back to `queued`
 * and the upload has failed: cancel it and start again.
 *
 * The stream lives in the process that started it. With several instances on one database, that
 * instance records the session (ImageUploadSession: its own address, the image's ids, the phase)
 * and every other instance forwards the upload's requests to it (imageUploadElsewhere). If it does
 * not answer, its stream is gone with it: the upload has failed (`instance_gone`), and cancel,
 * from any instance, deletes the half-uploaded image by the ids in the database.
 */

export type ImageUploadPhase = 'transferring' | 'finished' | 'failed' | 'cancelled';

export interface ImageUploadState {
  transferId: string;
  imageId: string;
  connectionId: string;
  phase: ImageUploadPhase;
  transferredBytes: number;
  sizeBytes: number;
  /** Why the upload failed, in the service's words. */
  detail?: string;
  /** A failure the page words itself: the instance holding the stream is gone. */
  reason?: 'instance_gone';
}

/** ImageUploadSession.detail of an upload whose instance stopped answering. */
const INSTANCE_GONE = 'instance_gone';
const INSTANCE_GONE_WORDS = 'The dashboard instance holding this upload is gone; cancel it and start again.';
/** Rows older than this are dropped at the next start (Glance ends an idle upload after 5 minutes). */
const ROW_KEEP_MS = 7 * 24 * 3600_000;

/** A push-to-pull byte pipe: `write` resolves once the consumer has taken the piece. */
class BytePipe implements AsyncIterable<Uint8Array> {
  private waiting?: { piece: Uint8Array; taken: () => void; refused: (e: Error) => void };
  private puller?: (r: IteratorResult<Uint8Array>) => void;
  private ended = false;
  private failure?: Error;

  write(piece: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.reject(new Error('the upload stream has ended'));
    return new Promise<void>((taken, refused) => {
      if (this.puller) {
        const pull = this.puller;
        this.puller = undefined;
        pull({ value: piece, done: false });
        taken();
      } else this.waiting = { piece, taken, refused };
    });
  }

  end(): void {
    this.ended = true;
    this.puller?.({ value: undefined, done: true });
    this.puller = undefined;
  }

  /** The consumer is gone: pending and later writes fail. */
  fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.refused(error);
    this.waiting = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => {
        if (this.waiting) {
          const w = this.waiting;
          this.waiting = undefined;
          w.taken();
          return Promise.resolve({ value: w.piece, done: false });
        }
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.puller = resolve));
      },
      return: () => {
        this.fail(new Error('the image service stopped reading'));
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

interface Session {
  state: ImageUploadState;
  pipe: BytePipe;
  abort: AbortController;
  upload: Promise<void>;
  /** One range at a time: a second writer would interleave bytes. */
  writing: boolean;
  endedAt?: number;
}

/** Ended sessions stay readable a while (the browser reads the state right after finalize). */
const ENDED_KEEP_MS = 5 * 60_000;
const store = globalThis as typeof globalThis & { __virtdashImageUploads?: Map<string, Session> };
const sessions = (store.__virtdashImageUploads ??= new Map<string, Session>());

function prune(now = Date.now()): void {
  for (const [id, s] of sessions) if (s.endedAt !== undefined && now - s.endedAt > ENDED_KEEP_MS) sessions.delete(id);
}

function held(transferId: string): Session | undefined {
  prune();
  return sessions.get(transferId);
}

const NOT_FOUND = 'The upload was not found (it ended or the dashboard restarted).';

/** The session's end as the database keeps it, for every instance to read. */
async function recordEnd(state: ImageUploadState): Promise<void> {
  await getDb().imageUploadSession.updateMany({
    where: { id: state.transferId, NOT: { phase: 'finished' } },
    data: { phase: state.phase, detail: state.detail?.slice(0, 2000) ?? null, endedAt: new Date() },
  });
}

function rowState(row: SessionRow): ImageUploadState {
  const gone = row.detail === INSTANCE_GONE;
  return {
    transferId: row.id,
    imageId: row.imageId,
    connectionId: row.connectionId,
    phase: row.phase as ImageUploadPhase,
    // The count lived in the owner's memory; only a finished upload's is known without it.
    transferredBytes: row.phase === 'finished' ? Number(row.sizeBytes) : 0,
    sizeBytes: Number(row.sizeBytes),
    ...(gone ? { detail: INSTANCE_GONE_WORDS, reason: 'instance_gone' as const } : row.detail ? { detail: row.detail } : {}),
  };
}

/**
 * An upload this process does not hold, as the database has it. One still transferring has lost
 * its stream: this instance is not its owner, and its owner either did not answer, or restarted,
 * or sent the request here itself: it has failed, for every instance.
 */
async function orphan(transferId: string): Promise<{ row: SessionRow; state: ImageUploadState }> {
  const db = getDb();
  let row = await db.imageUploadSession.findUnique({ where: { id: transferId } });
  if (!row) throw new BackendError('not_found', NOT_FOUND);
  if (row.phase === 'transferring') {
    await db.imageUploadSession.updateMany({ where: { id: transferId, phase: 'transferring' }, data: { phase: 'failed', detail: INSTANCE_GONE, endedAt: new Date() } });
    row = (await db.imageUploadSession.findUnique({ where: { id: transferId } })) ?? row;
  }
  return { row, state: rowState(row) };
}

/**
 * A request for an upload whose stream another instance holds: that instance's answer to it
 * (forwarded there, lib/http/peer-forward.ts). Undefined when this instance answers itself: it
 * holds the stream, the upload is unknown or over, the request was forwarded here already, or
 * the owner did not answer (then the upload is recorded as failed first).
 */
export async function imageUploadElsewhere(request: Request, transferId: string): Promise<Response | undefined> {
  if (held(transferId) || isForwarded(request)) return undefined;
  const row = await getDb().imageUploadSession.findUnique({ where: { id: transferId }, select: { ownerUrl: true, phase: true } });
  // The owner's address is only ever the one an instance wrote about itself, never the request's.
  if (!row || row.phase !== 'transferring' || row.ownerUrl === instanceUrl()) return undefined;
  const answer = await forwardToPeer(request, row.ownerUrl);
  if ('response' in answer) return answer.response;
  if ('callerGone' in answer) throw new BackendError('cancelled', 'The browser broke the request off.');
  console.warn(`[virtdash] image upload ${transferId}: ${answer.unreachable}; the upload has failed`);
  await getDb().imageUploadSession.updateMany({ where: { id: transferId, phase: 'transferring' }, data: { phase: 'failed', detail: INSTANCE_GONE, endedAt: new Date() } });
  return undefined;
}

const snapshot = (s: Session): ImageUploadState => ({ ...s.state });

async function imageBackend(connectionId: string) {
  // Canonical: only a connection the dashboard serves volumes from, by its id.
  if (!(await listVolumeConnections()).some((c) => c.id === connectionId)) throw new BackendError('not_found', 'No such volume connection.');
  const b = await volumeBackend(connectionId);
  if (!b.createImage || !b.uploadImageData || !b.deleteImage || !b.getImage) throw new BackendError('not_found', `${b.name} has no image service.`);
  return b as typeof b & Required<Pick<typeof b, 'createImage' | 'uploadImageData' | 'deleteImage' | 'getImage'>>;
}

/** Creates the image record (queued) and opens the stream of its bytes. */
export async function startImageUpload(connectionId: string, input: ImageCreateInput & { sizeBytes: number }): Promise<ImageUploadState> {
  const b = await imageBackend(connectionId);
  const image = await mutate(connectionId, ['volumes'], () =>
    b.createImage({ name: input.name, diskFormat: input.diskFormat, containerFormat: input.containerFormat, visibility: input.visibility }),
  );
  prune();
  const pipe = new BytePipe();
  const abort = new AbortController();
  const s: Session = {
    state: { transferId: randomUUID(), imageId: image.id, connectionId, phase: 'transferring', transferredBytes: 0, sizeBytes: input.sizeBytes },
    pipe,
    abort,
    writing: false,
    upload: Promise.resolve(),
  };
  s.upload = b.uploadImageData(image.id, pipe, input.sizeBytes, { signal: abort.signal }).catch((error: unknown) => {
    pipe.fail(error instanceof Error ? error : new Error(String(error)));
    if (s.state.phase === 'transferring') {
      s.state.phase = 'failed';
      s.state.detail = error instanceof BackendError ? (error.detail ?? error.message) : String(error);
      s.endedAt = Date.now();
      recordEnd(s.state).catch((e: unknown) => console.error(`[virtdash] image upload ${s.state.transferId}: recording its failure: ${String(e)}`));
    }
  });
  sessions.set(s.state.transferId, s);
  const db = getDb();
  try {
    // Before the browser learns the id: any instance it sends a range to finds the owner.
    await db.imageUploadSession.create({
      data: { id: s.state.transferId, ownerUrl: instanceUrl(), connectionId, imageId: image.id, sizeBytes: BigInt(input.sizeBytes), phase: 'transferring' },
    });
  } catch (error) {
    // No record, no upload: other instances could not find it, so nothing is left half-made.
    await cancelImageUpload(s.state.transferId).catch(() => undefined);
    sessions.delete(s.state.transferId);
    throw error;
  }
  await db.imageUploadSession.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - ROW_KEEP_MS) } } });
  return snapshot(s);
}

export async function imageUploadState(transferId: string): Promise<ImageUploadState> {
  const s = held(transferId);
  return s ? snapshot(s) : (await orphan(transferId)).state;
}

/**
 * One byte range, at exactly the offset the session stands at (a resumed browser asks the state
 * first). Pieces go on as they arrive; the bytes passed on count even if the range breaks off.
 * An upload whose stream is gone with its instance answers its failed state, taking no byte.
 */
export async function writeImageUpload(transferId: string, range: { offset: number; length: number; total: number; body: AsyncIterable<Uint8Array> }): Promise<ImageUploadState> {
  const s = held(transferId);
  if (!s) {
    const { state } = await orphan(transferId);
    // The range is read to its end and dropped, so the browser's connection stays usable for its next request.
    try {
      for await (const piece of range.body) void piece;
    } catch {
      // Broken off or longer than announced: nothing was to be kept anyway.
    }
    if (state.reason) return state;
    throw new BackendError('conflict', `The upload is ${state.phase}.`, { detail: state.detail });
  }
  if (s.state.phase !== 'transferring') throw new BackendError('conflict', `The upload is ${s.state.phase}.`, { detail: s.state.detail });
  if (range.total !== s.state.sizeBytes || range.offset + range.length > s.state.sizeBytes) throw new BackendError('invalid_input', 'The byte range lies outside the file.');
  if (range.offset !== s.state.transferredBytes) {
    throw new BackendError('conflict', `The upload stands at byte ${s.state.transferredBytes}, not ${range.offset}: resume from there.`);
  }
  if (s.writing) throw new BackendError('conflict', 'Another range of this upload is being written.');
  s.writing = true;
  try {
    for await (const piece of range.body) {
      await s.pipe.write(piece);
      s.state.transferredBytes += piece.byteLength;
    }
  } catch (error) {
    if (s.state.phase !== 'transferring') throw new BackendError('backend_error', 'The image service ended the upload.', { detail: s.state.detail });
    throw error;
  } finally {
    s.writing = false;
  }
  return snapshot(s);
}

/** All bytes are in: end the stream and wait for Glance to make the image active. */
export async function finalizeImageUpload(transferId: string): Promise<ImageUploadState> {
  const s = held(transferId);
  if (!s) return (await orphan(transferId)).state;
  if (s.state.phase === 'transferring') {
    if (s.state.transferredBytes !== s.state.sizeBytes) {
      throw new BackendError('conflict', `Only ${s.state.transferredBytes} of ${s.state.sizeBytes} bytes have been sent.`);
    }
    s.pipe.end();
    await s.upload;
    if (s.state.phase === 'transferring') {
      const b = await imageBackend(s.state.connectionId);
      const image = await mutate(s.state.connectionId, ['volumes'], () => b.getImage(s.state.imageId));
      s.state.phase = image.status === 'active' ? 'finished' : 'failed';
      if (s.state.phase === 'failed') s.state.detail = `The image is ${image.status}.`;
      s.endedAt = Date.now();
      await recordEnd(s.state);
    }
  }
  return snapshot(s);
}

const FINISHED = 'The upload has finished; delete the image instead.';

async function deletePartialImage(connectionId: string, imageId: string): Promise<void> {
  const b = await imageBackend(connectionId);
  await mutate(connectionId, ['volumes'], () => b.deleteImage(imageId)).catch((error: unknown) => {
    // Already gone is what cancelling wants.
    if (!(error instanceof BackendError && error.code === 'not_found')) throw error;
  });
}

/**
 * Stops the stream and deletes the half-uploaded image; a finished upload is not undone here.
 * An upload whose instance is gone is cancelled from the database's ids by whichever instance asks.
 */
export async function cancelImageUpload(transferId: string): Promise<ImageUploadState> {
  const s = held(transferId);
  if (!s) {
    const { row, state } = await orphan(transferId);
    if (row.phase === 'finished') throw new BackendError('conflict', FINISHED);
    if (row.phase === 'cancelled') return state;
    await deletePartialImage(row.connectionId, row.imageId);
    await getDb().imageUploadSession.updateMany({ where: { id: transferId, NOT: { phase: 'finished' } }, data: { phase: 'cancelled', endedAt: new Date() } });
    return { ...state, phase: 'cancelled' };
  }
  if (s.state.phase === 'finished') throw new BackendError('conflict', FINISHED);
  s.state.phase = 'cancelled';
  s.endedAt = Date.now();
  s.abort.abort();
  s.pipe.fail(new BackendError('cancelled', 'The upload was cancelled.'));
  await s.upload;
  await deletePartialImage(s.state.connectionId, s.state.imageId);
  await recordEnd(s.state);
  return snapshot(s);
}
