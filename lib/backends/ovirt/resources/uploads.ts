import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { QualifiedId } from '@/lib/domain';
import { BackendError } from '../../errors';
import { abortableSleep } from '../../http/send';
import { nativeIdFor } from '../../ids';
import type { DiskUploadInput, UploadChunk, UploadState } from '../../infra-types';
import type { CallOptions } from '../../types';
import { asEnum, asString } from '../coerce';
import { ImageTransferTransform } from '../infra-transform';
import { postAction } from './actions';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

const TRANSFERS = { path: '/imagetransfers', what: 'Upload' } as const;
/** A new disk is locked while the engine creates its volume; the transfer can start only after. */
const DISK_READY_TIMEOUT_MS = 120_000;
const DISK_POLL_MS = 500;
/** imageio idles out a silent connection; a stalled browser must not hold a socket forever. */
const PUT_IDLE_TIMEOUT_MS = 60_000;

export interface UploadContext extends OvirtContext {
  /** Agent with the connection's trust settings, for the image proxy (same CA as the engine). */
  uploadAgent(url: URL): http.Agent | undefined;
}

export async function startDiskUpload(ctx: OvirtContext, input: DiskUploadInput, opts: CallOptions = {}): Promise<UploadState> {
  if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes <= 0) throw new BackendError('invalid_input', 'The file is empty.');
  const disk = {
    alias: input.name,
    name: input.name,
    provisioned_size: input.sizeBytes,
    // An ISO is copied byte for byte: raw and fully allocated, as the engine's own upload does.
    format: 'raw',
    sparse: false,
    content_type: input.contentType,
    storage_domains: { storage_domain: [{ id: nativeIdFor(ctx.connectionId, input.storageDomainId, 'Storage domain') }] },
  };
  const { body: created } = await ctx.transport.request({ method: 'POST', path: '/disks', body: disk, signal: opts.signal });
  const diskId = asString(created.id);
  if (!diskId) throw new BackendError('backend_error', 'The engine created the disk but did not name it.');
  await waitForDiskOk(ctx, diskId, opts);
  const { body: transfer } = await ctx.transport.request({
    method: 'POST',
    path: TRANSFERS.path,
    body: { disk: { id: diskId }, direction: 'upload', inactivity_timeout: 3600 },
    signal: opts.signal,
  });
  return ImageTransferTransform.toInternal(transfer, ctx.connectionId);
}

async function waitForDiskOk(ctx: OvirtContext, diskId: string, opts: CallOptions): Promise<void> {
  const deadline = Date.now() + DISK_READY_TIMEOUT_MS;
  for (;;) {
    const disk = await ctx.transport.get(`/disks/${encodeURIComponent(diskId)}`, undefined, opts.signal);
    const status = asEnum(disk.status);
    if (status === 'ok') return;
    if (status === 'illegal') throw new BackendError('backend_error', 'The engine could not create the disk for the upload.');
    if (Date.now() > deadline) throw new BackendError('timeout', 'The new disk did not become ready in time.');
    await abortableSleep(DISK_POLL_MS, opts.signal);
  }
}

async function readTransfer(ctx: OvirtContext, transferId: QualifiedId, opts: CallOptions) {
  const path = itemPath(ctx, TRANSFERS.path, transferId, TRANSFERS.what);
  return withNotFound(TRANSFERS.what, () => ctx.transport.get(path, undefined, opts.signal));
}

export async function getDiskUpload(ctx: OvirtContext, transferId: QualifiedId, opts: CallOptions = {}): Promise<UploadState> {
  return ImageTransferTransform.toInternal(await readTransfer(ctx, transferId, opts), ctx.connectionId);
}

export async function finalizeDiskUpload(ctx: OvirtContext, transferId: QualifiedId, opts: CallOptions = {}): Promise<UploadState> {
  await postAction(ctx, TRANSFERS.what, `${itemPath(ctx, TRANSFERS.path, transferId, TRANSFERS.what)}/finalize`, {}, opts);
  return getDiskUpload(ctx, transferId, opts);
}

export async function cancelDiskUpload(ctx: OvirtContext, transferId: QualifiedId, opts: CallOptions = {}): Promise<UploadState> {
  await postAction(ctx, TRANSFERS.what, `${itemPath(ctx, TRANSFERS.path, transferId, TRANSFERS.what)}/cancel`, {}, opts);
  return getDiskUpload(ctx, transferId, opts);
}

/**
 * Streams one byte range to the image proxy (ovirt-imageio's PUT with Content-Range), the ticket
 * being in the URL. The bytes flow from `chunk.body` to the socket as they come: nothing holds
 * the whole range.
 */
export async function writeDiskUpload(ctx: UploadContext, transferId: QualifiedId, chunk: UploadChunk, opts: CallOptions = {}): Promise<void> {
  const transfer = await readTransfer(ctx, transferId, opts);
  const phase = asEnum(transfer.phase);
  if (phase !== 'transferring') {
    throw new BackendError('conflict', `The upload is not accepting data (phase ${phase ?? 'unknown'}).`);
  }
  const href = ImageTransferTransform.urlOf(transfer);
  if (!href) throw new BackendError('backend_error', 'The engine gave no address to send the image to.');
  const url = new URL(href);
  const last = chunk.offset + chunk.length - 1;
  await putStream(ctx, url, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(chunk.length),
    'Content-Range': `bytes ${chunk.offset}-${last}/${chunk.totalBytes}`,
  }, chunk.body, opts.signal);
}

function putStream(ctx: UploadContext, url: URL, headers: Record<string, string>, body: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new BackendError('cancelled', 'The upload was cancelled.'));
      return;
    }
    const lib = url.protocol === 'https:' ? https : http;
    const request = lib.request(url, { method: 'PUT', headers, agent: ctx.uploadAgent(url) });
    const source = Readable.from(body, { objectMode: false });
    let settled = false;
    const finish = (error?: BackendError) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        source.destroy();
        request.destroy();
        reject(error);
      } else resolve();
    };
    const onAbort = () => finish(new BackendError('cancelled', 'The upload was cancelled.'));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.setTimeout(PUT_IDLE_TIMEOUT_MS, () => finish(new BackendError('timeout', 'The image proxy stopped answering.')));
    request.on('error', (error) => finish(new BackendError('unreachable', 'The image proxy cannot be reached.', { cause: error })));
    source.on('error', (error) => finish(new BackendError('cancelled', 'The upload stream broke off.', { cause: error })));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => {
        if (chunks.length < 16) chunks.push(c);
      });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) return finish();
        const detail = Buffer.concat(chunks).toString('utf8').trim().slice(0, 500);
        const code = status === 403 || status === 404 ? 'not_found' : status === 409 || status === 416 ? 'conflict' : status >= 500 ? 'backend_error' : 'invalid_input';
        finish(new BackendError(code, `The image proxy refused the data (HTTP ${status}).`, { detail, status }));
      });
    });
    source.pipe(request);
  });
}
