import 'server-only';
import type { Cluster, DataCenter, Host, QualifiedId } from '@/lib/domain';
import { BackendError } from '../../errors';
import { nativeIdFor } from '../../ids';
import type { ClusterInput, ClusterLevel, ClusterUpdate, DataCenterInput, DataCenterUpdate, HostAddInput } from '../../infra-types';
import type { CallOptions } from '../../types';
import { listOf, type Json } from '../coerce';
import { ClusterLevelTransform, versionToApi } from '../infra-transform';
import { ClusterTransform, DataCenterTransform, HostTransform } from '../transform';
import { CLUSTERS } from './clusters';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';
import { DATA_CENTERS } from './datacenters';
import { HOSTS } from './hosts';

/** The engine omits unset attributes; so do we (an explicit null would clear them). */
function compactBody(body: Json): Json {
  return JSON.parse(JSON.stringify(body)) as Json;
}

async function post(ctx: OvirtContext, path: string, body: Json, opts: CallOptions): Promise<Json> {
  return (await ctx.transport.request({ method: 'POST', path, body: compactBody(body), signal: opts.signal })).body;
}

async function put(ctx: OvirtContext, what: string, path: string, body: Json, opts: CallOptions): Promise<Json> {
  return withNotFound(what, async () => (await ctx.transport.request({ method: 'PUT', path, body: compactBody(body), signal: opts.signal })).body);
}

async function remove(ctx: OvirtContext, what: string, path: string, query: Record<string, string | boolean | undefined>, opts: CallOptions): Promise<void> {
  await withNotFound(what, () => ctx.transport.request({ method: 'DELETE', path, query, signal: opts.signal }));
}

// ---- data centers

export async function createDataCenter(ctx: OvirtContext, input: DataCenterInput, opts: CallOptions = {}): Promise<DataCenter> {
  const body = { name: input.name, description: input.description || undefined, local: input.local, version: versionToApi(input.version) };
  return DataCenterTransform.toInternal(await post(ctx, DATA_CENTERS.path, body, opts), ctx.connectionId);
}

export async function updateDataCenter(ctx: OvirtContext, id: QualifiedId, patch: DataCenterUpdate, opts: CallOptions = {}): Promise<DataCenter> {
  const path = itemPath(ctx, DATA_CENTERS.path, id, DATA_CENTERS.what);
  return DataCenterTransform.toInternal(await put(ctx, DATA_CENTERS.what, path, { name: patch.name, description: patch.description }, opts), ctx.connectionId);
}

/** `force` drops a data center whose storage is gone for good (the engine's own force flag). */
export async function removeDataCenter(ctx: OvirtContext, id: QualifiedId, options: { force: boolean }, opts: CallOptions = {}): Promise<void> {
  await remove(ctx, DATA_CENTERS.what, itemPath(ctx, DATA_CENTERS.path, id, DATA_CENTERS.what), { force: options.force || undefined }, opts);
}

// ---- clusters

/** CPU types per compatibility version: what a new cluster may choose. */
export async function listClusterLevels(ctx: OvirtContext, opts: CallOptions = {}): Promise<ClusterLevel[]> {
  const body = await ctx.transport.get('/clusterlevels', undefined, opts.signal);
  return listOf(body, 'cluster_level').map(ClusterLevelTransform.toInternal).filter((l) => l.version);
}

export async function createCluster(ctx: OvirtContext, input: ClusterInput, opts: CallOptions = {}): Promise<Cluster> {
  const body = {
    name: input.name,
    description: input.description || undefined,
    data_center: { id: nativeIdFor(ctx.connectionId, input.dataCenterId, 'Data center') },
    cpu: { type: input.cpuType, architecture: 'x86_64' },
    version: versionToApi(input.version),
  };
  return ClusterTransform.toInternal(await post(ctx, CLUSTERS.path, body, opts), ctx.connectionId);
}

export async function updateCluster(ctx: OvirtContext, id: QualifiedId, patch: ClusterUpdate, opts: CallOptions = {}): Promise<Cluster> {
  const path = itemPath(ctx, CLUSTERS.path, id, CLUSTERS.what);
  const body = {
    name: patch.name, description: patch.description, cpu: patch.cpuType ? { type: patch.cpuType } : undefined,
    virt_service: patch.virtService, gluster_service: patch.glusterService,
  };
  return ClusterTransform.toInternal(await put(ctx, CLUSTERS.what, path, body, opts), ctx.connectionId);
}

export async function removeCluster(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<void> {
  await remove(ctx, CLUSTERS.what, itemPath(ctx, CLUSTERS.path, id, CLUSTERS.what), {}, opts);
}

// ---- hosts

/**
 * The engine answers at once and installs in the background (installing → initializing → up).
 * With `publickey` the engine logs in with its own key, which the operator put on the host.
 */
export async function addHost(ctx: OvirtContext, input: HostAddInput, opts: CallOptions = {}): Promise<Host> {
  const ssh: Json = { authentication_method: input.auth.method };
  if (input.sshPort) ssh.port = input.sshPort;
  const body: Json = {
    name: input.name,
    address: input.address,
    description: input.description || undefined,
    cluster: { id: nativeIdFor(ctx.connectionId, input.clusterId, 'Cluster') },
    ssh,
  };
  if (input.auth.method === 'password') {
    if (!input.auth.password) throw new BackendError('invalid_input', 'A root password is required.');
    body.root_password = input.auth.password;
  }
  return HostTransform.toInternal(await post(ctx, HOSTS.path, body, opts), ctx.connectionId);
}

export async function removeHost(ctx: OvirtContext, id: QualifiedId, opts: CallOptions = {}): Promise<void> {
  await remove(ctx, HOSTS.what, itemPath(ctx, HOSTS.path, id, HOSTS.what), {}, opts);
}
