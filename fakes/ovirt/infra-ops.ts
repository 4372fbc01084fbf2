/**
 * The infrastructure runbook on the demo engine: add/remove data centers, clusters and hosts
 * (installing → initializing → up), create/remove storage domains for every storage type, and the
 * SAN a host sees (iSCSI discovery and login, LUNs of logged-in targets and FC LUNs). Wording of
 * refusals follows the engine's validation messages (4.5).
 */
import { isHostedEngineVm } from './hosted-engine';
import { randomUUID } from 'node:crypto';
import { CPU_MODELS, GiB, HOST_OS, MiB, type CpuModel } from './catalog';
import { Fault, badRequest, conflict, forbidden, incomplete, notFound } from './errors';
import { type Actor, type Body, type Engine, asBool, asInt, asObj, asStr, checkName, lookup } from './engine';
import type { Cluster, DataCenter, Host, SdType, StorageDomain, StorageType } from './model';

export const INFRA_TIMING = { install: 3000, reboot: 1500, initialize: 1500, sdCreate: 0 };

/** Audit log codes of the real engine (AuditLogType). */
const CODE = {
  USER_ADD_STORAGE_POOL: 950,
  USER_UPDATE_STORAGE_POOL: 951,
  USER_REMOVE_STORAGE_POOL: 952,
  USER_ADD_VDS_GROUP: 809,
  USER_REMOVE_VDS_GROUP: 813,
  USER_ADD_VDS: 42,
  USER_REMOVE_VDS: 44,
  VDS_INSTALL: 500,
  VDS_INSTALL_FAILED: 505,
  VDS_DETECTED: 13,
  USER_ADD_STORAGE_DOMAIN: 956,
  USER_REMOVE_STORAGE_DOMAIN: 960,
} as const;

const who = (a: Actor): string => a.user.userName;
const NAME_RE = /^[A-Za-z0-9_.-]+$/;

function requireAdmin(a: Actor): void {
  if (!a.user.admin) throw forbidden();
}

function checkInfraName(name: string, action: string, type: string): void {
  if (!NAME_RE.test(name) || name.length > 40) {
    throw new Fault(400, `[Cannot ${action} ${type}. The given name contains special characters. Only lower-case and upper-case letters, numbers, '_', '-', '.' are allowed.]`);
  }
}

function parseVersion(body: Body, fallback = { major: 4, minor: 7 }): { major: number; minor: number } {
  const v = asObj(body.version);
  if (!v) return fallback;
  const major = asInt(v.major, 'version.major') ?? fallback.major;
  const minor = asInt(v.minor, 'version.minor') ?? fallback.minor;
  if (major !== 4 || minor < 2 || minor > 8) throw badRequest(`[Cannot add. Compatibility version ${major}.${minor} is not supported.]`);
  return { major, minor };
}

// ---------------------------------------------------------------- data centers

export function addDataCenter(e: Engine, a: Actor, body: Body): DataCenter {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  const local = asBool(body.local, 'local');
  const missing = [!name && 'name', local === undefined && 'local'].filter(Boolean);
  if (missing.length) throw incomplete('DataCenter', missing.join(', '));
  checkInfraName(name!, 'create', 'Data Center');
  if (e.store.findByName(e.store.dataCenters, name!)) throw conflict('Cannot create Data Center. The Data Center name is already in use.');
  const dc: DataCenter = {
    id: randomUUID(), name: name!, description: asStr(body.description, 'description') ?? '', comment: asStr(body.comment, 'comment') ?? '',
    local: local!, status: 'uninitialized', version: parseVersion(body), storageFormat: 'v5', quotaMode: 'disabled',
  };
  e.store.addDataCenter(dc);
  // The engine creates the management network with every data center.
  const net = { id: randomUUID(), name: 'ovirtmgmt', description: 'Management Network', comment: '', dataCenterId: dc.id, vlanId: null, mtu: 1500, vm: true, management: true, required: true, stp: false };
  e.store.addNetwork(net);
  e.store.addVnicProfile({ id: randomUUID(), name: 'ovirtmgmt', description: '', networkId: net.id, portMirroring: false, passThrough: 'disabled' });
  e.event({ code: CODE.USER_ADD_STORAGE_POOL, severity: 'normal', dataCenterId: dc.id, description: `Data Center ${dc.name}, Compatibility Version ${dc.version.major}.${dc.version.minor} and Quota Type DISABLED was added by ${who(a)}` }, a);
  return dc;
}

export function updateDataCenter(e: Engine, a: Actor, dc: DataCenter, body: Body): void {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  if (name !== undefined && name !== dc.name) {
    checkInfraName(name, 'edit', 'Data Center');
    if (e.store.findByName(e.store.dataCenters, name)) throw conflict('Cannot edit Data Center. The Data Center name is already in use.');
  }
  const local = asBool(body.local, 'local');
  if (local !== undefined && local !== dc.local && [...e.store.storageDomains.values()].some((s) => s.dataCenterId === dc.id)) {
    throw conflict('Cannot edit Data Center. Cannot change the storage type of a Data Center with attached Storage Domains.');
  }
  if (name !== undefined && name !== dc.name) {
    dc.name = name;
    e.store.dataCenters.touch();
  }
  const description = asStr(body.description, 'description');
  if (description !== undefined) dc.description = description;
  const comment = asStr(body.comment, 'comment');
  if (comment !== undefined) dc.comment = comment;
  if (local !== undefined) dc.local = local;
  if (asObj(body.version)) dc.version = parseVersion(body, dc.version);
  e.event({ code: CODE.USER_UPDATE_STORAGE_POOL, severity: 'normal', dataCenterId: dc.id, description: `Data Center ${dc.name} was updated by ${who(a)}` }, a);
}

export function removeDataCenter(e: Engine, a: Actor, dc: DataCenter, force: boolean): void {
  requireAdmin(a);
  const attached = [...e.store.storageDomains.values()].filter((s) => s.dataCenterId === dc.id);
  if (attached.length && !force) {
    throw conflict(`Cannot remove Data Center. The following Storage Domains are attached to it: ${attached.map((s) => s.name).sort().join(', ')}. Move them to maintenance and detach them first.`);
  }
  const clusters = [...e.store.clustersByDc.get(dc.id)].map((id) => e.store.clusters.get(id)!);
  const withHosts = clusters.filter((c) => e.store.hostsByCluster.get(c.id).size > 0);
  if (withHosts.length) throw conflict(`Cannot remove Data Center. The following Clusters still contain Hosts: ${withHosts.map((c) => c.name).sort().join(', ')}.`);
  const withVms = clusters.filter((c) => e.store.vmsByCluster.get(c.id).size > 0);
  if (withVms.length) throw conflict(`Cannot remove Data Center. The following Clusters still contain VMs: ${withVms.map((c) => c.name).sort().join(', ')}.`);
  for (const sd of attached) {
    // force=true: the engine drops the domains from the pool without touching the storage.
    sd.dataCenterId = null;
    sd.status = 'unattached';
    sd.master = false;
  }
  for (const c of clusters) dropCluster(e, c);
  for (const nid of [...e.store.networksByDc.get(dc.id)]) {
    for (const pid of [...e.store.profilesByNetwork.get(nid)]) {
      e.store.vnicProfiles.delete(pid);
      e.store.profilesByNetwork.remove(nid, pid);
    }
    e.store.networks.delete(nid);
    e.store.networksByDc.remove(dc.id, nid);
  }
  e.store.dataCenters.delete(dc.id);
  e.event({ code: CODE.USER_REMOVE_STORAGE_POOL, severity: 'normal', description: `Data Center ${dc.name} was removed by ${who(a)}` }, a);
}

// ---------------------------------------------------------------- clusters

function cpuTypeKnown(type: string): boolean {
  return Object.values(CPU_MODELS).some((m: CpuModel) => m.clusterType === type);
}

export function addCluster(e: Engine, a: Actor, body: Body): Cluster {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  const dc = lookup(e.store.dataCenters, body.data_center, 'DataCenter', e.store);
  const cpuType = asStr(asObj(body.cpu)?.type, 'cpu.type');
  const missing = [!name && 'name', !dc && 'dataCenter.id|name', !cpuType && 'cpu.type'].filter(Boolean);
  if (missing.length) throw incomplete('Cluster', missing.join(', '));
  checkInfraName(name!, 'create', 'Cluster');
  if (e.store.findByName(e.store.clusters, name!)) throw conflict('Cannot create Cluster. The Cluster name is already in use.');
  if (!cpuTypeKnown(cpuType!)) throw badRequest(`[Cannot create Cluster. The CPU type '${cpuType}' is not supported by the Cluster compatibility version.]`);
  if (dc!.local && e.store.clustersByDc.get(dc!.id).size > 0) throw conflict('Cannot create Cluster. A local Data Center can hold only one Cluster.');
  const virtService = asBool(body.virt_service, 'virt_service') ?? true;
  const glusterService = asBool(body.gluster_service, 'gluster_service') ?? false;
  if (!virtService && !glusterService) throw conflict('Cannot create Cluster. At least one service should be enabled on the cluster.');
  const cl: Cluster = {
    id: randomUUID(), name: name!, description: asStr(body.description, 'description') ?? '', comment: asStr(body.comment, 'comment') ?? '',
    dataCenterId: dc!.id, cpuType: cpuType!, architecture: 'x86_64', version: parseVersion(body, dc!.version), memoryOverCommit: 100,
    haReservation: false, schedulingPolicy: 'evenly_distributed', virtService, glusterService,
  };
  e.store.addCluster(cl);
  e.event({ code: CODE.USER_ADD_VDS_GROUP, severity: 'normal', clusterId: cl.id, description: `Cluster ${cl.name} was added by ${who(a)}` }, a);
  return cl;
}

export function updateCluster(e: Engine, a: Actor, cl: Cluster, body: Body): void {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  if (name !== undefined && name !== cl.name) {
    checkInfraName(name, 'edit', 'Cluster');
    if (e.store.findByName(e.store.clusters, name)) throw conflict('Cannot edit Cluster. The Cluster name is already in use.');
  }
  const cpuType = asStr(asObj(body.cpu)?.type, 'cpu.type');
  if (cpuType !== undefined && cpuType !== cl.cpuType) {
    if (!cpuTypeKnown(cpuType)) throw badRequest(`[Cannot edit Cluster. The CPU type '${cpuType}' is not supported by the Cluster compatibility version.]`);
    if ([...e.store.hostsByCluster.get(cl.id)].some((id) => e.store.hosts.get(id)!.status === 'up')) {
      throw conflict('Cannot edit Cluster. Cannot change the CPU type of a Cluster with Hosts that are up. Move them to maintenance first.');
    }
  }
  const virtService = asBool(body.virt_service, 'virt_service');
  const glusterService = asBool(body.gluster_service, 'gluster_service');
  if ((virtService ?? cl.virtService) === false && (glusterService ?? cl.glusterService) === false) {
    throw conflict('Cannot edit Cluster. At least one service should be enabled on the cluster.');
  }
  if (glusterService === false && cl.glusterService && [...e.store.glusterVolumes.values()].some((v) => v.clusterId === cl.id)) {
    throw conflict('Cannot edit Cluster. Gluster service cannot be disabled as the cluster contains Gluster Volumes.');
  }
  if (virtService === false && cl.virtService && e.store.vmsByCluster.get(cl.id).size > 0) {
    throw conflict('Cannot edit Cluster. Virt service cannot be disabled as the cluster contains VMs.');
  }
  if (name !== undefined && name !== cl.name) {
    cl.name = name;
    e.store.clusters.touch();
  }
  if (virtService !== undefined) cl.virtService = virtService;
  if (glusterService !== undefined) cl.glusterService = glusterService;
  const description = asStr(body.description, 'description');
  if (description !== undefined) cl.description = description;
  const comment = asStr(body.comment, 'comment');
  if (comment !== undefined) cl.comment = comment;
  if (cpuType !== undefined) cl.cpuType = cpuType;
}

function dropCluster(e: Engine, cl: Cluster): void {
  e.store.clusters.delete(cl.id);
  e.store.clustersByDc.remove(cl.dataCenterId, cl.id);
}

export function removeCluster(e: Engine, a: Actor, cl: Cluster): void {
  requireAdmin(a);
  if (e.store.hostsByCluster.get(cl.id).size > 0) throw conflict('Cannot remove Cluster. Host Cluster contains one or more Hosts.');
  if (e.store.vmsByCluster.get(cl.id).size > 0) throw conflict('Cannot remove Cluster. Cluster contains one or more VMs.');
  if (e.store.templatesByCluster.get(cl.id).size > 0) throw conflict('Cannot remove Cluster. Cluster contains one or more Templates.');
  dropCluster(e, cl);
  e.event({ code: CODE.USER_REMOVE_VDS_GROUP, severity: 'normal', description: `Cluster ${cl.name} was removed by ${who(a)}` }, a);
}

// ---------------------------------------------------------------- hosts

/** Addresses under `.invalid` (RFC 2606) never answer: their installation fails like an SSH timeout. */
const unreachableAddress = (address: string): boolean => /\.invalid$/i.test(address);

export function addHost(e: Engine, a: Actor, body: Body, deployHostedEngine = false): Host {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  const address = asStr(body.address, 'address');
  const cluster = lookup(e.store.clusters, body.cluster, 'Cluster', e.store);
  const password = asStr(body.root_password, 'root_password');
  const ssh = asObj(body.ssh);
  const method = asStr(ssh?.authentication_method, 'ssh.authentication_method') ?? (password ? 'password' : undefined);
  const missing = [!name && 'name', !address && 'address', !cluster && 'cluster.id|name'].filter(Boolean);
  if (missing.length) throw incomplete('Host', missing.join(', '));
  if (method !== 'publickey' && !password) throw incomplete('Host', 'rootPassword');
  if (method !== 'publickey' && method !== 'password') throw badRequest(`Invalid value '${method}' for 'ssh.authentication_method'.`);
  checkInfraName(name!, 'add', 'Host');
  if (!/^[A-Za-z0-9.:-]+$/.test(address!)) throw badRequest('[Cannot add Host. The address is not a valid host name or IP address.]');
  if (e.store.findByName(e.store.hosts, name!)) throw conflict('Cannot add Host. The Host name is already in use, please choose a unique name and try again.');
  if ([...e.store.hosts.values()].some((h) => h.address.toLowerCase() === address!.toLowerCase())) throw conflict('Cannot add Host. The Host address is already in use.');
  const dc = e.store.dataCenters.get(cluster!.dataCenterId);
  if (dc?.local && e.store.hostsByCluster.get(cluster!.id).size > 0) throw conflict('Cannot add Host. A local Data Center can hold only one Host.');
  // The engine deploys hosted-engine services only where an engine VM already exists (HostedEngineHelper).
  if (deployHostedEngine && ![...e.store.vms.values()].some(isHostedEngineVm)) {
    throw conflict('Cannot add Host. Hosted Engine deployment is not possible: this engine is not a Hosted Engine.');
  }
  const cpu = Object.values(CPU_MODELS).find((m) => m.clusterType === cluster!.cpuType) ?? CPU_MODELS.cascadelake;
  const ordinal = [...e.store.hosts.values()].reduce((max, h) => Math.max(max, h.ordinal), -1) + 1;
  const host: Host = {
    id: randomUUID(), name: name!, description: asStr(body.description, 'description') ?? '', comment: asStr(body.comment, 'comment') ?? '',
    address: address!, clusterId: cluster!.id, status: 'installing', cpuName: cpu.name, cpuType: cpu.type, cpuSpeedMhz: cpu.speedMhz,
    sockets: cpu.sockets, cores: cpu.cores, threads: cpu.threads, memory: 256 * GiB - 512 * MiB, reservedMemory: 2 * GiB,
    spm: 'none', spmPriority: 5, powerManagement: false, powerState: 'on', osType: HOST_OS.type, osVersion: HOST_OS.version,
    kvmVersion: HOST_OS.kvm, libvirtVersion: HOST_OS.libvirt, vdsmVersion: HOST_OS.vdsm, bootTime: Date.now(),
    unreachable: unreachableAddress(address!), ordinal,
    // The HA agent is installed with the host; it reports a score once the host is up.
    hostedEngine: deployHostedEngine ? { localMaintenance: false } : undefined,
  };
  e.store.addHost(host);
  const job = e.job(`Adding new Host ${host.name} to Cluster ${cluster!.name}`, a);
  e.event({ code: CODE.USER_ADD_VDS, severity: 'normal', hostId: host.id, clusterId: cluster!.id, description: `Host ${host.name} was added by ${who(a)}.` }, a);
  e.event({ code: CODE.VDS_INSTALL, severity: 'normal', hostId: host.id, description: `Installing Host ${host.name}. Stage: Initializing.` }, a);
  e.ops.start(host.id, [
    { ms: INFRA_TIMING.install, run: () => {
      if (host.unreachable) {
        host.status = 'install_failed';
        host.statusDetail = 'Failed to connect to the host via SSH.';
        e.jobs.finish(job, 'failed');
        e.event({ code: CODE.VDS_INSTALL_FAILED, severity: 'error', hostId: host.id, description: `Host ${host.name} installation failed. Failed to connect to the host via SSH: ${host.address}: Name or service not known.` }, a);
        return;
      }
      e.jobs.progress(job, 60);
      host.status = 'reboot';
    } },
    { ms: INFRA_TIMING.reboot, run: () => {
      if (host.status !== 'reboot') return;
      host.status = 'initializing';
      e.jobs.progress(job, 90);
    } },
    { ms: INFRA_TIMING.initialize, run: () => {
      if (host.status !== 'initializing') return;
      host.status = 'up';
      claimSpmIfNone(e, host);
      e.jobs.finish(job);
      e.event({ code: CODE.VDS_DETECTED, severity: 'normal', hostId: host.id, clusterId: host.clusterId, description: `Status of host ${host.name} was set to Up.` });
    } },
  ], () => e.jobs.finish(job, 'aborted'));
  return host;
}

function claimSpmIfNone(e: Engine, h: Host): void {
  const dcId = e.store.clusters.get(h.clusterId)?.dataCenterId;
  for (const cid of e.store.clustersByDc.get(dcId)) {
    for (const hid of e.store.hostsByCluster.get(cid)) if (e.store.hosts.get(hid)!.spm === 'spm') return;
  }
  h.spm = 'spm';
}

const REMOVABLE_HOST: ReadonlySet<Host['status']> = new Set(['maintenance', 'install_failed', 'non_responsive', 'down']);

export function removeHost(e: Engine, a: Actor, host: Host): void {
  requireAdmin(a);
  if (!REMOVABLE_HOST.has(host.status)) throw conflict('Cannot remove Host. Host is operational. Please switch Host to Maintenance mode first.');
  if (e.store.vmsByHost.get(host.id).size > 0) throw conflict('Cannot remove Host. Host has running VMs.');
  e.ops.cancel(host.id);
  e.store.hosts.delete(host.id);
  e.store.hostsByCluster.remove(host.clusterId, host.id);
  sanOf(e).loggedIn.delete(host.id);
  e.event({ code: CODE.USER_REMOVE_VDS, severity: 'normal', description: `Host ${host.name} was removed by ${who(a)}.` }, a);
}

// ---------------------------------------------------------------- the SAN a host sees

export interface Lun {
  id: string;
  size: number;
  vendor: string;
  product: string;
  serial: string;
  /** iSCSI only. */
  portal?: { address: string; port: number; target: string };
  kind: 'iscsi' | 'fcp';
}

interface San {
  luns: Lun[];
  /** host id → targets it logged in to. */
  loggedIn: Map<string, Set<string>>;
  /** LUN id → storage domain id using it. */
  used: Map<string, string>;
}

const SANS = new WeakMap<Engine, San>();

/** The LUN id the wire shows for a seeded block domain (see wire.ts storageDetails). */
export const seededLunId = (sd: StorageDomain): string => `36001405${sd.id.replace(/-/g, '').slice(0, 25)}`;

/**
 * One iSCSI portal at 10.20.0.10:3260 with two targets (the SAN of the seeded iscsi-data domain and
 * a spare one with free LUNs) and two free FC LUNs. LUNs of seeded block domains count as used.
 */
export function sanOf(e: Engine): San {
  let san = SANS.get(e);
  if (san) return san;
  const portal = (target: string) => ({ address: '10.20.0.10', port: 3260, target });
  const luns: Lun[] = [];
  const used = new Map<string, string>();
  for (const sd of e.store.storageDomains.values()) {
    if (sd.storageType !== 'iscsi' && sd.storageType !== 'fcp') continue;
    const lun: Lun = { id: seededLunId(sd), size: sd.total, vendor: sd.storageType === 'iscsi' ? 'LIO-ORG' : 'NETAPP', product: sd.storageType === 'iscsi' ? 'LIO-ORG' : 'LUN C-Mode', serial: `S${sd.name}`, kind: sd.storageType };
    if (sd.storageType === 'iscsi') lun.portal = { address: sd.address, port: 3260, target: sd.path };
    luns.push(lun);
    used.set(lun.id, sd.id);
  }
  const spare = 'iqn.2024-01.lab.demo:san01.spare';
  luns.push(
    { id: '36001405aa11c0ffee000000000000001', size: 500 * GiB, vendor: 'LIO-ORG', product: 'spare01', serial: 'SLIO-ORG_spare01', portal: portal(spare), kind: 'iscsi' },
    { id: '36001405aa11c0ffee000000000000002', size: 1024 * GiB, vendor: 'LIO-ORG', product: 'spare02', serial: 'SLIO-ORG_spare02', portal: portal(spare), kind: 'iscsi' },
    { id: '3600a098038303053453f463045727001', size: 2048 * GiB, vendor: 'NETAPP', product: 'LUN C-Mode', serial: 'NETAPP_fc_spare01', kind: 'fcp' },
    { id: '3600a098038303053453f463045727002', size: 4096 * GiB, vendor: 'NETAPP', product: 'LUN C-Mode', serial: 'NETAPP_fc_spare02', kind: 'fcp' },
  );
  san = { luns, loggedIn: new Map(), used };
  SANS.set(e, san);
  return san;
}

function iscsiPortal(body: Body): { address: string; port: number; target?: string } {
  const iscsi = asObj(body.iscsi);
  const address = asStr(iscsi?.address, 'iscsi.address');
  if (!address) throw incomplete('Action', 'iscsi.address', 'iscsidiscover');
  const port = asInt(iscsi?.port, 'iscsi.port') ?? 3260;
  return { address, port, target: asStr(iscsi?.target, 'iscsi.target') };
}

function requireUpHost(host: Host, action: string): void {
  if (host.status !== 'up') throw conflict(`Cannot ${action}. Host ${host.name} is not in Up status.`);
}

export function iscsiDiscover(e: Engine, a: Actor, host: Host, body: Body): { address: string; port: number; target: string }[] {
  requireAdmin(a);
  requireUpHost(host, 'discover iSCSI targets');
  const { address, port } = iscsiPortal(body);
  const targets = [...new Set(sanOf(e).luns.filter((l) => l.portal && l.portal.address === address && l.portal.port === port).map((l) => l.portal!.target))];
  if (!targets.length) throw badRequest(`[Failed to discover iSCSI targets on ${address}:${port}: no portal answers at that address.]`);
  return targets.map((target) => ({ address, port, target }));
}

export function iscsiLogin(e: Engine, a: Actor, host: Host, body: Body): void {
  requireAdmin(a);
  requireUpHost(host, 'log in to the iSCSI target');
  const { address, port, target } = iscsiPortal(body);
  if (!target) throw incomplete('Action', 'iscsi.target', 'iscsilogin');
  const san = sanOf(e);
  if (!san.luns.some((l) => l.portal?.address === address && l.portal.port === port && l.portal.target === target)) {
    throw badRequest(`[Failed to log in to iSCSI target ${target} on ${address}:${port}.]`);
  }
  let set = san.loggedIn.get(host.id);
  if (!set) san.loggedIn.set(host.id, (set = new Set()));
  set.add(`${address}:${port}:${target}`);
}

/** LUNs the host sees: every FC LUN, and the LUNs of iSCSI targets it logged in to. */
export function hostLuns(e: Engine, host: Host): Lun[] {
  const san = sanOf(e);
  const sessions = san.loggedIn.get(host.id) ?? new Set<string>();
  return san.luns.filter((l) => l.kind === 'fcp' || (l.portal && sessions.has(`${l.portal.address}:${l.portal.port}:${l.portal.target}`)));
}

export function lunUsedBy(e: Engine, lunId: string): StorageDomain | undefined {
  const sdId = sanOf(e).used.get(lunId);
  return sdId ? e.store.storageDomains.get(sdId) : undefined;
}

// ---------------------------------------------------------------- storage domains

const FILE_TYPES: ReadonlySet<StorageType> = new Set(['nfs', 'glusterfs', 'posixfs']);
const ALL_TYPES: ReadonlySet<string> = new Set(['nfs', 'glusterfs', 'posixfs', 'iscsi', 'fcp', 'localfs', 'managed_block_storage']);

/** `{"property":[{"name","value"}]}` (one property may come as an object) → name → value. */
function propertiesOf(list: unknown, field: string): Record<string, string> {
  const raw = asObj(list)?.property;
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: Record<string, string> = {};
  for (const item of items) {
    const name = asStr(asObj(item)?.name, `${field}.property.name`);
    if (!name) throw incomplete('Property', 'name');
    out[name] = asStr(asObj(item)?.value, `${field}.property.value`) ?? '';
  }
  return out;
}

/** Managed block storage needs compatibility 4.3 (the engine's ManagedBlockDomainSupported). */
export function managedBlockSupported(dc: DataCenter | undefined): boolean {
  return !!dc && (dc.version.major > 4 || (dc.version.major === 4 && dc.version.minor >= 3));
}

/**
 * A Managed Block Storage domain (cinderlib in the engine): no connection of its own, only the
 * Cinder driver's options; `volume_driver` names the driver and nothing works without it. The
 * engine keeps driver_sensitive_options for the driver and never shows them again.
 */
function addManagedBlockDomain(e: Engine, a: Actor, body: Body, name: string, host: Host): StorageDomain {
  const storage = asObj(body.storage)!;
  const dc = e.store.clusterDataCenter(host.clusterId);
  if (!managedBlockSupported(dc)) {
    throw conflict(`Cannot add Storage. Managed block storage domains are not supported by the compatibility version of Data Center ${dc?.name ?? ''}.`);
  }
  const options = propertiesOf(storage.driver_options, 'driver_options');
  const sensitive = propertiesOf(storage.driver_sensitive_options, 'driver_sensitive_options');
  if (!options.volume_driver?.trim() && !sensitive.volume_driver?.trim()) {
    throw badRequest('[Cannot add Storage. The driver options must contain volume_driver, the Cinder driver to use.]');
  }
  const sd: StorageDomain = {
    id: randomUUID(), name, description: asStr(body.description, 'description') ?? '', comment: asStr(body.comment, 'comment') ?? '',
    type: 'managed_block_storage', storageType: 'managed_block_storage', address: '', path: '', total: 0, baseUsed: 0, master: false,
    externalStatus: 'ok', storageFormat: 'v1', blockSize: 512, dataCenterId: null, status: 'unattached',
    wipeAfterDelete: false, discardAfterDelete: false, backup: false, driver: { options, sensitive },
  };
  e.store.addStorageDomain(sd);
  e.event({ code: CODE.USER_ADD_STORAGE_DOMAIN, severity: 'normal', storageDomainId: sd.id, description: `Storage Domain ${sd.name} was added by ${who(a)}` }, a);
  return sd;
}

export function addStorageDomain(e: Engine, a: Actor, body: Body): StorageDomain {
  requireAdmin(a);
  const name = asStr(body.name, 'name');
  const type = asStr(body.type, 'type');
  const storage = asObj(body.storage);
  const storageType = asStr(storage?.type, 'storage.type');
  const host = lookup(e.store.hosts, body.host, 'Host', e.store);
  const missing = [!name && 'name', !type && 'type', !storageType && 'storage.type', !host && 'host.id|name'].filter(Boolean);
  if (missing.length) throw incomplete('StorageDomain', missing.join(', '));
  if (!['data', 'iso', 'export', 'managed_block_storage'].includes(type!)) throw badRequest(`Invalid value '${type}' for 'type'.`);
  if (!ALL_TYPES.has(storageType!)) throw badRequest(`Invalid value '${storageType}' for 'storage.type'.`);
  checkName(name!, 'add', 'Storage');
  if (e.store.findByName(e.store.storageDomains, name!)) throw conflict('Cannot add Storage. The Storage Domain name is already in use.');
  requireUpHost(host!, 'add Storage Connection');
  const st = storageType as StorageType;
  if ((type === 'managed_block_storage') !== (st === 'managed_block_storage')) {
    throw badRequest(`[Cannot add Storage. Storage Domain type ${type} does not match storage type ${st}.]`);
  }
  if (st === 'managed_block_storage') return addManagedBlockDomain(e, a, body, name!, host!);
  if (type !== 'data' && !FILE_TYPES.has(st)) throw conflict(`Cannot add Storage. ${type === 'iso' ? 'ISO' : 'Export'} domains can only be created on file storage (NFS, GlusterFS, POSIX).`);
  const hostDc = e.store.clusterDataCenter(host!.clusterId);
  let address = '';
  let path = '';
  let total = 0;
  let lunIds: string[] = [];
  if (FILE_TYPES.has(st) || st === 'localfs') {
    address = asStr(storage!.address, 'storage.address') ?? '';
    path = asStr(storage!.path, 'storage.path') ?? '';
    const need = [!path && 'storage.path', st === 'nfs' && !address && 'storage.address', st === 'posixfs' && !asStr(storage!.vfs_type, 'storage.vfs_type') && 'storage.vfsType'].filter(Boolean);
    if (need.length) throw incomplete('StorageDomain', need.join(', '));
    if (st === 'nfs' && !path.startsWith('/')) throw badRequest(`[Cannot add Storage Connection. The NFS export path '${path}' must be an absolute path.]`);
    if (st === 'localfs' && !hostDc?.local) throw conflict('Cannot add Storage. Local storage can only be created on a Host of a local Data Center.');
    // A server name under .invalid never answers: the host's mount fails, as vdsm reports it.
    if (unreachableAddress(address) || unreachableAddress(path.split(':')[0] ?? '')) {
      throw badRequest(`[Problem while trying to mount target]`, 'Operation Failed');
    }
    const connection = `${address}:${path}`;
    const clash = [...e.store.storageDomains.values()].find((s) => `${s.address}:${s.path}` === connection && s.storageType === st);
    if (clash) throw conflict(`Cannot add Storage Connection. The storage connection is already used by Storage Domain ${clash.name}.`);
    total = 2048 * GiB;
  } else {
    const lus = asObj(asObj(storage!.logical_units) ?? {})?.logical_unit;
    lunIds = (Array.isArray(lus) ? lus : []).map((l) => asStr(asObj(l)?.id, 'logical_unit.id')).filter((x): x is string => !!x);
    if (!lunIds.length) throw incomplete('StorageDomain', 'storage.logicalUnits.logicalUnit.id');
    const visible = hostLuns(e, host!).filter((l) => l.kind === st);
    const chosen = lunIds.map((id) => visible.find((l) => l.id === id));
    const unseen = lunIds.filter((_, i) => !chosen[i]);
    if (unseen.length) throw badRequest(`[Cannot add Storage. The following LUNs are not visible to Host ${host!.name}: ${unseen.join(', ')}.]`);
    const inUse = lunIds.filter((id) => lunUsedBy(e, id));
    if (inUse.length && asBool(body.override_luns ?? storage!.override_luns, 'override_luns') !== true) {
      throw conflict(`Cannot add Storage. The following LUNs are already part of existing storage domains: ${inUse.map((id) => `${id} (${lunUsedBy(e, id)!.name})`).join(', ')}.`);
    }
    total = chosen.reduce((sum, l) => sum + l!.size, 0);
    const first = chosen[0]!;
    address = first.portal?.address ?? '';
    path = first.portal?.target ?? '';
  }
  const sd: StorageDomain = {
    id: randomUUID(), name: name!, description: asStr(body.description, 'description') ?? '', comment: asStr(body.comment, 'comment') ?? '',
    type: type as SdType, storageType: st, address, path, total, baseUsed: Math.round(total * 0.01), master: false, externalStatus: 'ok',
    storageFormat: type === 'data' ? 'v5' : 'v1', blockSize: 512, dataCenterId: null, status: 'unattached',
    wipeAfterDelete: asBool(body.wipe_after_delete, 'wipe_after_delete') ?? false, discardAfterDelete: asBool(body.discard_after_delete, 'discard_after_delete') ?? false, backup: false,
  };
  e.store.addStorageDomain(sd);
  for (const id of lunIds) sanOf(e).used.set(id, sd.id);
  e.event({ code: CODE.USER_ADD_STORAGE_DOMAIN, severity: 'normal', storageDomainId: sd.id, description: `Storage Domain ${sd.name} was added by ${who(a)}` }, a);
  return sd;
}

export function removeStorageDomain(e: Engine, a: Actor, sd: StorageDomain, query: URLSearchParams): void {
  requireAdmin(a);
  const hostName = query.get('host');
  if (!hostName) throw incomplete('StorageDomain', 'host', 'remove');
  const host = e.store.findByName(e.store.hosts, hostName) ?? e.store.hosts.get(hostName);
  if (!host) throw notFound(`Host: name=${hostName}`);
  if (sd.dataCenterId) {
    throw conflict(`Cannot remove Storage. The Storage Domain is attached to Data Center ${e.store.dataCenters.get(sd.dataCenterId)?.name ?? sd.dataCenterId}. Move it to maintenance and detach it first.`);
  }
  requireUpHost(host, 'remove Storage');
  if ([...e.store.disksBySd.get(sd.id)].length && query.get('destroy') !== 'true' && query.get('format') !== 'true') {
    throw conflict('Cannot remove Storage. The Storage Domain still holds disks. Remove them, or format the domain.');
  }
  for (const did of [...e.store.disksBySd.get(sd.id)]) {
    const disk = e.store.disks.get(did);
    if (disk) e.store.removeDisk(disk);
  }
  for (const [lun, owner] of sanOf(e).used) if (owner === sd.id) sanOf(e).used.delete(lun);
  e.store.isoFiles.delete(sd.id);
  e.store.exportVms.delete(sd.id);
  e.store.exportTemplates.delete(sd.id);
  e.store.storageDomains.delete(sd.id);
  e.event({ code: CODE.USER_REMOVE_STORAGE_DOMAIN, severity: 'normal', description: `Storage Domain ${sd.name} was removed by ${who(a)}` }, a);
}

/** A data domain that becomes active in an uninitialized data center makes it Up (it is the master now). */
export function dataCenterGainsMaster(e: Engine, dcId: string): void {
  const dc = e.store.dataCenters.get(dcId);
  if (dc && dc.status === 'uninitialized') dc.status = 'up';
}
