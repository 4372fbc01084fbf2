import 'server-only';
import type { QualifiedId, StorageDomain } from '@/lib/domain';
import { nativeIdFor } from '../../ids';
import type { HostLun, IscsiTarget, StorageDomainInput } from '../../infra-types';
import type { CallOptions, TaskRef } from '../../types';
import { asString, listOf, type Json } from '../coerce';
import { HostLunTransform, IscsiTransform, StorageDomainInputTransform } from '../infra-transform';
import { StorageDomainTransform } from '../transform';
import { postAction, runAction } from './actions';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';
import { HOSTS } from './hosts';
import { STORAGE_DOMAINS } from './storagedomains';

const SD = STORAGE_DOMAINS;

function dcDomainPath(ctx: OvirtContext, dataCenterId: QualifiedId): string {
  return `${itemPath(ctx, '/datacenters', dataCenterId, 'Data center')}/storagedomains`;
}

function attachedPath(ctx: OvirtContext, id: QualifiedId, dataCenterId: QualifiedId): string {
  return `${dcDomainPath(ctx, dataCenterId)}/${encodeURIComponent(nativeIdFor(ctx.connectionId, id, SD.what))}`;
}

export async function createStorageDomain(ctx: OvirtContext, input: StorageDomainInput, opts: CallOptions = {}): Promise<StorageDomain> {
  const body = StorageDomainInputTransform.toApi(input, nativeIdFor(ctx.connectionId, input.hostId, 'Host'));
  const { body: created } = await ctx.transport.request({ method: 'POST', path: SD.path, body, signal: opts.signal });
  return StorageDomainTransform.toInternal(created, ctx.connectionId);
}

/**
 * The engine needs a host to reach the storage when it removes a domain: by name in `host`.
 * `format=true` wipes the domain's content; without it the domain is only forgotten (its data
 * can be imported again later).
 */
export async function removeStorageDomain(
  ctx: OvirtContext,
  id: QualifiedId,
  options: { hostId: QualifiedId; format: boolean },
  opts: CallOptions = {},
): Promise<void> {
  const hostPath = itemPath(ctx, HOSTS.path, options.hostId, HOSTS.what);
  const host = await withNotFound(HOSTS.what, () => ctx.transport.get(hostPath, undefined, opts.signal));
  const hostName = asString(host.name) ?? nativeIdFor(ctx.connectionId, options.hostId, 'Host');
  await withNotFound(SD.what, () =>
    ctx.transport.request({
      method: 'DELETE',
      path: itemPath(ctx, SD.path, id, SD.what),
      query: { host: hostName, format: options.format || undefined },
      signal: opts.signal,
    }),
  );
}

/** Attach is an add on the data center's storage domain collection; the domain goes locked → active. */
export async function attachStorageDomain(ctx: OvirtContext, id: QualifiedId, dataCenterId: QualifiedId, opts: CallOptions = {}): Promise<TaskRef> {
  const answer = await withNotFound('Data center', () =>
    ctx.transport.request({
      method: 'POST',
      path: dcDomainPath(ctx, dataCenterId),
      body: { id: nativeIdFor(ctx.connectionId, id, SD.what) },
      signal: opts.signal,
    }),
  );
  return { correlationId: answer.correlationId ?? '' };
}

export function activateStorageDomain(ctx: OvirtContext, id: QualifiedId, dataCenterId: QualifiedId, opts?: CallOptions): Promise<TaskRef> {
  return runAction(ctx, SD.what, `${attachedPath(ctx, id, dataCenterId)}/activate`, {}, opts);
}

export function deactivateStorageDomain(ctx: OvirtContext, id: QualifiedId, dataCenterId: QualifiedId, opts?: CallOptions): Promise<TaskRef> {
  return runAction(ctx, SD.what, `${attachedPath(ctx, id, dataCenterId)}/deactivate`, {}, opts);
}

/** Only from maintenance: the engine refuses otherwise (409 with its reason). */
export async function detachStorageDomain(ctx: OvirtContext, id: QualifiedId, dataCenterId: QualifiedId, opts: CallOptions = {}): Promise<void> {
  await withNotFound(SD.what, () => ctx.transport.request({ method: 'DELETE', path: attachedPath(ctx, id, dataCenterId), signal: opts.signal }));
}

// ---- the SAN as a host sees it

export async function iscsiDiscover(
  ctx: OvirtContext,
  hostId: QualifiedId,
  portal: { address: string; port: number },
  opts: CallOptions = {},
): Promise<IscsiTarget[]> {
  const path = `${itemPath(ctx, HOSTS.path, hostId, HOSTS.what)}/iscsidiscover`;
  const answer = await postAction(ctx, HOSTS.what, path, { iscsi: { address: portal.address, port: portal.port } }, opts);
  return IscsiTransform.targetsToInternal(answer, portal);
}

export async function iscsiLogin(
  ctx: OvirtContext,
  hostId: QualifiedId,
  target: IscsiTarget & { username?: string; password?: string },
  opts: CallOptions = {},
): Promise<void> {
  const path = `${itemPath(ctx, HOSTS.path, hostId, HOSTS.what)}/iscsilogin`;
  const iscsi: Json = { address: target.address, port: target.port, target: target.target };
  if (target.username) iscsi.username = target.username;
  if (target.password) iscsi.password = target.password;
  await postAction(ctx, HOSTS.what, path, { iscsi }, opts);
}

export async function listHostLuns(ctx: OvirtContext, hostId: QualifiedId, opts: CallOptions = {}): Promise<HostLun[]> {
  const path = `${itemPath(ctx, HOSTS.path, hostId, HOSTS.what)}/storage`;
  const body = await withNotFound(HOSTS.what, () => ctx.transport.get(path, undefined, opts.signal));
  return listOf(body, 'host_storage').flatMap((hs) => HostLunTransform.toInternal(hs, ctx.connectionId));
}
