import 'server-only';
import { qualifyId, type Cluster, type Host, type ListQuery, type Page, type QualifiedId, type ServiceHealth } from '@/lib/domain';
import { BackendError, isBackendError } from '../errors';
import { nativeIdFor } from '../ids';
import type { BackendAbout, CallOptions } from '../types';
import { hostRef, type LibvirtContext } from './context';
import { selectPage } from './list';
import * as rpc from './rpc';

/** libvirt packs versions as major * 1,000,000 + minor * 1,000 + release. */
export function formatVersion(packed: number): string {
  return `${Math.floor(packed / 1_000_000)}.${Math.floor(packed / 1000) % 1000}.${packed % 1000}`;
}

export async function about(ctx: LibvirtContext, opts?: CallOptions): Promise<BackendAbout> {
  const t = ctx.transport;
  const [type, libVersion] = await Promise.all([rpc.connectGetType(t, opts?.signal), rpc.connectGetLibVersion(t, opts?.signal)]);
  let hvVersion: string | undefined;
  try {
    hvVersion = formatVersion(await rpc.connectGetVersion(t, opts?.signal));
  } catch (error) {
    // Some drivers have no hypervisor version to give; anything else is a real failure.
    if (!isBackendError(error, 'invalid_input')) throw error;
  }
  return {
    kind: 'libvirt',
    product: `libvirt ${type}${hvVersion && hvVersion !== '0.0.0' ? ` ${hvVersion}` : ''}`,
    version: formatVersion(libVersion),
    vendor: 'libvirt.org',
    identity: { username: ctx.username },
    // Whoever may open the daemon's read-write socket may do everything on the host.
    isAdmin: true,
  };
}

/**
 * The host's daemon and hypervisor, asked now over the connection: the daemon's library version
 * (libvirtd answers CONNECT_GET_LIB_VERSION itself), the driver and its hypervisor version. A
 * daemon that does not answer is down, with its own words.
 */
export async function daemonHealth(ctx: LibvirtContext, opts?: CallOptions): Promise<ServiceHealth[]> {
  const row: ServiceHealth = { key: 'libvirtd', name: 'libvirtd', role: 'hypervisor', state: 'unknown' };
  try {
    const a = await about(ctx, opts);
    const host = await hostRef(ctx, opts);
    row.host = host.name;
    row.state = 'up';
    row.version = a.version;
    row.detail = a.product;
  } catch (error) {
    row.state = 'down';
    row.error = isBackendError(error) ? (error.detail ?? error.message) : error instanceof Error ? error.message : String(error);
  }
  return [row];
}

/**
 * One cluster per connection, so the VM wizard and the cluster pages work the
 * same for every backend: named by the URI's `cluster=` (shared by the hosts
 * an operator groups together), else after the host.
 */
export async function theCluster(ctx: LibvirtContext, opts?: CallOptions): Promise<Cluster> {
  const host = await hostRef(ctx, opts);
  return {
    id: qualifyId(ctx.connectionId, 'cluster'),
    nativeId: 'cluster',
    connectionId: ctx.connectionId,
    name: ctx.target.cluster ?? host.name!,
    // Only an operator's `cluster=` joins connections: two hosts that merely share a host name stay apart.
    group: ctx.target.cluster,
    description: ctx.target.cluster ? undefined : 'libvirt host',
    cpuArchitecture: 'x86_64',
  };
}

export async function listClusters(ctx: LibvirtContext, query: ListQuery, opts?: CallOptions): Promise<Page<Cluster>> {
  return selectPage([await theCluster(ctx, opts)], query);
}

export async function getCluster(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<Cluster> {
  if (nativeIdFor(ctx.connectionId, id, 'cluster') !== 'cluster') throw new BackendError('not_found', 'Cluster not found on this connection.');
  return theCluster(ctx, opts);
}

/** A libvirt connection IS one host. */
async function theHost(ctx: LibvirtContext, opts?: CallOptions): Promise<Host> {
  const t = ctx.transport;
  const [ref, node, all, active] = await Promise.all([
    hostRef(ctx, opts),
    rpc.nodeGetInfo(t, opts?.signal),
    rpc.listAllDomains(t, 0, opts?.signal),
    rpc.listAllDomains(t, rpc.ListFlags.ACTIVE, opts?.signal),
  ]);
  return {
    id: ref.id,
    nativeId: ref.name!,
    connectionId: ctx.connectionId,
    name: ref.name!,
    description: ctx.target.driverUri,
    status: 'up',
    nativeStatus: 'connected',
    address: ctx.target.host ?? ref.name,
    cluster: { id: qualifyId(ctx.connectionId, 'cluster'), name: ctx.target.cluster ?? ref.name },
    cpu: { model: node.model, speedMhz: node.mhz, sockets: node.sockets * node.nodes, cores: node.cores, threads: node.threads },
    memoryBytes: node.memoryKiB * 1024,
    vmsActive: active.length,
    vmsMigrating: 0,
    vmsTotal: all.length,
  };
}

export async function listHosts(ctx: LibvirtContext, query: ListQuery, opts?: CallOptions): Promise<Page<Host>> {
  return selectPage([await theHost(ctx, opts)], query, {
    filters: { status: (h, v) => h.status === v, cluster: (h, v) => v === h.cluster?.id || v === h.cluster?.name },
    sortFields: { status: (h) => h.status, cluster: (h) => h.cluster?.name },
  });
}

export async function getHost(ctx: LibvirtContext, id: QualifiedId, opts?: CallOptions): Promise<Host> {
  const nativeId = nativeIdFor(ctx.connectionId, id, 'host');
  const host = await theHost(ctx, opts);
  if (host.nativeId !== nativeId) throw new BackendError('not_found', 'Host not found on this connection.');
  return host;
}
