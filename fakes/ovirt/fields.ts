/**
 * Searchable fields per collection, named as in the engine's search language (`cluster`,
 * `datacenter`, `usrname`, `correlation_id`, …). Sizes are searched in MB/GB like the engine does.
 */
import type {
  Cluster, DataCenter, Disk, EngineEvent, Host, Job, Network, Role, StorageDomain, Template, User, Vm, VnicProfile,
} from './model';
import type { Fields } from './search';
import type { Store } from './store';
import { isRunning, sdUsage } from './wire';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

export interface SearchSpec<T> { fields: Fields<T>; freeText: (row: T) => string[] }

export function searchSpecs(store: Store) {
  const clusterName = (id: string | null | undefined) => (id ? store.clusters.get(id)?.name : undefined);
  const hostName = (id: string | null | undefined) => (id ? store.hosts.get(id)?.name : undefined);
  const dcOfCluster = (id: string | null | undefined) => store.clusterDataCenter(id)?.name;
  const dcName = (id: string | null | undefined) => (id ? store.dataCenters.get(id)?.name : undefined);
  const sdName = (id: string | null | undefined) => (id ? store.storageDomains.get(id)?.name : undefined);
  const vmUsers = (vmId: string) =>
    store.permissionsOn(vmId).flatMap((p) => (p.principalKind === 'user' ? [store.users.get(p.principalId)].filter((u) => u !== undefined) : []));

  const vms: SearchSpec<Vm> = {
    fields: {
      name: { get: (v) => v.name },
      id: { get: (v) => v.id },
      status: { get: (v) => v.status },
      cluster: { get: (v) => clusterName(v.clusterId) },
      datacenter: { get: (v) => dcOfCluster(v.clusterId) },
      host: { get: (v) => hostName(v.hostId) },
      template: { get: (v) => store.templates.get(v.templateId)?.name },
      description: { get: (v) => v.description },
      comment: { get: (v) => v.comment },
      os: { get: (v) => v.osType },
      type: { get: (v) => v.type },
      memory: { get: (v) => Math.round(v.memory / MB) },
      fqdn: { get: (v) => (isRunning(v) ? v.fqdn : null) },
      ip: { get: (v) => (isRunning(v) ? v.ips : []) },
      storage: { get: (v) => store.attachmentsOf(v.id).map((a) => sdName(store.disks.get(a.diskId)?.storageDomainId) ?? '') },
      creationdate: { get: (v) => v.creationTime },
      stateless: { get: (v) => v.stateless },
      high_availability: { get: (v) => v.haEnabled },
      // Cross-reference to the users with a permission on the VM itself, as the engine's
      // "Vms: Users.usrname = …" (the self-service owner holds UserVmManager on it).
      'users.usrname': { get: (v) => vmUsers(v.id).map((u) => u.userName) },
      'users.name': { get: (v) => vmUsers(v.id).map((u) => u.name) },
    },
    freeText: (v) => [v.name, v.description],
  };

  const hosts: SearchSpec<Host> = {
    fields: {
      name: { get: (h) => h.name },
      id: { get: (h) => h.id },
      status: { get: (h) => h.status },
      cluster: { get: (h) => clusterName(h.clusterId) },
      datacenter: { get: (h) => dcOfCluster(h.clusterId) },
      address: { get: (h) => h.address },
      cpu_model: { get: (h) => h.cpuName },
      cpus: { get: (h) => h.sockets * h.cores * h.threads },
      memory: { get: (h) => Math.round(h.memory / MB) },
      active_vms: { get: (h) => [...store.vmsByHost.get(h.id)].filter((id) => isRunning(store.vms.get(id)!)).length },
      spm: { get: (h) => h.spm },
      description: { get: (h) => h.description },
      comment: { get: (h) => h.comment },
    },
    freeText: (h) => [h.name, h.address, h.description],
  };

  const clusters: SearchSpec<Cluster> = {
    fields: {
      name: { get: (c) => c.name },
      id: { get: (c) => c.id },
      datacenter: { get: (c) => dcName(c.dataCenterId) },
      architecture: { get: (c) => c.architecture },
      compatibility_version: { get: (c) => `${c.version.major}.${c.version.minor}` },
      description: { get: (c) => c.description },
      comment: { get: (c) => c.comment },
    },
    freeText: (c) => [c.name, c.description],
  };

  const dataCenters: SearchSpec<DataCenter> = {
    fields: {
      name: { get: (d) => d.name },
      id: { get: (d) => d.id },
      status: { get: (d) => d.status },
      type: { get: (d) => (d.local ? 'local' : 'shared') },
      compatibility_version: { get: (d) => `${d.version.major}.${d.version.minor}` },
      description: { get: (d) => d.description },
      comment: { get: (d) => d.comment },
    },
    freeText: (d) => [d.name, d.description],
  };

  const storageDomains: SearchSpec<StorageDomain> = {
    fields: {
      name: { get: (s) => s.name },
      id: { get: (s) => s.id },
      status: { get: (s) => s.status },
      datacenter: { get: (s) => dcName(s.dataCenterId) },
      type: { get: (s) => s.type },
      storage_type: { get: (s) => s.storageType },
      size: { get: (s) => Math.floor(sdUsage(store, s).available / GB) },
      used: { get: (s) => Math.floor(sdUsage(store, s).used / GB) },
      committed: { get: (s) => Math.floor(sdUsage(store, s).committed / GB) },
      external_status: { get: (s) => s.externalStatus },
      description: { get: (s) => s.description },
      comment: { get: (s) => s.comment },
    },
    freeText: (s) => [s.name, s.description],
  };

  const templates: SearchSpec<Template> = {
    fields: {
      name: { get: (t) => t.name },
      id: { get: (t) => t.id },
      status: { get: (t) => t.status },
      cluster: { get: (t) => clusterName(t.clusterId) },
      datacenter: { get: (t) => dcOfCluster(t.clusterId) },
      os: { get: (t) => t.osType },
      memory: { get: (t) => Math.round(t.memory / MB) },
      version: { get: (t) => t.versionNumber },
      creationdate: { get: (t) => t.creationTime },
      description: { get: (t) => t.description },
      comment: { get: (t) => t.comment },
    },
    freeText: (t) => [t.name, t.description],
  };

  const disks: SearchSpec<Disk> = {
    fields: {
      name: { get: (d) => d.alias },
      alias: { get: (d) => d.alias },
      id: { get: (d) => d.id },
      status: { get: (d) => d.status },
      format: { get: (d) => d.format },
      content_type: { get: (d) => d.contentType },
      storage: { get: (d) => sdName(d.storageDomainId) },
      provisioned_size: { get: (d) => Math.round(d.provisionedSize / GB) },
      actual_size: { get: (d) => Math.round(d.actualSize / GB) },
      shareable: { get: (d) => d.shareable },
      description: { get: (d) => d.description },
      vm_names: { get: (d) => store.attachmentsOfDisk(d.id).map((a) => store.vms.get(a.ownerId)?.name ?? '') },
    },
    freeText: (d) => [d.alias, d.description],
  };

  const networks: SearchSpec<Network> = {
    fields: {
      name: { get: (n) => n.name },
      id: { get: (n) => n.id },
      datacenter: { get: (n) => dcName(n.dataCenterId) },
      vlanid: { get: (n) => n.vlanId },
      mtu: { get: (n) => n.mtu },
      vmnetwork: { get: (n) => n.vm },
      description: { get: (n) => n.description },
      comment: { get: (n) => n.comment },
    },
    freeText: (n) => [n.name, n.description],
  };

  const vnicProfiles: SearchSpec<VnicProfile> = {
    fields: {
      name: { get: (p) => p.name },
      id: { get: (p) => p.id },
      network: { get: (p) => store.networks.get(p.networkId)?.name },
      datacenter: { get: (p) => dcName(store.networks.get(p.networkId)?.dataCenterId) },
    },
    freeText: (p) => [p.name],
  };

  const name = (table: 'vms' | 'hosts' | 'clusters' | 'dataCenters' | 'storageDomains' | 'templates', id?: string) =>
    (id ? (store[table].get(id) as { name?: string } | undefined)?.name : undefined);
  const events: SearchSpec<EngineEvent> = {
    fields: {
      severity: { get: (e) => e.severity, rank: ['normal', 'warning', 'error', 'alert'] },
      type: { get: (e) => e.code },
      code: { get: (e) => e.code },
      index: { get: (e) => e.index },
      message: { get: (e) => e.description },
      time: { get: (e) => e.time },
      origin: { get: (e) => e.origin },
      custom_id: { get: (e) => e.customId },
      correlation_id: { get: (e) => e.correlationId },
      usrname: { get: (e) => (e.userId ? store.users.get(e.userId)?.userName : undefined) },
      vm: { get: (e) => name('vms', e.vmId) },
      event_vm: { get: (e) => name('vms', e.vmId) },
      host: { get: (e) => name('hosts', e.hostId) },
      event_host: { get: (e) => name('hosts', e.hostId) },
      cluster: { get: (e) => name('clusters', e.clusterId) },
      event_cluster: { get: (e) => name('clusters', e.clusterId) },
      datacenter: { get: (e) => name('dataCenters', e.dataCenterId) },
      event_datacenter: { get: (e) => name('dataCenters', e.dataCenterId) },
      storage: { get: (e) => name('storageDomains', e.storageDomainId) },
      event_storage: { get: (e) => name('storageDomains', e.storageDomainId) },
      template: { get: (e) => name('templates', e.templateId) },
      event_template: { get: (e) => name('templates', e.templateId) },
    },
    freeText: (e) => [e.description],
  };

  const jobs: SearchSpec<Job> = {
    fields: {
      id: { get: (j) => j.id },
      correlation_id: { get: (j) => j.correlationId },
      status: { get: (j) => j.status },
      description: { get: (j) => j.description },
      start_time: { get: (j) => j.startTime },
    },
    freeText: (j) => [j.description],
  };

  const users: SearchSpec<User> = {
    fields: {
      usrname: { get: (u) => u.userName },
      name: { get: (u) => u.name },
      lastname: { get: (u) => u.lastName },
      email: { get: (u) => u.email },
      id: { get: (u) => u.id },
    },
    freeText: (u) => [u.userName, u.name],
  };

  const roles: SearchSpec<Role> = {
    fields: { name: { get: (r) => r.name }, id: { get: (r) => r.id } },
    freeText: (r) => [r.name],
  };

  return { vms, hosts, clusters, dataCenters, storageDomains, templates, disks, networks, vnicProfiles, events, jobs, users, roles };
}

export type SearchSpecs = ReturnType<typeof searchSpecs>;
