import 'server-only';
import { randomUUID } from 'node:crypto';
import { qualifyId, type QualifiedId } from '@/lib/domain';
import { BackendError } from '../errors';
import { nativeIdFor } from '../ids';
import type { DiskUploadInput, UploadChunk, UploadState } from '../infra-types';
import type { CallOptions } from '../types';
import type { LibvirtContext, UploadSession } from './context';
import { volumeXml } from './domain-xml';
import { uuidToString } from './protocol';
import * as rpc from './rpc';
import { lookupPool } from './storage';

/**
 * ISO (or disk image) upload into a pool, through the same start/write/finalize
 * steps as oVirt's image transfers: a raw volume of the final size, then
 * virStorageVolUpload streams per byte range over the libvirt connection itself
 * (no second channel, no temporary file on the dashboard).
 */
function state(ctx: LibvirtContext, transferId: string, session: UploadSession): UploadState {
  return {
    transferId: qualifyId(ctx.connectionId, transferId),
    diskId: qualifyId(ctx.connectionId, session.vol.key),
    phase: session.phase,
    nativePhase: session.phase,
    transferredBytes: session.received,
  };
}

/**
 * A finalized upload stays readable this long: the browser polls its state right after finalize
 * (as it does for oVirt, whose engine keeps finished transfers), and a session deleted at once made
 * a written ISO look failed (not_found).
 */
export const ENDED_UPLOAD_KEEP_MS = 5 * 60_000;

function pruneEnded(ctx: LibvirtContext, now = Date.now()): void {
  for (const [id, s] of ctx.uploads) if (s.endedAt !== undefined && now - s.endedAt > ENDED_UPLOAD_KEEP_MS) ctx.uploads.delete(id);
}

function sessionOf(ctx: LibvirtContext, transferId: QualifiedId): [string, UploadSession] {
  const id = nativeIdFor(ctx.connectionId, transferId, 'upload');
  pruneEnded(ctx);
  const session = ctx.uploads.get(id);
  if (!session) throw new BackendError('not_found', 'The upload was not found (it ended or the dashboard restarted).');
  return [id, session];
}

export async function startDiskUpload(ctx: LibvirtContext, input: DiskUploadInput, opts?: CallOptions): Promise<UploadState> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(input.name)) {
    throw new BackendError('invalid_input', 'A file name may use letters, digits, ".", "_" and "-".');
  }
  if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes <= 0) throw new BackendError('invalid_input', 'The file is empty.');
  pruneEnded(ctx);
  const pool = await lookupPool(ctx, input.storageDomainId, opts);
  const name = input.contentType === 'iso' && !/\.iso$/i.test(input.name) ? `${input.name}.iso` : input.name;
  const vol = await rpc.storageVolCreateXml(
    ctx.transport,
    pool,
    volumeXml({ name, capacityBytes: input.sizeBytes, format: input.contentType === 'iso' ? 'iso' : 'raw' }),
    0,
    opts?.signal,
  );
  const transferId = `upload-${randomUUID()}`;
  const session: UploadSession = { vol, poolId: uuidToString(pool.uuid), sizeBytes: input.sizeBytes, received: 0, phase: 'transferring' };
  ctx.uploads.set(transferId, session);
  return state(ctx, transferId, session);
}

export async function getDiskUpload(ctx: LibvirtContext, transferId: QualifiedId): Promise<UploadState> {
  const [id, session] = sessionOf(ctx, transferId);
  return state(ctx, id, session);
}

export async function writeDiskUpload(ctx: LibvirtContext, transferId: QualifiedId, chunk: UploadChunk, opts?: CallOptions): Promise<void> {
  const [, session] = sessionOf(ctx, transferId);
  if (session.phase !== 'transferring') throw new BackendError('conflict', `The upload is ${session.phase}.`);
  if (chunk.offset < 0 || chunk.length <= 0 || chunk.offset + chunk.length > session.sizeBytes) {
    throw new BackendError('invalid_input', 'The byte range lies outside the file.');
  }
  try {
    await rpc.storageVolUpload(ctx.transport, session.vol, chunk.offset, chunk.length, chunk.body, opts?.signal);
  } catch (error) {
    session.phase = 'failed';
    throw error;
  }
  session.received = Math.max(session.received, chunk.offset + chunk.length);
}

export async function finalizeDiskUpload(ctx: LibvirtContext, transferId: QualifiedId): Promise<UploadState> {
  const [id, session] = sessionOf(ctx, transferId);
  if (session.phase === 'transferring') session.phase = session.received >= session.sizeBytes ? 'finished' : 'failed';
  session.endedAt ??= Date.now();
  return state(ctx, id, session);
}

export async function cancelDiskUpload(ctx: LibvirtContext, transferId: QualifiedId, opts?: CallOptions): Promise<UploadState> {
  const [id, session] = sessionOf(ctx, transferId);
  // Cancelling deletes the volume: never the ISO of an upload that finished.
  if (session.phase === 'finished') throw new BackendError('conflict', 'The upload has finished; delete the volume instead.');
  session.phase = 'cancelled';
  ctx.uploads.delete(id);
  await rpc.storageVolDelete(ctx.transport, session.vol, opts?.signal);
  return state(ctx, id, session);
}
