import type {
  GlusterVolumeRow,
  Cluster, ConsoleTicket, DataCenter, Disk, DiskAttachment, EngineEvent, Host, ImageTransfer, IsoFile, Job,
  Network, Nic, Permission, Qos, Role, Snapshot, StorageDomain, Template, User, Vm, VnicProfile, ClusterNetwork, HostNetState,
} from './model';

/**
 * A keyed table that also keeps a name-sorted view. The engine lists most collections ordered by
 * name; at 10,000 VMs re-sorting on every request would dominate, so the sorted array is cached
 * and rebuilt only after a change (`touch()` after renames).
 */
export class Table<T extends { id: string }> {
  private rows = new Map<string, T>();
  private version = 0;
  private sorted: { version: number; rows: T[] } | null = null;

  constructor(private readonly sortKey: (row: T) => string) {}

  get(id: string): T | undefined { return this.rows.get(id); }
  has(id: string): boolean { return this.rows.has(id); }
  get size(): number { return this.rows.size; }
  values(): IterableIterator<T> { return this.rows.values(); }

  add(row: T): void {
    this.rows.set(row.id, row);
    this.version++;
  }

  delete(id: string): boolean {
    this.version++;
    return this.rows.delete(id);
  }

  /** Call after changing a row's sort key. */
  touch(): void { this.version++; }

  /** All rows ordered by the sort key (shared array: callers must not mutate it). */
  ordered(): readonly T[] {
    if (!this.sorted || this.sorted.version !== this.version) {
      const rows = [...this.rows.values()];
      const keys = new Map(rows.map((r) => [r, this.sortKey(r).toLowerCase()]));
      rows.sort((a, b) => {
        const ka = keys.get(a)!;
        const kb = keys.get(b)!;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
      this.sorted = { version: this.version, rows };
    }
    return this.sorted.rows;
  }
}

/** Map of key → set of ids, for the "VMs on this host" style lookups. */
export class MultiIndex {
  private map = new Map<string, Set<string>>();

  add(key: string | null | undefined, id: string): void {
    if (key == null) return;
    let set = this.map.get(key);
    if (!set) this.map.set(key, (set = new Set()));
    set.add(id);
  }

  remove(key: string | null | undefined, id: string): void {
    if (key == null) return;
    const set = this.map.get(key);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) this.map.delete(key);
  }

  get(key: string | null | undefined): ReadonlySet<string> {
    return (key != null && this.map.get(key)) || EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

export interface ExportedVm { vm: Vm; disks: { disk: Disk; attachment: DiskAttachment }[]; nics: Nic[] }
export interface ExportedTemplate { template: Template; disks: Disk[] }

/** The whole estate plus the indexes that keep requests fast at 10,000 VMs. */
export class Store {
  readonly dataCenters = new Table<DataCenter>((r) => r.name);
  readonly clusters = new Table<Cluster>((r) => r.name);
  readonly hosts = new Table<Host>((r) => r.name);
  readonly storageDomains = new Table<StorageDomain>((r) => r.name);
  readonly templates = new Table<Template>((r) => `${r.name}\u0000${String(r.versionNumber).padStart(6, '0')}`);
  readonly vms = new Table<Vm>((r) => r.name);
  readonly disks = new Table<Disk>((r) => r.alias);
  readonly networks = new Table<Network>((r) => r.name);
  readonly vnicProfiles = new Table<VnicProfile>((r) => r.name);
  readonly users = new Table<User>((r) => r.userName);
  readonly roles = new Table<Role>((r) => r.name);
  readonly permissions = new Map<string, Permission>();
  readonly nics = new Map<string, Nic>();
  readonly snapshots = new Map<string, Snapshot>();
  readonly jobs = new Map<string, Job>();
  readonly imageTransfers = new Map<string, ImageTransfer>();
  /** Events in ascending index order. */
  readonly events: EngineEvent[] = [];
  readonly eventsByIndex = new Map<number, EngineEvent>();
  nextEventIndex = 1;
  readonly isoFiles = new Map<string, IsoFile[]>();
  readonly exportVms = new Map<string, Map<string, ExportedVm>>();
  readonly exportTemplates = new Map<string, Map<string, ExportedTemplate>>();
  /** Last console ticket per VM, so a fake VNC/SPICE server can check passwords. */
  readonly consoleTickets = new Map<string, ConsoleTicket>();
  /** The hosted-engine HA cluster's global maintenance (kept by the HA agents on the shared storage). */
  readonly hostedEngine = { globalMaintenance: false };

  // Indexes.
  readonly vmsByHost = new MultiIndex();
  readonly vmsByCluster = new MultiIndex();
  readonly hostsByCluster = new MultiIndex();
  readonly clustersByDc = new MultiIndex();
  readonly networksByDc = new MultiIndex();
  readonly profilesByNetwork = new MultiIndex();
  /** Cluster id → network id → roles; filled on first use (network-ops.ts). */
  readonly clusterNets = new Map<string, Map<string, ClusterNetwork>>();
  /** QoS entries of every data center by id (qos-ops.ts). */
  readonly qoss = new Map<string, Qos>();
  /** Host id → NICs and network attachments; filled on first use (network-ops.ts). */
  readonly hostNets = new Map<string, HostNetState>();
  /** Gluster volumes by id (gluster-ops.ts); each knows its cluster. */
  readonly glusterVolumes = new Map<string, GlusterVolumeRow>();
  readonly disksBySd = new MultiIndex();
  readonly templatesByCluster = new MultiIndex();
  readonly permsByTarget = new MultiIndex();
  readonly permsByPrincipal = new MultiIndex();
  readonly jobsByCorrelation = new MultiIndex();
  readonly vmNames = new Map<string, string>();
  readonly attachmentsByOwner = new Map<string, DiskAttachment[]>();
  readonly attachmentsByDisk = new Map<string, DiskAttachment[]>();
  readonly nicsByVm = new Map<string, Nic[]>();
  readonly snapshotsByVm = new Map<string, Snapshot[]>();

  /**
   * Every status each VM and host has taken, in order, by id (what the engine's audit log would
   * tell): tests assert the sequence here instead of hoping a poll catches a state that lasts
   * milliseconds at a small timeScale.
   */
  readonly statusLog = new Map<string, string[]>();

  private trackStatus(row: { id: string; status: string }): void {
    let status = row.status;
    const log = [status];
    this.statusLog.set(row.id, log);
    Object.defineProperty(row, 'status', {
      enumerable: true,
      configurable: true,
      get: () => status,
      set: (next: string) => {
        if (next !== status) log.push(next);
        status = next;
      },
    });
  }

  // ---- adders (keep indexes in step) ----

  addDataCenter(dc: DataCenter): void { this.dataCenters.add(dc); }

  addCluster(c: Cluster): void {
    this.clusters.add(c);
    this.clustersByDc.add(c.dataCenterId, c.id);
  }

  addHost(h: Host): void {
    this.trackStatus(h);
    this.hosts.add(h);
    this.hostsByCluster.add(h.clusterId, h.id);
  }

  addStorageDomain(sd: StorageDomain): void { this.storageDomains.add(sd); }

  addNetwork(n: Network): void {
    this.networks.add(n);
    this.networksByDc.add(n.dataCenterId, n.id);
  }

  addVnicProfile(p: VnicProfile): void {
    this.vnicProfiles.add(p);
    this.profilesByNetwork.add(p.networkId, p.id);
  }

  addTemplate(t: Template): void {
    this.templates.add(t);
    this.templatesByCluster.add(t.clusterId, t.id);
  }

  removeTemplate(t: Template): void {
    this.templates.delete(t.id);
    this.templatesByCluster.remove(t.clusterId, t.id);
    for (const diskId of t.diskIds) {
      const disk = this.disks.get(diskId);
      if (disk) this.removeDisk(disk);
    }
    this.attachmentsByOwner.delete(t.id);
    this.removePermissionsOn(t.id);
  }

  addVm(vm: Vm): void {
    this.trackStatus(vm);
    this.vms.add(vm);
    this.vmsByCluster.add(vm.clusterId, vm.id);
    this.vmsByHost.add(vm.hostId, vm.id);
    this.vmNames.set(vm.name, vm.id);
  }

  removeVm(vm: Vm): void {
    for (const att of [...this.attachmentsOf(vm.id)]) {
      this.detachDisk(att);
      const disk = this.disks.get(att.diskId);
      if (disk && this.attachmentsOfDisk(disk.id).length === 0) this.removeDisk(disk);
    }
    for (const nic of this.nicsOf(vm.id)) this.nics.delete(nic.id);
    for (const s of this.snapshotsOf(vm.id)) this.snapshots.delete(s.id);
    this.nicsByVm.delete(vm.id);
    this.snapshotsByVm.delete(vm.id);
    this.vmsByCluster.remove(vm.clusterId, vm.id);
    this.vmsByHost.remove(vm.hostId, vm.id);
    this.vmNames.delete(vm.name);
    this.removePermissionsOn(vm.id);
    this.consoleTickets.delete(vm.id);
    this.vms.delete(vm.id);
  }

  renameVm(vm: Vm, name: string): void {
    this.vmNames.delete(vm.name);
    vm.name = name;
    this.vmNames.set(name, vm.id);
    this.vms.touch();
  }

  setVmHost(vm: Vm, hostId: string | null): void {
    if (vm.hostId === hostId) return;
    this.vmsByHost.remove(vm.hostId, vm.id);
    vm.hostId = hostId;
    this.vmsByHost.add(hostId, vm.id);
  }

  addDisk(d: Disk): void {
    this.disks.add(d);
    this.disksBySd.add(d.storageDomainId, d.id);
  }

  removeDisk(d: Disk): void {
    this.disks.delete(d.id);
    this.disksBySd.remove(d.storageDomainId, d.id);
    this.attachmentsByDisk.delete(d.id);
    this.removePermissionsOn(d.id);
  }

  attachDisk(att: DiskAttachment): void {
    push(this.attachmentsByOwner, att.ownerId, att);
    push(this.attachmentsByDisk, att.diskId, att);
  }

  detachDisk(att: DiskAttachment): void {
    pull(this.attachmentsByOwner, att.ownerId, att);
    pull(this.attachmentsByDisk, att.diskId, att);
  }

  addNic(nic: Nic): void {
    this.nics.set(nic.id, nic);
    push(this.nicsByVm, nic.vmId, nic);
  }

  removeNic(nic: Nic): void {
    this.nics.delete(nic.id);
    pull(this.nicsByVm, nic.vmId, nic);
  }

  addSnapshot(s: Snapshot): void {
    this.snapshots.set(s.id, s);
    push(this.snapshotsByVm, s.vmId, s);
  }

  removeSnapshot(s: Snapshot): void {
    this.snapshots.delete(s.id);
    pull(this.snapshotsByVm, s.vmId, s);
  }

  addPermission(p: Permission): void {
    this.permissions.set(p.id, p);
    this.permsByTarget.add(p.targetId ?? 'system', p.id);
    this.permsByPrincipal.add(p.principalId, p.id);
  }

  removePermission(p: Permission): void {
    this.permissions.delete(p.id);
    this.permsByTarget.remove(p.targetId ?? 'system', p.id);
    this.permsByPrincipal.remove(p.principalId, p.id);
  }

  private removePermissionsOn(targetId: string): void {
    for (const id of [...this.permsByTarget.get(targetId)]) {
      const p = this.permissions.get(id);
      if (p) this.removePermission(p);
    }
  }

  addJob(job: Job): void {
    this.jobs.set(job.id, job);
    if (job.correlationId) this.jobsByCorrelation.add(job.correlationId, job.id);
  }

  removeJob(job: Job): void {
    this.jobs.delete(job.id);
    if (job.correlationId) this.jobsByCorrelation.remove(job.correlationId, job.id);
  }

  // ---- lookups ----

  attachmentsOf(ownerId: string): readonly DiskAttachment[] { return this.attachmentsByOwner.get(ownerId) ?? []; }
  attachmentsOfDisk(diskId: string): readonly DiskAttachment[] { return this.attachmentsByDisk.get(diskId) ?? []; }
  nicsOf(vmId: string): readonly Nic[] { return this.nicsByVm.get(vmId) ?? []; }
  snapshotsOf(vmId: string): readonly Snapshot[] { return this.snapshotsByVm.get(vmId) ?? []; }

  permissionsOn(targetId: string | null): Permission[] {
    return [...this.permsByTarget.get(targetId ?? 'system')].map((id) => this.permissions.get(id)!);
  }

  permissionsOf(principalId: string): Permission[] {
    return [...this.permsByPrincipal.get(principalId)].map((id) => this.permissions.get(id)!);
  }

  /** The VM a disk is attached to (first attachment), if any. */
  vmOfDisk(diskId: string): Vm | undefined {
    for (const att of this.attachmentsOfDisk(diskId)) {
      if (att.ownerKind === 'vm') return this.vms.get(att.ownerId);
    }
    return undefined;
  }

  clusterDataCenter(clusterId: string | null | undefined): DataCenter | undefined {
    const c = clusterId ? this.clusters.get(clusterId) : undefined;
    return c ? this.dataCenters.get(c.dataCenterId) : undefined;
  }

  findByName<T extends { id: string; name: string }>(table: Table<T>, name: string): T | undefined {
    for (const row of table.values()) if (row.name === name) return row;
    return undefined;
  }

  /** The ISO domain files of every ISO domain, for CD-ROM lookups. */
  isoFile(fileId: string): { sd: StorageDomain; file: IsoFile } | undefined {
    for (const [sdId, files] of this.isoFiles) {
      const file = files.find((f) => f.id === fileId);
      if (file) return { sd: this.storageDomains.get(sdId)!, file };
    }
    return undefined;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pull<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}
