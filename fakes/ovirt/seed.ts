/**
 * The seeded estate. Same seed → same ids, names, states and topology on every run (only the
 * timestamps follow the wall clock, so a demo never looks years old). Size 'demo' is a hand-shaped
 * estate that exercises every kind of object; 'large' and {vms, hosts} are generated.
 */
import { CPU_MODELS, type CpuModel, GiB, ISO_FILES, MiB, PROFILES, type Profile, TEMPLATE_DEFS, macAddress } from './catalog';
import { EventCode, ambientEvent, type NewEvent } from './events';
import type {
  Cluster, DataCenter, Disk, EngineEvent, Host, HostStatus, Nic, PermissionTarget, SdStatus, SdType, StorageDomain,
  StorageType, Template, User, Vm, VmStatus, Job, JobStatus, Step,
} from './model';
import { Rng, hash32 } from './prng';
import type { ExportedTemplate, ExportedVm, Store } from './store';
import { seedGlusterVolume } from './gluster-ops';

export type EstateSize = 'demo' | 'large' | { vms: number; hosts: number };
export interface SeedUser { username: string; password: string; admin: boolean }

/** The engine's fixed ids: the Blank template, the built-in admin user, the Everyone group. */
export const BLANK_TEMPLATE_ID = '00000000-0000-0000-0000-000000000000';
export const ADMIN_USER_ID = 'fdfc627c-d875-11e0-90f0-83df133b58cc';
export const EVERYONE_GROUP_ID = 'eee00000-0000-0000-0000-123456789eee';
export const ROLE_IDS = {
  SuperUser: '00000000-0000-0000-0000-000000000001',
  UserRole: '00000000-0000-0000-0001-000000000001',
  UserVmManager: 'def00006-0000-0000-0000-def000000006',
  VmCreator: 'def0000a-0000-0000-0000-def00000000d',
  DiskCreator: 'def0000a-0000-0000-0000-def00000000e',
  DiskOperator: 'def0000a-0000-0000-0000-def00000000b',
  UserTemplateBasedVm: 'def00009-0000-0000-0000-def000000009',
  VnicProfileUser: 'def0000a-0000-0000-0000-def000000010',
} as const;

const DAY = 86_400_000;

export interface SeedResult {
  /** VMs seeded mid-migration: the server finishes these migrations once it runs. */
  inFlightMigrations: { vmId: string; targetHostId: string }[];
}

interface HostPlan { name: string; cpu: CpuModel; memoryGiB: number; status: HostStatus; statusDetail?: string; pm: boolean; address: string }
/** `gluster`: the cluster also runs the gluster service (hyperconverged), with this replica-3 volume on its first three hosts. */
interface ClusterPlan { name: string; description: string; cpu: CpuModel; hosts: HostPlan[]; gluster?: string }
interface SdPlan {
  name: string; description: string; type: SdType; storageType: StorageType; address: string; path: string;
  totalGiB: number; status: SdStatus; master: boolean;
}
interface NetPlan { name: string; description: string; vlan: number | null; vm: boolean; mtu: number; management?: boolean }
interface DcPlan { name: string; description: string; local: boolean; clusters: ClusterPlan[]; storage: SdPlan[]; networks: NetPlan[] }
interface VmPlan {
  name: string; profile: Profile; cluster: string; status: VmStatus; host?: string; owned?: boolean;
  snapshots?: string[]; stateless?: boolean; previewSnapshot?: boolean; migrateTo?: string;
}
interface Plan { dcs: DcPlan[]; unattached: SdPlan[]; vms: VmPlan[]; events: number; exportDomain?: string; isoDomain?: string }

const DEFAULT_NETS: NetPlan[] = [
  { name: 'ovirtmgmt', description: 'Management Network', vlan: null, vm: true, mtu: 1500, management: true },
  { name: 'prod-vlan100', description: 'Production VLAN', vlan: 100, vm: true, mtu: 1500 },
  { name: 'dmz-vlan200', description: 'DMZ', vlan: 200, vm: true, mtu: 1500 },
  { name: 'storage-net', description: 'Storage traffic (not for VMs)', vlan: 300, vm: false, mtu: 9000 },
];

function host(name: string, cpu: CpuModel, memoryGiB: number, status: HostStatus = 'up', statusDetail?: string): HostPlan {
  return { name, cpu, memoryGiB, status, statusDetail, pm: true, address: `${name}.demo.lab` };
}

function vms(prefix: string, count: number, profile: string, cluster: string, extra: Partial<VmPlan> = {}): VmPlan[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${String(i + 1).padStart(2, '0')}`, profile: PROFILES[profile], cluster, status: 'up' as VmStatus, ...extra,
  }));
}

function demoPlan(rng: Rng, ownerLocal: string): Plan {
  const dcs: DcPlan[] = [
    {
      name: 'Default', description: 'Main data center (shared storage)', local: false, networks: DEFAULT_NETS,
      clusters: [
        { name: 'Default', description: 'Intel production cluster', cpu: CPU_MODELS.cascadelake, gluster: 'engine', hosts: [
          host('host-01', CPU_MODELS.cascadelake, 384), host('host-02', CPU_MODELS.cascadelake, 384),
          host('host-03', CPU_MODELS.cascadelake, 384), host('host-04', CPU_MODELS.cascadelake, 384, 'maintenance'),
        ] },
        { name: 'prod-amd', description: 'AMD EPYC cluster for Kubernetes and CI', cpu: CPU_MODELS.epyc, hosts: [
          host('amd-01', CPU_MODELS.epyc, 512), host('amd-02', CPU_MODELS.epyc, 512),
          host('amd-03', CPU_MODELS.epyc, 512, 'non_responsive'),
        ] },
      ],
      storage: [
        { name: 'nfs-data', description: 'NFS on the NetApp', type: 'data', storageType: 'nfs', address: 'nfs01.demo.lab', path: '/exports/ovirt/data', totalGiB: 4096, status: 'active', master: true },
        { name: 'gluster-data', description: 'Replica 3 Gluster volume', type: 'data', storageType: 'glusterfs', address: 'gluster01.demo.lab', path: 'vmstore', totalGiB: 6144, status: 'active', master: false },
        { name: 'iscsi-data', description: 'iSCSI LUNs on the SAN', type: 'data', storageType: 'iscsi', address: '10.20.0.10', path: 'iqn.2024-01.lab.demo:san01.ovirt', totalGiB: 8192, status: 'active', master: false },
        { name: 'fc-data', description: 'Fibre Channel tier 1', type: 'data', storageType: 'fcp', address: '', path: '', totalGiB: 10240, status: 'active', master: false },
        { name: 'posix-data', description: 'CephFS (POSIX compliant FS)', type: 'data', storageType: 'posixfs', address: 'ceph-mon01.demo.lab:6789', path: '/ovirt', totalGiB: 2048, status: 'maintenance', master: false },
        { name: 'iso', description: 'Legacy ISO domain', type: 'iso', storageType: 'nfs', address: 'nfs01.demo.lab', path: '/exports/ovirt/iso', totalGiB: 500, status: 'active', master: false },
        { name: 'export', description: 'Export domain for migrations between setups', type: 'export', storageType: 'nfs', address: 'nfs01.demo.lab', path: '/exports/ovirt/export', totalGiB: 2048, status: 'active', master: false },
      ],
    },
    {
      name: 'Lab', description: 'Branch office lab on local storage', local: true,
      networks: [DEFAULT_NETS[0]],
      clusters: [{ name: 'lab', description: 'Single-host lab', cpu: CPU_MODELS.skylake, hosts: [host('lab-01', CPU_MODELS.skylake, 192)] }],
      storage: [{ name: 'lab-local', description: 'Local disks of lab-01', type: 'data', storageType: 'localfs', address: '', path: '/data/images', totalGiB: 1800, status: 'active', master: true }],
    },
  ];
  const unattached: SdPlan[] = [
    { name: 'nfs-spare', description: 'Spare NFS export, not attached yet', type: 'data', storageType: 'nfs', address: 'nfs02.demo.lab', path: '/exports/spare', totalGiB: 3072, status: 'unattached', master: false },
  ];
  const list: VmPlan[] = [
    ...vms('web', 6, 'web', 'Default'), ...vms('db', 3, 'db', 'Default'), ...vms('app', 6, 'app', 'Default'),
    ...vms('cache', 2, 'cache', 'Default'), ...vms('lb', 2, 'lb', 'Default'), ...vms('mq', 2, 'mq', 'Default'),
    ...vms('mon', 2, 'mon', 'Default'), ...vms('dns', 2, 'dns', 'Default'), ...vms('ldap', 2, 'ldap', 'Default'),
    ...vms('mail', 1, 'mail', 'Default'), ...vms('backup', 1, 'backup', 'Default'), ...vms('jump', 1, 'jump', 'Default'),
    ...vms('vpn', 1, 'vpn', 'Default'), ...vms('win-ad', 2, 'win-ad', 'Default'), ...vms('win-rds', 2, 'win-rds', 'Default'),
    ...vms(`desk-${ownerLocal}`, 2, 'desk', 'Default', { owned: true }),
    ...vms('k8s-master', 3, 'k8s-master', 'prod-amd'), ...vms('k8s-worker', 8, 'k8s-worker', 'prod-amd'),
    ...vms('db', 1, 'db', 'prod-amd').map((v) => ({ ...v, name: 'db-04' })), ...vms('gitlab', 1, 'gitlab', 'prod-amd'),
    ...vms('ci-runner', 3, 'ci-runner', 'prod-amd'),
    ...vms('test', 4, 'test', 'lab'), ...vms('build-win', 1, 'build-win', 'lab'), ...vms('sandbox', 1, 'sandbox', 'lab'),
    ...vms(`dev-${ownerLocal}`, 1, 'dev', 'lab', { owned: true }),
  ];
  const byName = new Map(list.map((v) => [v.name, v]));
  const set = (name: string, patch: Partial<VmPlan>) => Object.assign(byName.get(name)!, patch);
  // Mostly up, about a third down, and one of every unusual state the UI must render.
  const alwaysUp = /^(web-0[12]|db-0[12]|k8s-master|lb-|dns-|ldap-|win-ad-)/;
  for (const v of list) if (!alwaysUp.test(v.name) && rng.chance(0.3)) v.status = 'down';
  set('web-03', { status: 'up', owned: true });
  set('db-03', { status: 'paused' });
  set('win-rds-02', { status: 'suspended' });
  set(`desk-${ownerLocal}-02`, { status: 'suspended' });
  set('app-04', { status: 'migrating', host: 'host-01', migrateTo: 'host-02' });
  set('mail-01', { status: 'not_responding' });
  set('ci-runner-03', { status: 'unknown', host: 'amd-03' });
  set('k8s-worker-08', { status: 'unknown', host: 'amd-03' });
  set('test-01', { status: 'up' });
  set('test-02', { status: 'down', snapshots: ['clean install'], previewSnapshot: true });
  set('test-03', { status: 'down' });
  set('test-04', { status: 'up', stateless: true });
  set('build-win-01', { status: 'down' });
  set(`dev-${ownerLocal}-01`, { status: 'up' });
  set('db-01', { snapshots: ['before PostgreSQL 16 upgrade'] });
  set('web-01', { snapshots: ['pre-patch 2024-05'] });
  set('k8s-master-01', { snapshots: ['before k8s 1.30 upgrade'] });
  set('win-ad-01', { snapshots: ['pre AD schema update'] });
  set('app-02', { snapshots: ['baseline', 'after config change'] });
  set('gitlab-01', { snapshots: ['before 17.0 upgrade'] });
  set(`desk-${ownerLocal}-01`, { snapshots: ['working state'] });
  return { dcs, unattached, vms: list, events: 200, exportDomain: 'export', isoDomain: 'iso' };
}

/** Generated estate for 'large' and explicit sizes: 25 hosts per cluster, 4 clusters per DC. */
function generatedPlan(rng: Rng, vmCount: number, hostCount: number, ownerLocal: string): Plan {
  const clusterCount = Math.max(1, Math.ceil(hostCount / 25));
  const dcCount = Math.max(1, Math.ceil(clusterCount / 4));
  const cpus = [CPU_MODELS.cascadelake, CPU_MODELS.icelake, CPU_MODELS.epyc];
  const dcs: DcPlan[] = [];
  const clusters: ClusterPlan[] = [];
  let hostNo = 0;
  for (let d = 0; d < dcCount; d++) {
    const dcName = d === 0 ? 'Default' : `dc-${String(d + 1).padStart(2, '0')}`;
    const dc: DcPlan = { name: dcName, description: `Data center ${d + 1}`, local: false, networks: DEFAULT_NETS, clusters: [], storage: [] };
    const sd = (name: string, type: SdType, storageType: StorageType, totalGiB: number, master = false): SdPlan => ({
      name: `${name}-${String(d + 1).padStart(2, '0')}`, description: '', type, storageType, totalGiB, master, status: 'active',
      address: storageType === 'nfs' ? `nfs${d + 1}.demo.lab` : storageType === 'glusterfs' ? `gluster${d + 1}.demo.lab` : storageType === 'iscsi' ? `10.20.${d}.10` : '',
      path: storageType === 'nfs' ? `/exports/${name}` : storageType === 'glusterfs' ? 'vmstore' : storageType === 'iscsi' ? `iqn.2024-01.lab.demo:san${d + 1}` : '',
    });
    dc.storage.push(sd('nfs-data', 'data', 'nfs', 100 * 1024, true), sd('iscsi-data', 'data', 'iscsi', 200 * 1024), sd('gluster-data', 'data', 'glusterfs', 150 * 1024));
    if (d === 0) dc.storage.push(sd('fc-data', 'data', 'fcp', 200 * 1024), sd('iso', 'iso', 'nfs', 1024), sd('export', 'export', 'nfs', 4096));
    for (let c = 0; c < 4 && clusters.length < clusterCount; c++) {
      const cpu = cpus[clusters.length % cpus.length];
      const cl: ClusterPlan = { name: `cl-${String(clusters.length + 1).padStart(2, '0')}`, description: `${cpu.clusterType} cluster`, cpu, hosts: [] };
      const n = Math.min(25, hostCount - hostNo);
      for (let h = 0; h < n; h++) {
        hostNo++;
        const name = `h${String(hostNo).padStart(4, '0')}`;
        const status = rng.weighted<HostStatus>([['up', 980], ['maintenance', 12], ['non_responsive', 4], ['non_operational', 4]]);
        cl.hosts.push({ ...host(name, cpu, rng.pick([384, 512, 768, 1024]), status), address: `${name}.${dcName.toLowerCase()}.demo.lab` });
      }
      // Every cluster keeps at least one running host, or its VMs could not be placed at all.
      if (cl.hosts.length && !cl.hosts.some((h) => h.status === 'up')) cl.hosts[0].status = 'up';
      dc.clusters.push(cl);
      clusters.push(cl);
    }
    dcs.push(dc);
  }
  const roles = Object.keys(PROFILES).filter((r) => !['desk', 'dev'].includes(r));
  const counters = new Map<string, number>();
  const width = String(vmCount).length < 4 ? 4 : String(vmCount).length;
  const list: VmPlan[] = [];
  for (let i = 0; i < vmCount; i++) {
    const role = rng.pick(roles);
    const n = (counters.get(role) ?? 0) + 1;
    counters.set(role, n);
    const cluster = clusters[i % clusters.length];
    list.push({
      name: `${role}-${String(n).padStart(width, '0')}`, profile: PROFILES[role], cluster: cluster.name,
      status: rng.weighted<VmStatus>([['up', 62], ['down', 33], ['suspended', 2], ['paused', 1], ['not_responding', 1]]),
      snapshots: rng.chance(0.15) ? ['nightly'] : undefined,
      owned: i < 20,
    });
  }
  if (list.length) list[0].name = `desk-${ownerLocal}-01`;
  return { dcs, unattached: [], vms: list, events: Math.min(2000, 200 + vmCount / 5), exportDomain: 'export-01', isoDomain: 'iso-01' };
}

export interface SeedOptions { size: EstateSize; seed: number; users: SeedUser[]; now: number }

export function seedEstate(store: Store, opts: SeedOptions): SeedResult {
  return new EstateBuilder(store, opts).build();
}

/** A stable id for a named thing (users), independent of the drawing order. */
function nameUuid(name: string): string {
  return new Rng(hash32(name)).uuid();
}

class EstateBuilder {
  private rng: Rng;
  private now: number;
  private macCounter = 0;
  private vmOrdinal = 0;
  private hostOrdinal = 0;
  /** Committed VM memory per host, to place running VMs realistically. */
  private hostLoad = new Map<string, number>();
  private templatesByName = new Map<string, Template>();
  private seededEvents: NewEvent[] = [];
  private owner: User | undefined;
  private admin!: User;
  private result: SeedResult = { inFlightMigrations: [] };

  constructor(private store: Store, private opts: SeedOptions) {
    this.rng = new Rng(opts.seed);
    this.now = opts.now;
  }

  build(): SeedResult {
    this.seedRoles();
    this.seedUsers();
    const ownerLocal = (this.owner?.userName.split('@')[0] ?? 'user1').replace(/[^A-Za-z0-9_.-]/g, '');
    const size = this.opts.size;
    const plan = size === 'demo' ? demoPlan(this.rng, ownerLocal)
      : size === 'large' ? generatedPlan(this.rng, 10_000, 500, ownerLocal)
      : generatedPlan(this.rng, Math.max(0, size.vms), Math.max(1, size.hosts), ownerLocal);
    for (const dcPlan of plan.dcs) this.seedDataCenter(dcPlan);
    for (const sdPlan of plan.unattached) this.seedStorageDomain(sdPlan, null);
    this.seedTemplates();
    for (const v of plan.vms) this.seedVm(v);
    if (plan.isoDomain) this.seedIsoFiles(plan.isoDomain);
    if (plan.exportDomain) this.seedExportDomain(plan.exportDomain);
    this.seedPermissions();
    this.seedEvents(plan.events);
    this.seedJobs();
    // Last, and without the random generator, so every other seeded object stays exactly as before.
    if (size === 'demo') this.seedHostedEngine('Default', 'host-02');
    if (size === 'demo') this.seedManagedBlockDomain('Default');
    return this.result;
  }

  private ago(minMs: number, maxMs: number): number {
    return this.now - Math.round(minMs + this.rng.next() * (maxMs - minMs));
  }

  private seedRoles(): void {
    const roles: [keyof typeof ROLE_IDS, string, boolean][] = [
      ['SuperUser', 'Roles management administrator', true],
      ['UserRole', 'Standard User Role', false],
      ['UserVmManager', 'User Role, with permission for any operation on Vms', false],
      ['VmCreator', 'User Role, with permission to create VMs', false],
      ['DiskCreator', 'User Role, with permission to create Disks', false],
      ['DiskOperator', 'User Role, with permission for any operation on Disks', false],
      ['UserTemplateBasedVm', 'User Role, with permissions only to use Templates', false],
      ['VnicProfileUser', 'User Role, with permission to use a vNIC profile', false],
    ];
    for (const [name, description, administrative] of roles) {
      this.store.roles.add({ id: ROLE_IDS[name], name, description, administrative, mutable: false });
    }
  }

  private seedUsers(): void {
    for (const u of this.opts.users) {
      const [local, profile = 'internal'] = u.username.split('@');
      const user: User = {
        id: u.username === 'admin@internal' ? ADMIN_USER_ID : nameUuid(u.username),
        userName: u.username, password: u.password, admin: u.admin, name: local, lastName: '',
        email: `${local}@demo.lab`, namespace: '*', domain: `${profile}-authz`,
      };
      this.store.users.add(user);
      if (u.admin) {
        this.admin ??= user;
        this.permit(ROLE_IDS.SuperUser, user.id, 'system', null);
      } else {
        this.owner ??= user;
      }
    }
    // The engine always has its built-in admin; events and jobs are attributed to it.
    this.admin ??= [...this.store.users.values()][0];
  }

  private permit(roleId: string, principalId: string, targetKind: PermissionTarget, targetId: string | null): void {
    this.store.addPermission({
      id: this.rng.uuid(), roleId, principalId, targetKind, targetId,
      principalKind: principalId === EVERYONE_GROUP_ID ? 'group' : 'user',
    });
  }

  private seedDataCenter(plan: DcPlan): void {
    const dc: DataCenter = {
      id: this.rng.uuid(), name: plan.name, description: plan.description, comment: '', local: plan.local,
      status: 'up', version: { major: 4, minor: 7 }, storageFormat: 'v5', quotaMode: 'disabled',
    };
    this.store.addDataCenter(dc);
    for (const n of plan.networks) {
      const net = {
        id: this.rng.uuid(), name: n.name, description: n.description, comment: '', dataCenterId: dc.id,
        vlanId: n.vlan, mtu: n.mtu, vm: n.vm, management: n.management ?? false, required: true, stp: false,
      };
      this.store.addNetwork(net);
      if (n.vm) {
        this.store.addVnicProfile({ id: this.rng.uuid(), name: n.name, description: '', networkId: net.id, portMirroring: false, passThrough: 'disabled' });
      }
    }
    for (const cp of plan.clusters) {
      const cluster: Cluster = {
        id: this.rng.uuid(), name: cp.name, description: cp.description, comment: '', dataCenterId: dc.id,
        cpuType: cp.cpu.clusterType, architecture: 'x86_64', version: { major: 4, minor: 7 }, memoryOverCommit: 100,
        haReservation: false, schedulingPolicy: 'evenly_distributed', virtService: true, glusterService: cp.gluster !== undefined,
      };
      this.store.addCluster(cluster);
      for (const hp of cp.hosts) this.seedHost(hp, cluster);
      if (cp.gluster) {
        const hosts = [...this.store.hostsByCluster.get(cluster.id)].map((id) => this.store.hosts.get(id)!).sort((a, b) => (a.name < b.name ? -1 : 1));
        seedGlusterVolume(this.store, cluster, hosts, cp.gluster);
      }
    }
    // One SPM per data center: the first host that is up.
    const spm = [...this.store.clustersByDc.get(dc.id)]
      .flatMap((cid) => [...this.store.hostsByCluster.get(cid)].map((hid) => this.store.hosts.get(hid)!))
      .find((h) => h.status === 'up');
    if (spm) spm.spm = 'spm';
    for (const sp of plan.storage) this.seedStorageDomain(sp, dc.id);
  }

  private seedHost(hp: HostPlan, cluster: Cluster): void {
    const h: Host = {
      id: this.rng.uuid(), name: hp.name, description: '', comment: '', address: hp.address, clusterId: cluster.id,
      status: hp.status, statusDetail: hp.statusDetail, cpuName: hp.cpu.name, cpuType: hp.cpu.type,
      cpuSpeedMhz: hp.cpu.speedMhz, sockets: hp.cpu.sockets, cores: hp.cpu.cores, threads: hp.cpu.threads,
      // Hosts report a little less than the DIMMs add up to (firmware and kernel reservations).
      memory: hp.memoryGiB * GiB - this.rng.int(300, 900) * MiB, reservedMemory: 2 * GiB,
      spm: 'none', spmPriority: 5, powerManagement: hp.pm, powerState: hp.status === 'down' ? 'off' : 'on',
      osType: 'RHEL', osVersion: '9.4 - 1.el9', kvmVersion: '8.2.0 - 11.el9', libvirtVersion: 'libvirt-10.0.0-6.el9',
      vdsmVersion: 'vdsm-4.50.5.1-1.el9', bootTime: this.ago(2 * DAY, 90 * DAY), ordinal: this.hostOrdinal++,
      unreachable: hp.status === 'non_responsive',
    };
    this.store.addHost(h);
    this.hostLoad.set(h.id, 0);
  }

  /**
   * The runbook's estate: the engine runs as a VM on the hosts it manages. Every host of the
   * cluster is deployed with the HA agent (host-04, in maintenance, is in local maintenance);
   * the engine VM runs on `on`.
   */
  private seedHostedEngine(clusterName: string, on: string): void {
    const cluster = this.store.findByName(this.store.clusters, clusterName);
    const host = this.store.findByName(this.store.hosts, on);
    if (!cluster || !host) return;
    for (const hid of this.store.hostsByCluster.get(cluster.id)) {
      const h = this.store.hosts.get(hid)!;
      h.hostedEngine = { localMaintenance: h.status === 'maintenance' };
    }
    const memory = 16 * GiB;
    const vm: Vm = {
      id: nameUuid('HostedEngine'), name: 'HostedEngine', description: 'Hosted engine VM', comment: '', clusterId: cluster.id,
      hostId: host.id, templateId: BLANK_TEMPLATE_ID, originalTemplateId: BLANK_TEMPLATE_ID, status: 'up', stopReason: '',
      memory, memoryGuaranteed: memory, memoryMax: memory * 4, sockets: 4, cores: 1, threads: 1, osType: 'rhel_9x64',
      type: 'server', haEnabled: false, haPriority: 0, stateless: false, deleteProtected: false, display: 'vnc',
      creationTime: this.now - 400 * DAY, startTime: this.now - 30 * DAY, stopTime: null, guestAgent: true,
      fqdn: 'engine.demo.lab', ips: ['10.10.0.5'], guestOs: undefined, cdromFileId: null, nextRun: null,
      consolePort: 5900 + this.store.vmsByHost.get(host.id).size * 2, migrationTargetHostId: null, migrationProgress: null,
      ordinal: this.vmOrdinal++, origin: 'managed_hosted_engine',
    };
    this.store.addVm(vm);
  }

  /**
   * A Managed Block Storage domain on Ceph RBD (cinderlib in the engine), active in the data
   * center. Without the random generator, so every other seeded object stays as it was.
   */
  private seedManagedBlockDomain(dcName: string): void {
    const dc = this.store.findByName(this.store.dataCenters, dcName);
    if (!dc) return;
    this.store.addStorageDomain({
      id: nameUuid('ceph-mbs'), name: 'ceph-mbs', description: 'Ceph RBD through cinderlib', comment: '', type: 'managed_block_storage',
      storageType: 'managed_block_storage', address: '', path: '', total: 0, baseUsed: 0, master: false, externalStatus: 'ok',
      storageFormat: 'v1', blockSize: 512, dataCenterId: dc.id, status: 'active', wipeAfterDelete: false, discardAfterDelete: false, backup: false,
      driver: {
        options: { volume_driver: 'cinder.volume.drivers.rbd.RBDDriver', rbd_pool: 'ovirt-volumes', rbd_user: 'ovirt', rbd_ceph_conf: '/etc/ceph/ceph.conf' },
        sensitive: { rbd_keyring_conf: '[client.ovirt]\n\tkey = AQBdemoONLYnotAkeyAAAAAAAAAAAAAAAAAAAAAA==' },
      },
    });
  }

  private seedStorageDomain(sp: SdPlan, dataCenterId: string | null): void {
    const total = sp.totalGiB * GiB;
    const sd: StorageDomain = {
      id: this.rng.uuid(), name: sp.name, description: sp.description, comment: '', type: sp.type,
      storageType: sp.storageType, address: sp.address, path: sp.path, total,
      baseUsed: Math.round(total * (0.02 + this.rng.next() * 0.08)), master: sp.master, externalStatus: 'ok',
      storageFormat: sp.type === 'data' ? 'v5' : 'v1', blockSize: 512, dataCenterId,
      status: dataCenterId ? sp.status : 'unattached', wipeAfterDelete: false, discardAfterDelete: false, backup: false,
    };
    this.store.addStorageDomain(sd);
  }

  /** Active data domains a VM in this cluster may use. */
  private dataDomainsFor(clusterId: string): StorageDomain[] {
    const dc = this.store.clusterDataCenter(clusterId)!;
    return this.store.storageDomains.ordered().filter((s) => s.dataCenterId === dc.id && s.type === 'data' && s.status === 'active');
  }

  private seedTemplates(): void {
    const blank: Template = {
      id: BLANK_TEMPLATE_ID, name: 'Blank', description: 'Blank template', comment: '', clusterId: null, status: 'ok',
      memory: GiB, memoryGuaranteed: GiB, sockets: 1, cores: 1, threads: 1, osType: 'other', type: 'server',
      haEnabled: false, haPriority: 0, stateless: false, display: 'vnc', creationTime: Date.UTC(2008, 3, 1),
      versionNumber: 1, versionName: 'base version', baseTemplateId: BLANK_TEMPLATE_ID, diskIds: [], nics: [],
    };
    this.store.addTemplate(blank);
    this.templatesByName.set('Blank', blank);
    const first = this.store.clusters.ordered()[0];
    if (!first) return;
    for (const def of TEMPLATE_DEFS) {
      // The Kubernetes template lives in the AMD cluster when there is one, like a team's own image.
      const cluster = (def.name === 'rhel-9-k8s' && this.store.findByName(this.store.clusters, 'prod-amd')) || first;
      const domains = this.dataDomainsFor(cluster.id);
      if (!domains.length) continue;
      const sd = domains.find((d) => d.storageType === (def.name === 'rhel-9-k8s' ? 'iscsi' : 'nfs')) ?? domains[0];
      const id = this.rng.uuid();
      const disk = this.makeDisk(`${def.name}_Disk1`, def.diskGiB, sd, true, this.ago(200 * DAY, 400 * DAY));
      disk.templateId = id;
      this.store.addDisk(disk);
      const t: Template = {
        id, name: def.name, description: def.description, comment: '', clusterId: cluster.id, status: 'ok',
        memory: def.memoryGiB * GiB, memoryGuaranteed: def.memoryGiB * GiB, sockets: 1, cores: def.cores, threads: 1,
        osType: def.osType, type: 'server', haEnabled: false, haPriority: 0, stateless: false, display: def.display,
        creationTime: disk.creationTime, versionNumber: 1, versionName: 'base version', baseTemplateId: id,
        diskIds: [disk.id], nics: [{ name: 'nic1', vnicProfileName: 'ovirtmgmt', interface: 'virtio' }],
      };
      this.store.addTemplate(t);
      this.store.attachDisk({ diskId: disk.id, ownerId: id, ownerKind: 'template', bootable: true, interface: 'virtio_scsi', active: true, readOnly: false, logicalName: null });
      this.templatesByName.set(def.name, t);
    }
  }

  private makeDisk(alias: string, sizeGiB: number, sd: StorageDomain, system: boolean, created: number): Disk {
    const block = sd.storageType === 'iscsi' || sd.storageType === 'fcp';
    // System disks are thin qcow2; data disks on block storage are usually preallocated raw.
    const sparse = system || !block || this.rng.chance(0.5);
    const provisioned = sizeGiB * GiB;
    return {
      id: this.rng.uuid(), alias, description: '', provisionedSize: provisioned,
      actualSize: sparse ? Math.round(provisioned * (0.08 + this.rng.next() * 0.6) / MiB) * MiB : provisioned,
      status: 'ok', format: sparse ? 'cow' : 'raw', sparse, contentType: 'data', storageDomainId: sd.id,
      shareable: false, wipeAfterDelete: false, imageId: this.rng.uuid(), creationTime: created,
    };
  }

  private pickHost(clusterId: string, memory: number, named?: string): Host | undefined {
    if (named) return this.store.findByName(this.store.hosts, named);
    let best: Host | undefined;
    let bestFree = -Infinity;
    for (const hid of this.store.hostsByCluster.get(clusterId)) {
      const h = this.store.hosts.get(hid)!;
      if (h.status !== 'up') continue;
      const free = h.memory - h.reservedMemory - (this.hostLoad.get(h.id) ?? 0) - memory;
      if (free > bestFree) {
        best = h;
        bestFree = free;
      }
    }
    return best;
  }

  private seedVm(p: VmPlan): void {
    const cluster = this.store.findByName(this.store.clusters, p.cluster);
    if (!cluster) return;
    const prof = p.profile;
    const rng = this.rng;
    const dc = this.store.dataCenters.get(cluster.dataCenterId)!;
    const domains = this.dataDomainsFor(cluster.id);
    if (!domains.length) return;
    // Thin VMs depend on their template (template = T); clones keep only original_template = T.
    const tpl = this.templatesByName.get(prof.template);
    const tplDisk = tpl?.diskIds[0] ? this.store.disks.get(tpl.diskIds[0]) : undefined;
    const tplSd = tplDisk ? this.store.storageDomains.get(tplDisk.storageDomainId) : undefined;
    const thin = !!tpl && !!tplSd && tplSd.dataCenterId === dc.id && rng.chance(0.6);
    const templateId = thin ? tpl!.id : BLANK_TEMPLATE_ID;
    const originalTemplateId = tpl && tplSd?.dataCenterId === dc.id ? tpl.id : BLANK_TEMPLATE_ID;
    const memory = prof.memoryGiB * GiB;

    let status = p.status;
    let host: Host | undefined;
    const needsHost = !['down', 'suspended', 'image_locked'].includes(status);
    if (needsHost) {
      host = this.pickHost(cluster.id, memory, p.host);
      if (!host) status = 'down';
    }
    if (status === 'unknown' && host?.status === 'up') status = 'up';
    if (host) this.hostLoad.set(host.id, (this.hostLoad.get(host.id) ?? 0) + memory);
    const running = !!host;
    const created = this.ago(20 * DAY, 700 * DAY);
    const guestAgent = running && status !== 'unknown' && status !== 'not_responding' && rng.chance(0.92);
    const id = rng.uuid();
    const ordinal = this.vmOrdinal++;
    const vm: Vm = {
      id, name: p.name, description: prof.description, comment: '', clusterId: cluster.id, hostId: host?.id ?? null,
      templateId, originalTemplateId, status, stopReason: '', memory, memoryGuaranteed: memory, memoryMax: memory * 4,
      sockets: prof.sockets, cores: prof.cores, threads: 1, osType: prof.osType, type: prof.type,
      haEnabled: prof.ha, haPriority: prof.ha ? 50 : 0, stateless: p.stateless ?? false, deleteProtected: prof.ha && rng.chance(0.3),
      display: prof.display, creationTime: created,
      startTime: running ? this.ago(3_600_000, Math.min(60 * DAY, this.now - created - DAY)) : null,
      stopTime: running ? null : this.ago(DAY, 20 * DAY),
      guestAgent, fqdn: null, ips: [], guestOs: running ? prof.guest : undefined, cdromFileId: null, nextRun: null,
      consolePort: running ? 5900 + (this.store.vmsByHost.get(host!.id).size) * 2 : null,
      // Linux guests have the serial console device (as a cloud image's template gives them); Windows ones do not.
      serialConsole: !prof.osType.startsWith('windows'),
      migrationTargetHostId: null, migrationProgress: null, ordinal,
    };
    if (guestAgent) {
      vm.fqdn = `${p.name}.${prof.domain}`;
      vm.ips = [this.ipFor(prof.network, ordinal)];
      if (rng.chance(0.3)) vm.ips.push(`fd00:10:10::${(ordinal + 16).toString(16)}`);
    }
    this.store.addVm(vm);

    // Disks: the system disk sits next to the template disk when thin.
    prof.disks.forEach((gib, i) => {
      const sd = i === 0 && thin && tplSd ? tplSd : rng.pick(domains);
      const disk = this.makeDisk(`${p.name}_Disk${i + 1}`, gib, sd, i === 0, created);
      this.store.addDisk(disk);
      this.store.attachDisk({
        diskId: disk.id, ownerId: id, ownerKind: 'vm', bootable: i === 0, interface: prof.osType.startsWith('windows') ? 'sata' : 'virtio_scsi',
        active: true, readOnly: false, logicalName: guestAgent ? (prof.osType.startsWith('windows') ? null : `/dev/sd${String.fromCharCode(97 + i)}`) : null,
      });
    });

    // NICs, on the profile's network when the data center has it.
    const nets = [prof.network, ...(prof.role === 'lb' ? ['prod-vlan100'] : [])];
    nets.forEach((netName, i) => {
      const profile = this.profileIn(dc.id, netName) ?? this.profileIn(dc.id, 'ovirtmgmt');
      const nic: Nic = {
        id: rng.uuid(), vmId: id, name: `nic${i + 1}`, interface: prof.nicInterface, mac: macAddress(++this.macCounter),
        vnicProfileId: profile?.id ?? null, plugged: true, linked: true,
      };
      this.store.addNic(nic);
    });

    // Snapshots: every VM has its "Active VM" snapshot, like the engine.
    this.store.addSnapshot({ id: rng.uuid(), vmId: id, description: 'Active VM', date: created, type: 'active', status: 'ok', persistMemory: false });
    for (const description of p.snapshots ?? []) {
      const date = this.ago(DAY, Math.max(2 * DAY, this.now - created - DAY));
      const snap = { id: rng.uuid(), vmId: id, description, date, type: 'regular' as const, status: 'ok' as const, persistMemory: false };
      this.store.addSnapshot(snap);
      this.seededEvents.push({ code: EventCode.USER_CREATE_SNAPSHOT_FINISHED_SUCCESS, severity: 'normal', time: date, vmId: id,
        description: `Snapshot '${description}' creation for VM '${vm.name}' has been completed.` });
    }
    if (p.previewSnapshot) {
      const regular = this.store.snapshotsOf(id).find((s) => s.type === 'regular');
      if (regular) {
        regular.status = 'in_preview';
        this.store.addSnapshot({ id: rng.uuid(), vmId: id, description: 'Active VM before the preview', date: this.ago(3_600_000, DAY), type: 'preview', status: 'ok', persistMemory: false });
      }
    }
    if (p.owned && this.owner) this.permit(ROLE_IDS.UserVmManager, this.owner.id, 'vm', id);
    if (p.migrateTo) {
      const target = this.store.findByName(this.store.hosts, p.migrateTo);
      if (target && host) {
        vm.migrationTargetHostId = target.id;
        vm.migrationProgress = 35;
        this.result.inFlightMigrations.push({ vmId: id, targetHostId: target.id });
      }
    }
    this.vmHistory(vm, host);
  }

  private profileIn(dcId: string, networkName: string) {
    for (const nid of this.store.networksByDc.get(dcId)) {
      const net = this.store.networks.get(nid)!;
      if (net.name !== networkName) continue;
      for (const pid of this.store.profilesByNetwork.get(nid)) return this.store.vnicProfiles.get(pid);
    }
    return undefined;
  }

  private ipFor(network: string, n: number): string {
    const prefix = network === 'prod-vlan100' ? '10.100' : network === 'dmz-vlan200' ? '172.20' : '10.10';
    return `${prefix}.${Math.floor(n / 250) % 250}.${(n % 250) + 4}`;
  }

  /** Events that explain the seeded state: when a VM was started, why it is paused, … */
  private vmHistory(vm: Vm, host: Host | undefined): void {
    const who = this.admin?.userName ?? 'admin@internal';
    if (vm.startTime && host) {
      this.seededEvents.push({ code: EventCode.USER_STARTED_VM, severity: 'normal', time: vm.startTime, vmId: vm.id, hostId: host.id, clusterId: vm.clusterId, userId: this.admin?.id,
        description: `VM ${vm.name} was started by ${who} (Host: ${host.name}).` });
    }
    const recent = this.ago(60_000, 3 * 3_600_000);
    if (vm.status === 'paused') {
      this.seededEvents.push({ code: EventCode.VM_PAUSED_EIO, severity: 'error', time: recent, vmId: vm.id, hostId: host?.id,
        description: `VM ${vm.name} has been paused due to storage I/O problem.` });
    } else if (vm.status === 'not_responding') {
      this.seededEvents.push({ code: EventCode.VM_NOT_RESPONDING, severity: 'warning', time: recent, vmId: vm.id, hostId: host?.id,
        description: `VM ${vm.name} is not responding.` });
    } else if (vm.status === 'suspended') {
      const lastHost = this.pickHost(vm.clusterId, 0);
      this.seededEvents.push({ code: EventCode.USER_SUSPEND_VM_OK, severity: 'normal', time: vm.stopTime ?? recent, vmId: vm.id, hostId: lastHost?.id,
        description: `VM ${vm.name} on Host ${lastHost?.name ?? 'unknown'} is suspended.` });
    } else if (vm.status === 'down' && vm.stopTime) {
      this.seededEvents.push({ code: EventCode.VM_DOWN, severity: 'normal', time: vm.stopTime, vmId: vm.id,
        description: `VM ${vm.name} is down. Exit message: User shut down from within the guest` });
    } else if (vm.status === 'migrating' && host) {
      const target = vm.migrationTargetHostId ? this.store.hosts.get(vm.migrationTargetHostId) : undefined;
      this.seededEvents.push({ code: EventCode.VM_MIGRATION_START, severity: 'normal', time: this.ago(5_000, 20_000), vmId: vm.id, hostId: host.id,
        description: `Migration started (VM: ${vm.name}, Source: ${host.name}, Destination: ${target?.name ?? ''}, User: ${who}).` });
    }
  }

  private seedIsoFiles(sdName: string): void {
    const sd = this.store.findByName(this.store.storageDomains, sdName);
    if (!sd) return;
    this.store.isoFiles.set(sd.id, ISO_FILES.map((f) => ({ id: f.name, name: f.name, size: f.sizeMiB * MiB })));
  }

  /** Three VMs and a template waiting on the export domain, as left by an older setup. */
  private seedExportDomain(sdName: string): void {
    const sd = this.store.findByName(this.store.storageDomains, sdName);
    const cluster = this.store.clusters.ordered()[0];
    if (!sd || !cluster) return;
    const vmsOut = new Map<string, ExportedVm>();
    const defs: [string, string, number, number[], string][] = [
      ['legacy-crm-01', 'rhel_8x64', 8, [60], 'Legacy CRM from the old 4.3 setup'],
      ['old-web-01', 'other_linux', 2, [20], 'Previous web frontend'],
      ['erp-test', 'windows_2019x64', 8, [100, 50], 'ERP test instance'],
    ];
    for (const [name, osType, memGiB, disks, description] of defs) {
      const id = this.rng.uuid();
      const created = this.ago(400 * DAY, 900 * DAY);
      const vm: Vm = {
        id, name, description, comment: '', clusterId: cluster.id, hostId: null, templateId: BLANK_TEMPLATE_ID,
        originalTemplateId: BLANK_TEMPLATE_ID, status: 'down', stopReason: '', memory: memGiB * GiB, memoryGuaranteed: memGiB * GiB,
        memoryMax: memGiB * 4 * GiB, sockets: 1, cores: 2, threads: 1, osType, type: 'server', haEnabled: false, haPriority: 0,
        stateless: false, deleteProtected: false, display: osType.startsWith('windows') ? 'spice' : 'vnc', creationTime: created,
        startTime: null, stopTime: this.ago(100 * DAY, 300 * DAY), guestAgent: false, fqdn: null, ips: [], cdromFileId: null,
        nextRun: null, consolePort: null, migrationTargetHostId: null, migrationProgress: null, exportDomainId: sd.id, ordinal: -1,
      };
      const vmDisks = disks.map((gib, i) => {
        const disk = this.makeDisk(`${name}_Disk${i + 1}`, gib, sd, true, created);
        return { disk, attachment: { diskId: disk.id, ownerId: id, ownerKind: 'vm' as const, bootable: i === 0, interface: 'virtio_scsi' as const, active: true, readOnly: false, logicalName: null } };
      });
      const nics: Nic[] = [{ id: this.rng.uuid(), vmId: id, name: 'nic1', interface: 'virtio', mac: macAddress(++this.macCounter), vnicProfileId: null, plugged: true, linked: true }];
      vmsOut.set(id, { vm, disks: vmDisks, nics });
    }
    this.store.exportVms.set(sd.id, vmsOut);
    const tid = this.rng.uuid();
    const disk = this.makeDisk('centos-7-legacy_Disk1', 20, sd, true, this.ago(800 * DAY, 1000 * DAY));
    disk.templateId = tid;
    const template: Template = {
      id: tid, name: 'centos-7-legacy', description: 'CentOS 7 base image (EOL)', comment: '', clusterId: cluster.id, status: 'ok',
      memory: 2 * GiB, memoryGuaranteed: 2 * GiB, sockets: 1, cores: 1, threads: 1, osType: 'rhel_7x64', type: 'server',
      haEnabled: false, haPriority: 0, stateless: false, display: 'vnc', creationTime: disk.creationTime, versionNumber: 1,
      versionName: 'base version', baseTemplateId: tid, diskIds: [disk.id], nics: [{ name: 'nic1', vnicProfileName: 'ovirtmgmt', interface: 'virtio' }],
      exportDomainId: sd.id,
    };
    this.store.exportTemplates.set(sd.id, new Map<string, ExportedTemplate>([[tid, { template, disks: [disk] }]]));
  }

  private seedPermissions(): void {
    // Defaults of every engine: Everyone may use the Blank template and the ovirtmgmt profiles.
    this.permit(ROLE_IDS.UserTemplateBasedVm, EVERYONE_GROUP_ID, 'template', BLANK_TEMPLATE_ID);
    for (const p of this.store.vnicProfiles.values()) {
      if (p.name === 'ovirtmgmt') this.permit(ROLE_IDS.VnicProfileUser, EVERYONE_GROUP_ID, 'vnic_profile', p.id);
    }
    const owner = this.owner;
    if (!owner) return;
    // The self-service user may create VMs in the first cluster from two templates, on one domain.
    const cluster = this.store.clusters.ordered()[0];
    if (cluster) this.permit(ROLE_IDS.VmCreator, owner.id, 'cluster', cluster.id);
    for (const name of ['centos-stream-9', 'debian-12']) {
      const t = this.templatesByName.get(name);
      if (t) this.permit(ROLE_IDS.UserTemplateBasedVm, owner.id, 'template', t.id);
    }
    const sd = this.store.storageDomains.ordered().find((s) => s.type === 'data' && s.status === 'active');
    if (sd) this.permit(ROLE_IDS.DiskCreator, owner.id, 'storage_domain', sd.id);
  }

  private seedEvents(target: number): void {
    const rng = this.rng;
    const week = 7 * DAY;
    let history = this.seededEvents.filter((e) => (e.time ?? 0) > this.now - week);
    const keep = Math.floor(target * 0.7);
    if (history.length > keep) history = history.filter(() => rng.chance(keep / history.length));
    const hosts = this.store.hosts.ordered();
    const runningVms = this.store.vms.ordered().filter((v) => v.hostId);
    const all: NewEvent[] = [...history];
    while (all.length < target) {
      const time = this.ago(60_000, week);
      const k = rng.int(0, 9);
      if (k <= 2 && runningVms.length > 1 && hosts.length > 1) {
        const vm = rng.pick(runningVms);
        const src = rng.pick(hosts);
        const dst = rng.pick(hosts);
        if (src === dst) continue;
        const who = this.admin?.userName ?? 'admin@internal';
        all.push({ code: EventCode.VM_MIGRATION_DONE, severity: 'normal', time, vmId: vm.id, hostId: dst.id,
          description: `Migration completed (VM: ${vm.name}, Source: ${src.name}, Destination: ${dst.name}, Duration: ${rng.int(3, 40)} seconds, Total: ${rng.int(41, 60)} seconds, Actual downtime: ${rng.int(20, 300)}ms)` });
        if (rng.chance(0.5)) {
          all.push({ code: EventCode.VM_MIGRATION_START, severity: 'normal', time: time - rng.int(5_000, 40_000), vmId: vm.id, hostId: src.id, userId: this.admin?.id,
            description: `Migration started (VM: ${vm.name}, Source: ${src.name}, Destination: ${dst.name}, User: ${who}).` });
        }
      } else {
        const e = ambientEvent(this.store, rng, time);
        if (e) all.push(e);
      }
    }
    // Explain the hosts that are not up.
    for (const h of hosts) {
      const time = this.ago(10 * 60_000, DAY);
      if (h.status === 'non_responsive') all.push({ code: EventCode.VDS_FAILURE, severity: 'error', time, hostId: h.id, clusterId: h.clusterId, description: `Host ${h.name} is non responsive.` });
      if (h.status === 'maintenance') all.push({ code: EventCode.USER_VDS_MAINTENANCE, severity: 'normal', time, hostId: h.id, clusterId: h.clusterId, userId: this.admin?.id, description: `Host ${h.name} was switched to Maintenance mode by ${this.admin?.userName ?? 'admin@internal'}.` });
    }
    all.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
    for (const e of all) {
      const event: EngineEvent = { origin: 'oVirt', customId: -1, correlationId: null, time: this.now, ...e, index: this.store.nextEventIndex++ };
      this.store.events.push(event);
      this.store.eventsByIndex.set(event.index, event);
    }
  }

  /**
   * The recent jobs a running engine still lists when one connects: a few ended ones, inside the
   * auto-clear windows of jobs.ts (finished jobs stay 10 minutes, failed ones an hour), for the
   * admin and for the first self-service user. None is still running: nothing would drive it.
   */
  private seedJobs(): void {
    const vms = this.store.vms.ordered();
    const hosts = this.store.hosts.ordered().filter((h) => h.status === 'up');
    const pick = (test: (name: string) => boolean) => vms.find((v) => test(v.name));
    const owned = vms.filter((v) => this.owner && v.name.includes(`-${this.owner.userName.split('@')[0]}-`));
    const plans: { description: string; status: 'finished' | 'failed'; endedAgoMs: number; user: User | undefined }[] = [];
    const admin = this.admin;
    const anyVm = (i: number) => vms[i % Math.max(1, vms.length)];
    const a = pick((n) => n.startsWith('web-')) ?? anyVm(0);
    const b = pick((n) => n.startsWith('app-')) ?? anyVm(1);
    const c = pick((n) => n.startsWith('db-')) ?? anyVm(2);
    if (a) plans.push({ description: `Launching VM ${a.name}`, status: 'finished', endedAgoMs: 2 * 60_000, user: admin });
    if (b && hosts.length) plans.push({ description: `Migrating VM ${b.name} to Host ${hosts[hosts.length - 1].name}`, status: 'finished', endedAgoMs: 4 * 60_000, user: admin });
    if (c) plans.push({ description: `Creating VM Snapshot nightly for VM ${c.name}`, status: 'failed', endedAgoMs: 25 * 60_000, user: admin });
    if (a) plans.push({ description: `Stopping VM ${a.name}`, status: 'finished', endedAgoMs: 6 * 60_000, user: admin });
    for (const [i, vm] of owned.slice(0, 2).entries()) {
      plans.push({ description: `Launching VM ${vm.name}`, status: i === 0 ? 'finished' : 'failed', endedAgoMs: (3 + 20 * i) * 60_000, user: this.owner });
    }
    if (owned[0]) plans.push({ description: `Creating VM Snapshot backup for VM ${owned[0].name}`, status: 'failed', endedAgoMs: 40 * 60_000, user: this.owner });
    for (const p of plans) {
      if (!p.user) continue;
      const id = this.rng.uuid();
      const end = this.now - p.endedAgoMs;
      const start = end - this.rng.int(5_000, 90_000);
      const step = (number: number, type: Step['type'], text: string, status: JobStatus, progress: number | null): Step => ({
        id: this.rng.uuid(), jobId: id, number, type, description: text, status, progress, startTime: start, endTime: end,
      });
      const job: Job = {
        id, description: p.description, status: p.status, startTime: start, endTime: end, lastUpdated: end,
        autoCleared: true, external: false, correlationId: null, ownerId: p.user.id,
        steps: [step(1, 'validating', 'Validating', 'finished', null), step(2, 'executing', 'Executing', p.status, p.status === 'finished' ? 100 : 40)],
      };
      this.store.addJob(job);
    }
  }
}
