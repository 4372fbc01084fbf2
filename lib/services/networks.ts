import 'server-only';
import { hasCapability, requireCapability } from '@/lib/backends/capabilities';
import { BackendError, toClientError, type ClientError } from '@/lib/backends/errors';
import type { ClusterNetworkRoles, NetworkInput, NetworkUpdate, VnicProfileInput, VnicProfileUpdate } from '@/lib/backends/network-types';
import type { Backend } from '@/lib/backends/types';
import {
  MAX_PAGE_SIZE, parseQualifiedId, type Cluster, type ClusterNetwork, type DataCenter, type DhcpRange, type HostNetworkSetup, type HostNic, type Network,
  type NetworkAttachment, type NetworkLease, type QualifiedId, type VirtualNetworkInput, type VnicProfile,
} from '@/lib/domain';
import { invalidate } from './backend-cache';
import { getBackend, listEnabledBackends } from './connections';

/**
 * Networks for pages and actions: logical networks with their cluster roles and vNIC profiles,
 * a host's NICs and attachments, libvirt virtual networks. It finds the connection an id belongs
 * to, checks the capability, calls the backend, and drops that connection's cached reads after a
 * change. Role checks and audit entries are the callers' (roleAction); nothing here knows which
 * backend it talks to.
 */

/** Per connection, per page render: after this the connection is reported as failed. */
const READ_TIMEOUT_MS = 10_000;

export interface NetworkConnection {
  id: string;
  name: string;
  /** Logical networks with clusters and profiles (oVirt). */
  management: boolean;
  /** Virtual networks started and stopped on the host (libvirt). */
  virtual: boolean;
}

function connectionOf(id: string): string {
  const parsed = parseQualifiedId(id);
  if (!parsed) throw new BackendError('invalid_input', 'This object reference is not valid. Reload the page.');
  return parsed.connectionId;
}

function signal(): AbortSignal {
  return AbortSignal.timeout(READ_TIMEOUT_MS);
}

async function mutate<R>(id: string, fn: (b: Backend) => Promise<R>): Promise<R> {
  const connectionId = connectionOf(id);
  const backend = await getBackend(connectionId);
  try {
    return await fn(backend);
  } finally {
    // A refusal changes nothing, but a timeout may have: drop the reads either way.
    invalidate(connectionId);
  }
}

const describe = (b: Backend): NetworkConnection => ({
  id: b.id, name: b.name, management: hasCapability(b, 'networkManagement'), virtual: hasCapability(b, 'virtualNetworks'),
});

/** Connections whose networks can be listed, and what each can do with them. */
export async function networkConnections(): Promise<NetworkConnection[]> {
  return (await listEnabledBackends()).filter((b) => hasCapability(b, 'networks')).map(describe);
}

/** Data centers a new logical network can go into. */
export async function networkDataCenters(): Promise<Array<{ dataCenter: DataCenter; connection: NetworkConnection }>> {
  const backends = (await listEnabledBackends()).filter((b) => hasCapability(b, 'networkManagement') && hasCapability(b, 'dataCenters'));
  const rows = await Promise.all(
    backends.map(async (b) => {
      try {
        const page = await requireCapability(b, 'dataCenters').listDataCenters({ page: 1, pageSize: MAX_PAGE_SIZE }, { signal: signal() });
        return page.items.map((dataCenter) => ({ dataCenter, connection: describe(b) }));
      } catch {
        return [];
      }
    }),
  );
  return rows.flat();
}

export interface NetworkDetail {
  network: Network;
  connection: NetworkConnection;
  /** Clusters of the network's data center, each with the network's attachment there (if any). */
  clusters: Array<{ cluster: Cluster; attachment?: ClusterNetwork }>;
  profiles: VnicProfile[];
  leases?: NetworkLease[];
  /** A part that could not be read (the rest is still shown). */
  problems: ClientError[];
}

export async function getNetworkDetail(id: QualifiedId): Promise<NetworkDetail> {
  const backend = await getBackend(connectionOf(id));
  const b = requireCapability(backend, 'networks');
  let network = await b.getNetwork(id, { signal: signal() });
  if (network.dataCenter && !network.dataCenter.name && hasCapability(backend, 'dataCenters')) {
    const dc = await backend.getDataCenter(network.dataCenter.id, { signal: signal() }).catch(() => undefined);
    if (dc) network = { ...network, dataCenter: { id: dc.id, name: dc.name } };
  }
  const detail: NetworkDetail = { network, connection: describe(backend), clusters: [], profiles: [], problems: [] };
  const parts: Promise<void>[] = [];
  if (hasCapability(backend, 'networkManagement')) {
    parts.push(
      (async () => {
        const clusters = hasCapability(backend, 'clusters')
          ? (await backend.listClusters({ page: 1, pageSize: MAX_PAGE_SIZE }, { signal: signal() })).items.filter(
              (c) => !network.dataCenter || c.dataCenter?.id === network.dataCenter.id,
            )
          : [];
        detail.clusters = await Promise.all(
          clusters.map(async (cluster) => ({
            cluster,
            attachment: (await backend.listClusterNetworks(cluster.id, { signal: signal() })).find((n) => n.network.id === id),
          })),
        );
      })().catch((e: unknown) => void detail.problems.push(toClientError(e))),
    );
    parts.push(
      listVnicProfiles(backend.id)
        .then((all) => void (detail.profiles = all.filter((p) => p.network?.id === id)))
        .catch((e: unknown) => void detail.problems.push(toClientError(e))),
    );
  }
  if (hasCapability(backend, 'virtualNetworks') && network.status === 'operational') {
    parts.push(
      backend
        .listNetworkLeases(id, { signal: signal() })
        .then((leases) => void (detail.leases = leases))
        .catch((e: unknown) => void detail.problems.push(toClientError(e))),
    );
  }
  await Promise.all(parts);
  detail.clusters.sort((x, y) => x.cluster.name.localeCompare(y.cluster.name));
  detail.profiles.sort((x, y) => x.name.localeCompare(y.name));
  return detail;
}

/**
 * THE list of vNIC profiles a VM NIC can plug into, for the create wizard and the VM NIC editor:
 * every profile of the connection, with its network and data center (libvirt offers each network).
 */
export async function listVnicProfiles(connectionId: string): Promise<VnicProfile[]> {
  const backend = await getBackend(connectionId);
  if (!backend.listVnicProfiles) return [];
  return backend.listVnicProfiles({ signal: signal() });
}

// ---- logical networks

export async function createNetwork(input: NetworkInput): Promise<Network> {
  return mutate(input.dataCenterId, (b) => requireCapability(b, 'networkManagement').createNetwork(input));
}

export async function updateNetwork(id: QualifiedId, patch: NetworkUpdate): Promise<Network> {
  return mutate(id, (b) => requireCapability(b, 'networkManagement').updateNetwork(id, patch));
}

export async function removeNetwork(id: QualifiedId): Promise<void> {
  return mutate(id, (b) => {
    if (!b.removeNetwork) throw new BackendError('invalid_input', `${b.name} (${b.kind}) cannot remove networks.`);
    return b.removeNetwork(id);
  });
}

export async function attachClusterNetwork(clusterId: QualifiedId, networkId: QualifiedId, roles: ClusterNetworkRoles): Promise<ClusterNetwork> {
  sameConnection(clusterId, networkId);
  return mutate(clusterId, (b) => requireCapability(b, 'networkManagement').attachClusterNetwork(clusterId, networkId, roles));
}

export async function updateClusterNetwork(clusterId: QualifiedId, networkId: QualifiedId, roles: ClusterNetworkRoles): Promise<ClusterNetwork> {
  sameConnection(clusterId, networkId);
  return mutate(clusterId, (b) => requireCapability(b, 'networkManagement').updateClusterNetwork(clusterId, networkId, roles));
}

export async function detachClusterNetwork(clusterId: QualifiedId, networkId: QualifiedId): Promise<void> {
  sameConnection(clusterId, networkId);
  return mutate(clusterId, (b) => requireCapability(b, 'networkManagement').detachClusterNetwork(clusterId, networkId));
}

function sameConnection(a: string, b: string): void {
  if (connectionOf(a) !== connectionOf(b)) throw new BackendError('invalid_input', 'The network and the cluster are on different connections.');
}

// ---- vNIC profiles

export async function createVnicProfile(input: VnicProfileInput): Promise<VnicProfile> {
  return mutate(input.networkId, (b) => requireCapability(b, 'networkManagement').createVnicProfile(input));
}

export async function updateVnicProfile(id: QualifiedId, patch: VnicProfileUpdate): Promise<VnicProfile> {
  return mutate(id, (b) => requireCapability(b, 'networkManagement').updateVnicProfile(id, patch));
}

export async function removeVnicProfile(id: QualifiedId): Promise<void> {
  return mutate(id, (b) => requireCapability(b, 'networkManagement').removeVnicProfile(id));
}

// ---- host networking

export interface HostNetworking {
  supported: boolean;
  nics: HostNic[];
  attachments: NetworkAttachment[];
  /** Networks of the host's cluster that can be put on a NIC. */
  networks: Network[];
  error?: ClientError;
}

export async function getHostNetworking(hostId: QualifiedId, clusterId?: QualifiedId): Promise<HostNetworking> {
  const backend = await getBackend(connectionOf(hostId));
  if (!hasCapability(backend, 'hostNetworking')) return { supported: false, nics: [], attachments: [], networks: [] };
  try {
    const [nics, attachments, clusterNets, all] = await Promise.all([
      backend.listHostNics(hostId, { signal: signal() }),
      backend.listHostNetworkAttachments(hostId, { signal: signal() }),
      clusterId && hasCapability(backend, 'networkManagement') ? backend.listClusterNetworks(clusterId, { signal: signal() }) : Promise.resolve(undefined),
      hasCapability(backend, 'networks') ? backend.listNetworks({ page: 1, pageSize: MAX_PAGE_SIZE }, { signal: signal() }) : Promise.resolve(undefined),
    ]);
    const inCluster = clusterNets ? new Set(clusterNets.map((n) => n.network.id)) : undefined;
    const networks = (all?.items ?? []).filter((n) => !inCluster || inCluster.has(n.id));
    // Attachments and NICs name their network by id only: the network list names them.
    const names = new Map((all?.items ?? []).map((n) => [n.id, n.name]));
    const named = <T extends { network?: { id: string; name?: string } }>(x: T): T =>
      x.network && !x.network.name && names.has(x.network.id) ? { ...x, network: { id: x.network.id, name: names.get(x.network.id) } } : x;
    return { supported: true, nics: nics.map(named), attachments: attachments.map(named), networks };
  } catch (error) {
    return { supported: true, nics: [], attachments: [], networks: [], error: toClientError(error) };
  }
}

export async function setupHostNetworks(hostId: QualifiedId, setup: HostNetworkSetup): Promise<void> {
  for (const id of [...setup.removedAttachments, ...setup.synchronizedAttachments, ...setup.modifiedAttachments.flatMap((a) => [a.networkId, ...(a.id ? [a.id] : [])])]) {
    sameConnection(hostId, id);
  }
  return mutate(hostId, (b) => requireCapability(b, 'hostNetworking').setupHostNetworks(hostId, setup));
}

// ---- libvirt virtual networks

export async function createVirtualNetwork(connectionId: string, input: VirtualNetworkInput): Promise<Network> {
  return mutate(`${connectionId}:new`, (b) => requireCapability(b, 'virtualNetworks').createVirtualNetwork(input));
}

export type VirtualNetworkOp = { op: 'start' } | { op: 'stop' } | { op: 'autostart'; on: boolean } | { op: 'dhcp'; range: DhcpRange | null };

export async function virtualNetworkOp(id: QualifiedId, op: VirtualNetworkOp): Promise<void> {
  return mutate(id, (b) => {
    const v = requireCapability(b, 'virtualNetworks');
    switch (op.op) {
      case 'start':
        return v.startNetwork(id);
      case 'stop':
        return v.stopNetwork(id);
      case 'autostart':
        return v.setNetworkAutostart(id, op.on);
      case 'dhcp':
        return v.setNetworkDhcpRange(id, op.range);
    }
  });
}
