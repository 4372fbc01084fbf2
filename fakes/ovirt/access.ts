/**
 * Who may see and touch what. Admins (SuperUser on the system) see everything. A self-service
 * user sending `Filter: true` sees only objects they hold a permission on (directly, or through the
 * Everyone group), plus what follows from those: the disks and events of their VMs, the cluster
 * and data center those VMs run in, their own jobs.
 */
import type {
  Cluster, DataCenter, Disk, EngineEvent, Host, ImageTransfer, Job, Network, Permission, StorageDomain, Template, User, Vm, VnicProfile,
} from './model';
import { EVERYONE_GROUP_ID } from './seed';
import type { Store } from './store';

export class Access {
  readonly admin: boolean;
  private direct: Set<string> | null = null;
  private visibleClusters: Set<string> | null = null;

  constructor(private readonly store: Store, readonly user: User) {
    this.admin = user.admin;
  }

  /** Object ids the user holds a permission on (own or Everyone's). */
  private targets(): Set<string> {
    if (!this.direct) {
      this.direct = new Set();
      for (const principal of [this.user.id, EVERYONE_GROUP_ID]) {
        for (const p of this.store.permissionsOf(principal)) if (p.targetId) this.direct.add(p.targetId);
      }
    }
    return this.direct;
  }

  hasPermissionOn(id: string): boolean {
    return this.admin || this.targets().has(id);
  }

  vm(vm: Vm): boolean {
    return this.admin || this.targets().has(vm.id);
  }

  template(t: Template): boolean {
    return this.admin || this.targets().has(t.id);
  }

  cluster(c: Cluster): boolean {
    if (this.admin) return true;
    if (!this.visibleClusters) {
      this.visibleClusters = new Set();
      const t = this.targets();
      for (const cl of this.store.clusters.values()) {
        if (t.has(cl.id) || t.has(cl.dataCenterId)) this.visibleClusters.add(cl.id);
      }
      for (const id of t) {
        const vm = this.store.vms.get(id);
        if (vm) this.visibleClusters.add(vm.clusterId);
      }
    }
    return this.visibleClusters.has(c.id);
  }

  dataCenter(dc: DataCenter): boolean {
    if (this.admin || this.targets().has(dc.id)) return true;
    for (const cid of this.store.clustersByDc.get(dc.id)) if (this.cluster(this.store.clusters.get(cid)!)) return true;
    return false;
  }

  host(h: Host): boolean {
    return this.admin || this.targets().has(h.id);
  }

  storageDomain(sd: StorageDomain): boolean {
    return this.admin || this.targets().has(sd.id);
  }

  disk(d: Disk): boolean {
    if (this.admin || this.targets().has(d.id)) return true;
    for (const att of this.store.attachmentsOfDisk(d.id)) {
      if (att.ownerKind === 'vm' && this.targets().has(att.ownerId)) return true;
    }
    return false;
  }

  vnicProfile(p: VnicProfile): boolean {
    return this.admin || this.targets().has(p.id);
  }

  network(n: Network): boolean {
    if (this.admin || this.targets().has(n.id)) return true;
    for (const pid of this.store.profilesByNetwork.get(n.id)) if (this.targets().has(pid)) return true;
    return false;
  }

  event(e: EngineEvent): boolean {
    if (this.admin) return true;
    if (e.userId === this.user.id) return true;
    return !!e.vmId && this.targets().has(e.vmId);
  }

  job(j: Job): boolean {
    return this.admin || j.ownerId === this.user.id;
  }

  transfer(t: ImageTransfer): boolean {
    return this.admin || t.ownerId === this.user.id;
  }

  permission(p: Permission): boolean {
    return this.admin || p.principalId === this.user.id;
  }

  userEntity(u: User): boolean {
    return this.admin || u.id === this.user.id;
  }
}
