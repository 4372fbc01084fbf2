import 'server-only';
import { randomUUID } from 'node:crypto';
import { BackendError } from '@/lib/backends';
import type { ImageCreateInput } from '@/lib/domain/volumes';
import { listVolumeConnections, volumeBackend } from './volumes';
import { mutate } from './gateway';

/**
 * Browser → Glance image uploads. Glance takes an image's bytes in ONE streamed request
 * (PUT …/file), while the browser sends byte ranges it can retry and resume. A session bridges
 * them: it opens that PUT once and feeds it each range as it arrives, handing the next piece only
 * when the socket took the last (backpressure), so the dashboard never holds more than a piece.
 * A range broken off mid-way resumes from the bytes the session passed on, as long as the PUT is
 * open; if Glance ends it (a failure, the dashboard restarting), the image is back to `queued`
 * and the upload has failed: cancel it and start again. Sessions live in this process.
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
}

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

function session(transferId: string): Session {
  prune();
  const s = sessions.get(transferId);
  if (!s) throw new BackendError('not_found', 'The upload was not found (it ended or the dashboard restarted).');
  return s;
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
    }
  });
  sessions.set(s.state.transferId, s);
  return snapshot(s);
}

export async function imageUploadState(transferId: string): Promise<ImageUploadState> {
  return snapshot(session(transferId));
}

/**
 * One byte range, at exactly the offset the session stands at (a resumed browser asks the state
 * first). Pieces go on as they arrive; the bytes passed on count even if the range breaks off.
 */
export async function writeImageUpload(transferId: string, range: { offset: number; length: number; total: number; body: AsyncIterable<Uint8Array> }): Promise<ImageUploadState> {
  const s = session(transferId);
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
  const s = session(transferId);
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
    }
  }
  return snapshot(s);
}

/** Stops the stream and deletes the half-uploaded image; a finished upload is not undone here. */
export async function cancelImageUpload(transferId: string): Promise<ImageUploadState> {
  const s = session(transferId);
  if (s.state.phase === 'finished') throw new BackendError('conflict', 'The upload has finished; delete the image instead.');
  s.state.phase = 'cancelled';
  s.endedAt = Date.now();
  s.abort.abort();
  s.pipe.fail(new BackendError('cancelled', 'The upload was cancelled.'));
  await s.upload;
  const b = await imageBackend(s.state.connectionId);
  await mutate(s.state.connectionId, ['volumes'], () => b.deleteImage(s.state.imageId)).catch((error: unknown) => {
    // Already gone is what cancelling wants.
    if (!(error instanceof BackendError && error.code === 'not_found')) throw error;
  });
  return snapshot(s);
}
